"""Vary a teacher's answer the way phone Thai varies it: particles, Thai digits, spaces, invisible marks, typos."""

from __future__ import annotations

from collections.abc import Callable

import pytest

ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
PARTICLES = ("ครับ", "ค่ะ", " นะคะ", "จ้า", " ค่ะ", "คับ", "ฮะ", "ครับผม")
FREE, CHOICE, SKIP = "free", "choice", "skip"  # a typed answer, a button's label, the skip word
ROBUSTNESS = pytest.StashKey[dict]()  # script → (variants run, variants that reached the same record)
TYPING = pytest.StashKey[dict]()  # typing file → its grades (tests/helpers/typing_eval.py)


def with_particle(answer: str, index: int) -> str:
    return answer + PARTICLES[index % len(PARTICLES)]


def thai_digits(answer: str, index: int) -> str | None:
    varied = answer.translate(ARABIC_TO_THAI)
    return varied if varied != answer else None


def extra_spaces(answer: str, index: int) -> str:
    return "  " + answer.replace(" ", "   ") + " "


def zero_width(answer: str, index: int) -> str:
    middle = len(answer) // 2
    return answer[:middle] + "\u200b" + answer[middle:]


def held_down(answer: str, index: int) -> str | None:
    """Hold the last letter down ("ด่วนนนน"), when the answer ends with a Thai consonant."""
    return answer + answer[-1] * 3 if "\u0e01" <= answer[-1] <= "\u0e2e" else None


def typo(answer: str, index: int) -> str:
    """Drop the middle letter, as a thumb does."""
    middle = len(answer) // 2
    return answer[:middle] + answer[middle + 1:]


# name → (how, which kinds of answer it applies to)
VARIANTS: dict[str, tuple[Callable[[str, int], str | None], tuple[str, ...]]] = {
    "particle": (with_particle, (FREE, CHOICE, SKIP)),
    "thai-digits": (thai_digits, (FREE, CHOICE)),
    "extra-spaces": (extra_spaces, (FREE, CHOICE, SKIP)),
    "zero-width": (zero_width, (FREE, CHOICE, SKIP)),
    "held-down": (held_down, (FREE, CHOICE)),
    "typo": (typo, (CHOICE,)),
}


def variants(script: list[tuple[str, str]]) -> list[tuple[str, int, list[str]]]:
    """Return (variant name, which answer, the answers) for each answer of a script varied each applicable way."""
    out = []
    for index, (answer, kind) in enumerate(script):
        for name, (vary, kinds) in VARIANTS.items():
            varied = vary(answer, index) if kind in kinds else None
            if varied is not None:
                answers = [a for a, _ in script]
                answers[index] = varied
                out.append((name, index, answers))
    return out
