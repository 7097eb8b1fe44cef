"""Match a teacher's question to knowledge-base entries: an index built once, rapidfuzz over a shortlist."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge.text import tokens

# Answer when the best entry scores at least CONFIDENT and leads by MARGIN, or scores at least CLEAR_WINNER
# and leads by CLEAR_MARGIN, and the base knows at least KNOWN_SHARE of the question's weight. Set on the two
# tuning file tests/data/faq_eval.tsv, never on the held-out ones.
CONFIDENT = 55.0
MARGIN = 4.0
CLEAR_WINNER = 45.0
CLEAR_MARGIN = 10.0
KNOWN_SHARE = 0.6
UNKNOWN_DILUTION = 0.5
SUGGEST = 35.0  # at or above: offer as a suggestion
# How an entry's score is made: fuzzy similarity of the word lists, the share of the question's weight the
# entry covers, and the share of the phrasing's weight the question contains.
W_FUZZY, W_QUESTION, W_PHRASING = 0.4, 0.4, 0.2
TYPO_MIN_LENGTH = 4  # shorter unknown words are too often real words to "correct"
TYPO_SIMILARITY = 80.0
SHORTLIST = 40  # entries scored with rapidfuzz, chosen by the weight of the words they share with the question


@dataclass(frozen=True)
class Entry:
    """One knowledge-base entry."""

    id: str
    category: str
    question: str
    answer: str
    phrasings: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """What the matcher decided: an answer, suggestions, or nothing."""

    matched: bool
    entry: str | None
    score: float
    suggestions: tuple[str, ...] = ()


@dataclass
class Index:
    """Precomputed word lists of every phrasing, an inverted index for shortlisting, and word weights."""

    entries: tuple[Entry, ...]
    by_entry: list[list[tuple[str, frozenset[str]]]] = field(default_factory=list)  # each entry's phrasings
    vocabulary: list[str] = field(default_factory=list)  # every word the entries use, for correcting typos
    keywords: list[frozenset[str]] = field(default_factory=list)
    by_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    idf: dict[str, float] = field(default_factory=dict)


def build(entries: Iterable[Entry]) -> Index:
    """Index entries once; matching then never segments the knowledge base again."""
    index = Index(tuple(entries))
    document_frequency: dict[str, int] = defaultdict(int)
    for number, entry in enumerate(index.entries):
        seen: set[str] = set()
        index.by_entry.append([])
        for phrasing in (entry.question, *entry.phrasings):
            words = tokens(phrasing)
            index.by_entry[number].append((" ".join(words), frozenset(words)))
            seen.update(words)
        keywords = frozenset(word for keyword in entry.keywords for word in tokens(keyword))
        index.keywords.append(keywords)
        seen.update(keywords)
        for word in seen:
            index.by_word[word].add(number)
            document_frequency[word] += 1
    total = max(len(index.entries), 1)
    index.idf = {word: math.log(1 + total / count) for word, count in document_frequency.items()}
    index.vocabulary = sorted(index.idf)
    return index


def _weight(index: Index, word: str) -> float:
    # a word no entry uses weighs as much as the rarest word: it may be what the question is really about
    return index.idf.get(word, math.log(1 + max(len(index.entries), 1)))


def question_words(index: Index, text: str) -> tuple[list[str], float]:
    """Return the question's words the knowledge base knows (typos corrected) and the share of weight they carry."""
    known: list[str] = []
    total = found = 0.0
    for word in tokens(text):
        if word not in index.idf and len(word) >= TYPO_MIN_LENGTH:
            near = process.extractOne(word, index.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
            if near is not None:
                word = near[0]
        weight = _weight(index, word)
        total += weight
        if word in index.idf:
            known.append(word)
            found += weight
    return known, (found / total if total else 0.0)


def score_entries(index: Index, text: str) -> tuple[list[tuple[float, int]], float]:
    """Score the shortlisted entries for a question, best first, and say how much of it the base knows."""
    query, known_share = question_words(index, text)
    if not query:
        return [], known_share
    shared: dict[int, float] = defaultdict(float)
    for word in set(query):
        for number in index.by_word.get(word, ()):
            shared[number] += index.idf[word]
    shortlist = sorted(shared, key=shared.__getitem__, reverse=True)[:SHORTLIST]
    joined = " ".join(query)
    known_weight = sum(index.idf[word] for word in query)
    # words the base does not know dilute the coverage a little: an off-topic question shares only a word or two
    query_weight = known_weight + UNKNOWN_DILUTION * known_weight * (1 - known_share) / max(known_share, 1e-9)
    query_set = set(query)
    best: dict[int, float] = {}
    for number in shortlist:
        keywords = index.keywords[number]
        for words, word_set in index.by_entry[number]:
            fuzzy = 0.5 * fuzz.token_set_ratio(joined, words) + 0.5 * fuzz.token_sort_ratio(joined, words)
            # token_set_ratio alone says 100 when the question is one shared word ("DMC"): weigh coverage too
            covered = sum(index.idf[word] for word in query if word in word_set or word in keywords)
            phrasing_weight = sum(index.idf.get(word, 0.0) for word in word_set) or 1.0
            contained = sum(index.idf.get(word, 0.0) for word in word_set & query_set)
            value = (W_FUZZY * fuzzy + W_QUESTION * 100.0 * covered / query_weight
                     + W_PHRASING * 100.0 * contained / phrasing_weight)
            if value > best.get(number, 0.0):
                best[number] = value
    return sorted(((value, number) for number, value in best.items()), reverse=True), known_share


def match(index: Index, text: str, limit: int = 3) -> Result:
    """Answer when one entry is clearly best, suggest up to `limit` when unsure, else say nothing matched."""
    ranked, known_share = score_entries(index, text)
    if not ranked:
        return Result(False, None, 0.0)
    top, number = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    lead = top - runner_up
    in_domain = known_share >= KNOWN_SHARE
    if in_domain and ((top >= CONFIDENT and lead >= MARGIN) or (top >= CLEAR_WINNER and lead >= CLEAR_MARGIN)):
        return Result(True, index.entries[number].id, round(top, 1))
    suggestions = tuple(index.entries[n].id for value, n in ranked[:limit] if value >= SUGGEST and in_domain)
    return Result(False, None, round(top, 1), suggestions)
