"""Find a school from what a teacher typed: its code, its name, a short form or a typo (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.thai import answer_text, normalize

# Prefixes people put before a school name; stripped before comparing.
PREFIXES = ("โรงเรียน", "ร.ร.", "รร.", "รร", "ร.ร")
CONFIDENT = 88.0
MARGIN = 6.0
CANDIDATE = 70.0


@dataclass(frozen=True)
class SchoolRef:
    code: str
    name: str
    district: str = ""


@dataclass(frozen=True)
class Match:
    """The school found, or the few close ones to ask about."""

    school: SchoolRef | None
    candidates: tuple[SchoolRef, ...] = ()


def name_key(text: str) -> str:
    """Reduce a school name to what distinguishes it: no prefix, no spaces or dots, Arabic digits."""
    value = normalize(answer_text(text))  # "โรงเรียนบ้านหนองบัวครับ"
    for prefix in PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix):]
            break
    return re.sub(r"[\s.\-()]", "", value)


def find(text: str, schools: Sequence[SchoolRef], limit: int = 3) -> Match:
    """Match typed text to a school: an exact code wins, then a clearly best name; else up to `limit` choices."""
    typed = normalize(text)
    digits = re.sub(r"\D", "", typed)
    if digits:
        by_code = [s for s in schools if s.code == digits or (s.code.endswith(digits) and len(digits) >= 6)]
        if len(by_code) == 1:
            return Match(by_code[0])
    key = name_key(text)
    if not key:
        return Match(None)
    if key.endswith("ฯ"):  # ไปยาลน้อย marks a shortened name: "อนุบาลวารินฯ" = starts with "อนุบาลวาริน"
        key = key.rstrip("ฯ")
        exact = [s for s in schools if name_key(s.name).startswith(key)] if key else []
    else:
        exact = [s for s in schools if name_key(s.name) == key]
    if len(exact) == 1:
        return Match(exact[0])
    keys = {i: name_key(s.name) for i, s in enumerate(schools)}
    # Part of one name ("อนุบาลวาริน"), or one whole name with more around it ("บ้านโนนสูง อ.วารินชำราบ"); both at
    # once ("บ้านหนองบัวแ": part of หนองบัวแดง, holding หนองบัว) is for the teacher to say.
    part_of = [i for i, k in keys.items() if len(key) >= 4 and key in k]
    words = {name_key(word) for word in re.split(r"[\s()]+", normalize(answer_text(text))) if word}
    holds = {i: len(k) for i, k in keys.items() if len(k) >= 4 and k in words}  # a whole word: "บ้านหนองบัวขาว" is not
    longest = [i for i, size in holds.items() if size == max(holds.values())] if holds else []
    extends_another = any(key.startswith(k) for i, k in keys.items() if len(k) >= 4 and i not in part_of)
    if len(part_of) == 1 and not holds and not extends_another:
        return Match(schools[part_of[0]])
    if len(longest) == 1 and not part_of:
        return Match(schools[longest[0]])
    scored = process.extract(key, keys, scorer=fuzz.ratio, limit=max(limit, 2), score_cutoff=CANDIDATE)
    if not scored:
        return Match(None)
    best, best_score = scored[0][2], scored[0][1]
    runner_up = scored[1][1] if len(scored) > 1 else 0.0
    longer_or_shorter = key.startswith(keys[best]) or keys[best].startswith(key)  # "บ้านหนองบัวขาว": another school
    if best_score >= CONFIDENT and best_score - runner_up >= MARGIN and not longer_or_shorter:
        return Match(schools[best])
    return Match(None, tuple(schools[i] for _, _, i in scored[:limit]))
