"""Match a teacher's question to knowledge-base entries: an index built once, rapidfuzz over a shortlist."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge.text import commonness, is_word, tokens

# The word matcher ranks entries; whether to answer is decided by the learned judge (bot/knowledge/decide.py).
UNKNOWN_DILUTION = 0.5
MIN_TOPICAL = 0.5  # the weight of a question's words that are not everyday Thai, below which nothing is answered
# How an entry's score is made: fuzzy similarity to its closest phrasing, the share of the question's weight
# the entry's phrasings and keywords cover (words only its answer uses count W_ANSWER as much: teachers often
# describe what the answer talks about), and the share of that phrasing's weight the question contains.
W_FUZZY, W_QUESTION, W_PHRASING = 0.4, 0.4, 0.2
W_ANSWER = 0.7
TYPO_MIN_LENGTH = 4  # shorter unknown words are too often real words to "correct"
TYPO_SIMILARITY = 80.0
_PLACEHOLDER = re.compile(r"\{[^}]*\}")  # calendar fields in answers ({dmc-1.window}) are not words
COMMON_POSTINGS = 500  # entries a word may appear in before it stops bringing new entries to the shortlist
SHORTLIST = 15  # entries scored with rapidfuzz, chosen by the weight of the words they share with the question


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


@dataclass
class Index:
    """Precomputed word lists of every phrasing, an inverted index for shortlisting, and word weights."""

    entries: tuple[Entry, ...]
    by_entry: list[list[tuple[str, frozenset[str], float]]] = field(default_factory=list)  # phrasings, weights
    # for each entry: word → the positions of its phrasings that use it (to weigh overlaps without set work)
    containing: list[dict[str, list[int]]] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)  # every word the entries use, for correcting typos
    asked: list[frozenset[str]] = field(default_factory=list)  # each entry's phrasing and keyword words
    answered: list[frozenset[str]] = field(default_factory=list)  # the words only its answer uses
    by_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    idf: dict[str, float] = field(default_factory=dict)
    topical: dict[str, float] = field(default_factory=dict)  # idf discounted by how everyday the word is
    exact: dict[str, int] = field(default_factory=dict)  # a phrasing's words → its entry (staff taught it so)
    position: dict[str, int] = field(default_factory=dict)  # entry id → its number


def texts_of(entry: Entry) -> list[str]:
    """Return every text of an entry the index segments: question, phrasings, keywords, answer."""
    return [entry.question, *entry.phrasings, *entry.keywords, _PLACEHOLDER.sub(" ", entry.answer)]


def build(entries: Iterable[Entry]) -> Index:
    """Index entries once; matching then never segments the knowledge base again."""
    index = Index(tuple(entries))
    index.position = {entry.id: number for number, entry in enumerate(index.entries)}
    document_frequency: dict[str, int] = defaultdict(int)
    for number, entry in enumerate(index.entries):
        seen: set[str] = set()
        index.by_entry.append([])
        for phrasing in (entry.question, *entry.phrasings):
            words = tokens(phrasing)
            index.by_entry[number].append((" ".join(words), frozenset(words), 0.0))
            index.exact.setdefault(" ".join(words), number)
            seen.update(words)
        seen.update(word for keyword in entry.keywords for word in tokens(keyword))
        index.asked.append(frozenset(seen))
        index.answered.append(frozenset(tokens(_PLACEHOLDER.sub(" ", entry.answer))) - seen)
        seen.update(index.answered[number])
        for word in seen:
            index.by_word[word].add(number)
            document_frequency[word] += 1
    total = max(len(index.entries), 1)
    index.idf = {word: math.log(1 + total / count) for word, count in document_frequency.items()}
    index.vocabulary = sorted(index.idf)
    index.by_entry = [[(words, word_set, sum(index.idf[word] for word in word_set) or 1.0)
                       for words, word_set, _ in phrasings] for phrasings in index.by_entry]
    for phrasings in index.by_entry:
        containing: dict[str, list[int]] = defaultdict(list)
        for position, (_, word_set, _) in enumerate(phrasings):
            for word in word_set:
                containing[word].append(position)
        index.containing.append(dict(containing))
    index.topical = {word: idf * (1 - commonness(word)) for word, idf in index.idf.items()}
    return index


def _weight(index: Index, word: str) -> float:
    # a word no entry uses weighs as much as the rarest word: it may be what the question is really about
    return index.idf.get(word, math.log(1 + max(len(index.entries), 1)))


@dataclass(frozen=True)
class Question:
    """A question's words the knowledge base knows (typos corrected), and how much they say."""

    words: list[str]
    known_share: float  # of the question's weight
    topical: float  # the weight of its known words that are not everyday Thai


def question_words(index: Index, text: str) -> Question:
    """Read a question: its known words (typos corrected), their share of its weight, and their topical weight."""
    known: list[str] = []
    total = found = 0.0
    for word in tokens(text):
        if word not in index.idf and len(word) >= TYPO_MIN_LENGTH and not is_word(word):
            near = process.extractOne(word, index.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
            if near is not None:
                word = near[0]
        weight = _weight(index, word)
        total += weight
        if word in index.idf:
            known.append(word)
            found += weight
    topical = sum(index.topical[word] for word in set(known))
    return Question(known, found / total if total else 0.0, topical)


def score_entries(index: Index, text: str) -> tuple[list[tuple[float, int]], Question]:
    """Score the shortlisted entries for a question, best first, and say how much of it the base knows."""
    question = question_words(index, text)
    query, known_share = question.words, question.known_share
    if not query:
        return [], question
    shared: dict[int, float] = defaultdict(float)
    for word in sorted(set(query), key=lambda word: (-index.idf[word], word)):
        postings = index.by_word.get(word, ())
        if len(postings) > COMMON_POSTINGS and shared:
            # a word thousands of entries share picks no one out: it only adds to the entries already found
            for number in shared.keys() & postings:
                shared[number] += index.idf[word]
            continue
        for number in postings:
            shared[number] += index.idf[word]
    # ties broken by entry number: set order changes from one process to the next, answers must not
    shortlist = sorted(shared, key=lambda number: (-shared[number], number))[:SHORTLIST]
    joined = " ".join(query)
    known_weight = sum(index.idf[word] for word in query)
    # words the base does not know dilute the coverage a little: an off-topic question shares only a word or two
    query_weight = known_weight + UNKNOWN_DILUTION * known_weight * (1 - known_share) / max(known_share, 1e-9)
    query_set = set(query)
    best: dict[int, float] = {}
    for number in shortlist:
        asked, answered = index.asked[number], index.answered[number]
        covered = sum(index.idf[word] * (1.0 if word in asked else W_ANSWER if word in answered else 0.0)
                      for word in query)
        phrasings = index.by_entry[number]
        shared_weight = [0.0] * len(phrasings)
        for word in query_set:
            for position in index.containing[number].get(word, ()):
                shared_weight[position] += index.idf[word]
        contained = sorted(((W_PHRASING * 100.0 * weight / phrasings[position][2], position)
                            for position, weight in enumerate(shared_weight)), reverse=True)
        closest = 0.0
        for share, position in contained:
            if share + W_FUZZY * 100.0 <= closest:
                break  # no phrasing left can beat the closest even if fuzzy were perfect: spare the fuzzy calls
            words = phrasings[position][0]
            # token_set_ratio alone says 100 when the question is one shared word ("DMC"): coverage weighs in too
            fuzzy = 0.5 * fuzz.token_set_ratio(joined, words) + 0.5 * fuzz.token_sort_ratio(joined, words)
            closest = max(closest, W_FUZZY * fuzzy + share)
        best[number] = closest + W_QUESTION * 100.0 * covered / query_weight
    return sorted(((value, number) for number, value in best.items()), reverse=True), question


def exactly(index: Index, text: str) -> Entry | None:
    """Return the entry one of whose phrasings the question is, word for word (as staff taught it), or None."""
    words = tokens(text)
    number = index.exact.get(" ".join(words)) if words else None
    return None if number is None else index.entries[number]
