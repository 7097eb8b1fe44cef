"""Decide what to do with a teacher's message: answer, suggest, start a request, redirect, chat or say "not sure".

The candidates are the entries the word matcher and the entry model rank highest; the judge gives each the
probability that its answer is right. The order of preference when unsure: a right answer, then a suggestion,
never a wrong answer (pure).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bot.knowledge import groups, matcher
from bot.knowledge.model import Model, features, top
from bot.knowledge.text import normalize

REQUESTS = ("repair", "consult", "borrow", "access", "vconf")
JUDGE_FEATURES = ("lexical", "lexical_rank", "lexical_top", "lexical_lead", "model", "model_rank", "model_best_other",
                  "agree", "known", "topical", "words", "p_answer", "p_out", "p_other", "p_chat", "p_request",
                  "letters", "link_fits", "link_missing", "number_fits", "number_missing", "why_fits",
                  "system_fits", "system_missing", "system_other", "what_fits", "how_fits", "covered",
                  "lexical_over_other")
# What a question asks for, and what in an answer gives it: "ลิ้งค์ B-OBEC" wants an address, "กี่วัน" a number.
ASKS = {"link": re.compile(r"ลิ[ง้]ค์|ลิ[ง้]ก์|ลิ้ง|ลิง|เว็บ|url|website|เข้าทางไหน|เข้าที่ไหน|เข้าตรงไหน|ที่อยู่"),
        "number": re.compile(r"กี่|เท่าไ"), "why": re.compile(r"ทำไม|เพราะอะไร|เหตุใด")}
GIVES = {"link": re.compile(r"https?://|www\.|\.info|\.go\.th|\.ac\.th|\.or\.th|\.com"),
         "number": re.compile(r"\d|\{[a-z0-9-]+\.(window|opens|closes|as_of)\}"),
         "why": re.compile(r"เพราะ|เพื่อ|เนื่องจาก|ใช้|จึง|ทำให้")}
# The systems a text names (folded by normalize): a B-OBEC question answered from a DMC entry is wrong.
SYSTEM_NAMES = re.compile(r"dmc|emis|bobec|mobec|dltv|dlit")
# What kind of answer a question wants, read from the message and from the entry's own question alike.
KINDS_OF_QUESTION = {"what": re.compile(r"คืออะไร|คือไร|หมายถึง|ย่อมาจาก|อะไรคือ|คืออัน|แปลว่า"),
                     "how": re.compile(r"ยังไง|อย่างไร|วิธี|ขั้นตอน|ทำไง|ทำยังไง|ต้องทำอะไร")}
CANDIDATES = 2  # from each ranking
SECOND_GUESS = 0.5  # share of the suggestion threshold a further suggestion beside the best one must reach


@dataclass(frozen=True)
class Evidence:
    """What the router, the word matcher and the entry model said about a message."""

    text: str  # the message, folded (bot.knowledge.text.normalize)
    kinds: Mapping[str, float]
    ranked: list[tuple[float, int]]  # word-matcher scores and entry numbers, best first
    question: matcher.Question
    by_model: Mapping[str, float]  # entry id → the entry model's probability


@dataclass(frozen=True)
class Decision:
    """What to do, and why (for `bot faq ask --explain`)."""

    action: str  # answer | suggest | request | other | chat | refuse
    entry: str | None = None  # the entry to answer with
    request: str | None = None  # the kind of request to start
    suggestions: tuple[str, ...] = ()
    confidence: float = 0.0  # the judge's probability that the best candidate's answer is right
    kinds: Mapping[str, float] = field(default_factory=dict)  # the router's probabilities
    judged: tuple[tuple[str, float], ...] = ()  # candidates and the judge's probability, best first


def calendar_may_answer(decision: Decision) -> bool:
    """Say whether the calendar may answer a message that reads like a question about dates: not a request
    ("ยืนยันรอบ 10 พ.ย. ไม่ทันเพราะไฟดับ ขอให้เขตช่วย") nor what the router hears as another group's work
    ("เกณฑ์รับนักเรียนปีการศึกษาหน้า"); another group's word alone does not stop it ("ครูคนเก่าย้ายไปแล้ว dmc
    ยังทันไหม")."""
    if decision.action == "request":
        return False
    return decision.action != "other" or top(decision.kinds)[0] != "other"


def evidence(index: matcher.Index, model: Model, text: str) -> Evidence:
    """Read a message with the router, the word matcher and the entry model."""
    found = features(text)
    ranked, question = matcher.score_entries(index, text)
    by_model = {k: p for k, p in model.entries.probabilities_of(found).items() if k in index.position}
    return Evidence(normalize(text), model.router.probabilities_of(found), ranked, question, by_model)


@lru_cache(maxsize=16384)
def grams(text: str) -> frozenset[str]:
    """Return a text's three-letter sequences (spaces ignored); an entry's phrasings are asked again and again."""
    squashed = "".join(normalize(text).split())
    return frozenset(squashed[i:i + 3] for i in range(len(squashed) - 2))


def letters(text: str, phrasings: Sequence[str]) -> float:
    """Return how much of the closest phrasing's letter sequences the message shares (typos and missing spaces
    hurt words, not letters)."""
    mine = grams(text)
    if not mine:
        return 0.0
    return max((len(mine & theirs) / len(mine | theirs) for theirs in map(grams, phrasings)), default=0.0)


def candidates(index: matcher.Index, ev: Evidence) -> list[str]:
    """Return the entries worth judging: the word matcher's best and the entry model's best."""
    lexical = [index.entries[n].id for _, n in ev.ranked[:CANDIDATES]]
    learned = sorted(ev.by_model, key=ev.by_model.__getitem__, reverse=True)[:CANDIDATES]
    return list(dict.fromkeys([*lexical, *learned]))


@lru_cache(maxsize=4096)
def named_systems(text: str) -> frozenset[str]:
    """Return the systems a text names (DMC, EMIS, B-OBEC, M-OBEC, DLTV, DLIT, in any spelling)."""
    return frozenset(SYSTEM_NAMES.findall(normalize(text)))


def _fit(question_text: str, entry: matcher.Entry) -> dict[str, float]:
    asked = named_systems(question_text)
    mentioned = named_systems(f"{entry.question} {entry.answer}")
    own = named_systems(entry.question)
    share = len(asked & mentioned) / len(asked) if asked else 0.0
    kinds = {k: bool(rx.search(question_text)) and bool(rx.search(entry.question))
             for k, rx in KINDS_OF_QUESTION.items()}
    return {"system_fits": share, "system_missing": float(bool(asked) and not asked & mentioned),
            "system_other": float(bool(asked) and bool(own - asked)),
            "what_fits": float(kinds["what"]), "how_fits": float(kinds["how"])}


def covered(index: matcher.Index, words: Sequence[str], number: int) -> float:
    """Return the share of the question's topical weight whose words the entry uses anywhere (answer included)."""
    weights = [index.topical.get(word, 0.0) for word in words]
    total = sum(weights)
    asked, answered = index.asked[number], index.answered[number]
    return (sum(w for word, w in zip(words, weights, strict=True) if word in asked or word in answered) / total
            if total else 0.0)


def candidate_features(index: matcher.Index, ev: Evidence, entry_id: str) -> dict[str, float]:
    """Describe how well one candidate fits, for the judge."""
    lexical = {index.entries[n].id: (rank, score) for rank, (score, n) in enumerate(ev.ranked)}
    rank, score = lexical.get(entry_id, (len(ev.ranked), 0.0))
    best_other = max((s for s, n in ev.ranked if index.entries[n].id != entry_id), default=0.0)
    best = ev.ranked[0][0] if ev.ranked else 0.0
    second = ev.ranked[1][0] if len(ev.ranked) > 1 else 0.0
    learned = sorted(ev.by_model.values(), reverse=True)
    mine = ev.by_model.get(entry_id, 0.0)
    others = [p for k, p in ev.by_model.items() if k != entry_id]
    top_learned = max(ev.by_model, key=ev.by_model.__getitem__) if ev.by_model else None
    top_lexical = index.entries[ev.ranked[0][1]].id if ev.ranked else None
    entry = index.entries[index.position[entry_id]]
    asks = {kind: bool(rx.search(ev.text)) for kind, rx in ASKS.items()}
    gives = {kind: bool(rx.search(entry.answer)) for kind, rx in GIVES.items()}
    return {
        "letters": letters(ev.text, (entry.question, *entry.phrasings)),
        "link_fits": float(asks["link"] and gives["link"]), "link_missing": float(asks["link"] and not gives["link"]),
        "number_fits": float(asks["number"] and gives["number"]),
        "number_missing": float(asks["number"] and not gives["number"]),
        "why_fits": float(asks["why"] and gives["why"]),
        "lexical": score / 100, "lexical_rank": 1 / (rank + 1), "lexical_top": best / 100,
        "lexical_lead": (best - second) / 100, "model": mine,
        "model_rank": 1 / (learned.index(mine) + 1) if mine in learned else 0.0,
        "model_best_other": max(others, default=0.0), "agree": float(entry_id == top_learned == top_lexical),
        "known": ev.question.known_share, "topical": min(ev.question.topical, 20.0) / 20,
        "words": min(len(ev.question.words), 10) / 10, "p_answer": ev.kinds.get("answer", 0.0),
        "p_out": ev.kinds.get("out", 0.0), "p_other": ev.kinds.get("other", 0.0), "p_chat": ev.kinds.get("chat", 0.0),
        "p_request": sum(ev.kinds.get(k, 0.0) for k in REQUESTS), **_fit(ev.text, entry),
        "covered": covered(index, ev.question.words, index.position[entry_id]),
        "lexical_over_other": (score - best_other) / 100,
    }


def judge(index: matcher.Index, model: Model, ev: Evidence) -> list[tuple[str, float]]:
    """Return the candidates with the judge's probability that each one's answer is right, best first."""
    judged = [(entry_id, model.judge.probability(candidate_features(index, ev, entry_id)))
              for entry_id in candidates(index, ev)]
    return sorted(judged, key=lambda item: -item[1])


def decide(index: matcher.Index, model: Model, text: str) -> Decision:
    """Decide what to do with a message, given the knowledge base and the learned model."""
    taught = matcher.exactly(index, text)
    if taught is not None:  # asked word for word as an entry's phrasing: staff taught the bot this answer
        return Decision("answer", entry=taught.id, confidence=1.0)
    ev = evidence(index, model, text)
    return settle(ev, judge(index, model, ev), model.thresholds)


def settle(ev: Evidence, judged: Sequence[tuple[str, float]], thresholds: Mapping[str, float]) -> Decision:
    """Choose by the thresholds; when nothing here answers but the words name another group's work (leave,
    salary, O-NET …), say it is theirs."""
    decision = choose(ev.kinds, judged, thresholds, everyday(ev))
    if decision.action == "refuse" and groups.which(ev.text) is not None:
        return replace(decision, action="other")
    return decision


def everyday(ev: Evidence) -> bool:
    """Say whether a message is made of everyday Thai only ("ยังเข้าไม่ได้ค่ะ"): about something said earlier."""
    return ev.question.topical < matcher.MIN_TOPICAL


def choose(kinds: Mapping[str, float], judged: Sequence[tuple[str, float]], t: Mapping[str, float],
           plain: bool = False, limit: int = 3) -> Decision:
    """Apply the thresholds to the router's probabilities and the judged candidates (`plain`: everyday words
    only, so no entry is offered)."""
    judged = () if plain else judged
    confidence = judged[0][1] if judged else 0.0
    kind, p = top(kinds)
    common = {"confidence": round(confidence, 3), "kinds": kinds,
              "judged": tuple((e, round(q, 3)) for e, q in judged)}
    if kind in REQUESTS and p >= t["request"]:
        return Decision("request", request=kind, **common)
    if kind == "other" and p >= t["other"]:
        return Decision("other", **common)
    if confidence >= t["answer"]:  # before small talk: a one-word question ("รหัสผ่าน") looks like chat
        return Decision("answer", entry=judged[0][0], **common)
    if kind == "chat" and p >= t["chat"]:
        return Decision("chat", **common)
    if kind == "out" and p >= t["out"]:
        return Decision("refuse", **common)
    if confidence >= t["suggest"]:  # the best guess clears the bar; one beside it costs the teacher only a glance
        suggestions = (judged[0][0], *(entry for entry, q in judged[1:limit] if q >= t["suggest"] * SECOND_GUESS))
        return Decision("suggest", suggestions=suggestions, **common)
    return Decision("refuse", **common)
