"""Match a teacher's question to knowledge-base entries: an index built once, rapidfuzz over a shortlist."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.knowledge.text import tokens

# Answer when the best entry scores at least CONFIDENT and leads by MARGIN, or scores at least CLEAR_WINNER
# and leads by CLEAR_MARGIN. Set on tests/data/faq_eval.tsv: off-topic questions stayed below 54.
CONFIDENT = 75.0
MARGIN = 4.0
CLEAR_WINNER = 58.0
CLEAR_MARGIN = 6.0
SUGGEST = 55.0  # at or above: offer as a suggestion
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
    all_phrasings: list[str] = field(default_factory=list)  # every phrasing's words, for the typo fallback
    phrasing_owner: list[int] = field(default_factory=list)
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
            index.all_phrasings.append(" ".join(words))
            index.phrasing_owner.append(number)
            seen.update(words)
        keywords = frozenset(word for keyword in entry.keywords for word in tokens(keyword))
        index.keywords.append(keywords)
        seen.update(keywords)
        for word in seen:
            index.by_word[word].add(number)
            document_frequency[word] += 1
    total = max(len(index.entries), 1)
    index.idf = {word: math.log(1 + total / count) for word, count in document_frequency.items()}
    return index


def _coverage(index: Index, query: Sequence[str], words: frozenset[str]) -> float:
    """Share of the question's weight (rare words count more) that an entry's words cover."""
    weights = [index.idf.get(word, math.log(1 + len(index.entries))) for word in query]
    covered = sum(weight for word, weight in zip(query, weights, strict=True) if word in words)
    return 100.0 * covered / sum(weights) if weights else 0.0


def score_entries(index: Index, text: str) -> list[tuple[float, int]]:
    """Score the shortlisted entries for a question, best first."""
    query = tokens(text)
    if not query:
        return []
    shared: dict[int, float] = defaultdict(float)
    for word in set(query):
        weight = index.idf.get(word, 0.0)
        for number in index.by_word.get(word, ()):
            shared[number] += weight
    if shared:
        shortlist = set(sorted(shared, key=shared.__getitem__, reverse=True)[:SHORTLIST])
    else:  # no word in common (a typo, a new word): let rapidfuzz's C loop find near spellings
        near = process.extract(" ".join(query), index.all_phrasings, scorer=fuzz.ratio, limit=SHORTLIST,
                               score_cutoff=SUGGEST)
        shortlist = {index.phrasing_owner[position] for _, _, position in near}
    joined = " ".join(query)
    best: dict[int, float] = {}
    for number in shortlist:
        for words, word_set in index.by_entry[number]:
            fuzzy = 0.5 * fuzz.token_set_ratio(joined, words) + 0.5 * fuzz.token_sort_ratio(joined, words)
            # token_set_ratio alone says 100 when the question is one shared word ("DMC"): weigh coverage too
            value = 0.6 * fuzzy + 0.4 * _coverage(index, query, word_set | index.keywords[number])
            if value > best.get(number, 0.0):
                best[number] = value
    return sorted(((value, number) for number, value in best.items()), reverse=True)


def match(index: Index, text: str, limit: int = 3) -> Result:
    """Answer when one entry is clearly best, suggest up to `limit` when unsure, else say nothing matched."""
    ranked = score_entries(index, text)
    if not ranked:
        return Result(False, None, 0.0)
    top, number = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    lead = top - runner_up
    if (top >= CONFIDENT and lead >= MARGIN) or (top >= CLEAR_WINNER and lead >= CLEAR_MARGIN):
        return Result(True, index.entries[number].id, round(top, 1))
    suggestions = tuple(index.entries[n].id for value, n in ranked[:limit] if value >= SUGGEST)
    return Result(False, None, round(top, 1), suggestions)
