"""Grade the bot's replies to labelled questions by the facts a right answer must contain (pure).

A question file is tab-separated: question, expect, facts, note; `# today: YYYY-MM-DD` in a comment line says
which day its questions about dates were written for. `expect` is `answer` (facts required), a request kind
the bot should start (`repair`, `consult`, `borrow`, `access`, `vconf`), or `other` (another group's work),
`chat` (small talk) or `out` (out of scope). Facts: groups separated by ";" all required, alternatives
separated by "|"; compared without case, spaces or the difference between Thai and Arabic digits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.thai import THAI_DIGITS

REQUESTS = ("repair", "consult", "borrow", "access", "vconf")
IN_DOMAIN = ("answer", *REQUESTS)
OUT_OF_DOMAIN = ("other", "chat", "out")
_TODAY = re.compile(r"today:\s*(\d{4}-\d{2}-\d{2})")
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


@dataclass(frozen=True)
class Case:
    """One labelled question."""

    question: str
    expect: str
    facts: tuple[tuple[str, ...], ...] = ()
    note: str = ""


def parse(text: str, source: str = "questions") -> tuple[date | None, list[Case]]:
    """Read a question file; refuse a malformed line with its number."""
    today, cases = None, []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            found = _TODAY.search(line)
            today = date.fromisoformat(found.group(1)) if found else today
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[1].strip() not in (*IN_DOMAIN, *OUT_OF_DOMAIN):
            raise ValueError(f"{source}:{number}: expected question<TAB>expect<TAB>facts<TAB>note")
        facts = tuple(tuple(alt.strip() for alt in group.split("|") if alt.strip())
                      for group in (parts[2] if len(parts) > 2 else "").split(";") if group.strip())
        if parts[1].strip() == "answer" and not facts:
            raise ValueError(f"{source}:{number}: an `answer` line needs facts")
        cases.append(Case(parts[0], parts[1].strip(), facts, parts[3].strip() if len(parts) > 3 else ""))
    return today, cases


def read_entry_labelled(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """Read the older `question<TAB>entry id or none` files."""
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and not line.startswith("#"):
                rows.append((parts[0], parts[1].strip()))
    return rows


def fold(text: str) -> str:
    """Fold text for comparing facts: no case, no spaces, Arabic digits."""
    return _INVISIBLE.sub("", text.translate(THAI_DIGITS).casefold())


def has_facts(text: str, facts: tuple[tuple[str, ...], ...]) -> bool:
    """Say whether every fact group has at least one alternative in the text."""
    folded = fold(text)
    return all(any(fold(alternative) in folded for alternative in group) for group in facts)


@dataclass(frozen=True)
class GradedReply:
    """What the bot did with a message, as a teacher sees it."""

    kind: str  # answer | suggest | request | other-group | smalltalk | none
    text: str = ""  # everything it said
    request: str | None = None  # the kind of request it started
    taps: tuple[str, ...] = ()  # what each suggestion button leads to (the text shown after the tap)
    offers: tuple[str, ...] = ()  # the kinds of request a single tap on one of its buttons starts


@dataclass(frozen=True)
class Verdict:
    """How one question went."""

    case: Case
    reply: GradedReply
    outcome: str  # right | one-tap | wrong | missed (in domain); refused | answered (out of domain)


def judge(case: Case, reply: GradedReply) -> Verdict:
    """Grade one reply: right facts or the right request at once, one tap away, confidently wrong, or missed."""
    if case.expect in OUT_OF_DOMAIN:
        answered = reply.kind == "answer" or reply.request is not None
        return Verdict(case, reply, "answered" if answered else "refused")
    if case.expect == "answer":
        if reply.kind == "answer":
            return Verdict(case, reply, "right" if has_facts(reply.text, case.facts) else "wrong")
        if any(has_facts(shown, case.facts) for shown in reply.taps):
            return Verdict(case, reply, "one-tap")
        return Verdict(case, reply, "wrong" if reply.request is not None else "missed")
    if reply.request == case.expect:
        return Verdict(case, reply, "right")
    if reply.request is not None or reply.kind == "answer":
        return Verdict(case, reply, "wrong")
    return Verdict(case, reply, "one-tap" if case.expect in reply.offers else "missed")


@dataclass
class Report:
    """The four figures teachers feel, over a question file."""

    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(v.outcome for v in self.verdicts)

    @property
    def in_domain(self) -> int:
        return sum(1 for v in self.verdicts if v.case.expect in IN_DOMAIN)

    @property
    def out_of_domain(self) -> int:
        return len(self.verdicts) - self.in_domain

    def share(self, *outcomes: str) -> float:
        total = self.out_of_domain if outcomes[0] in ("refused", "answered") else self.in_domain
        return sum(self.counts[o] for o in outcomes) / total if total else 0.0

    @property
    def figures(self) -> dict[str, float]:
        return {"direct_right": self.share("right"), "within_one_tap": self.share("right", "one-tap"),
                "confidently_wrong": self.share("wrong"), "refused": self.share("refused")}

    def summary(self) -> str:
        f = self.figures
        return (f"in domain {self.in_domain}: direct right {f['direct_right']:.1%}, within one tap "
                f"{f['within_one_tap']:.1%}, confidently wrong {f['confidently_wrong']:.1%} "
                f"({self.counts['wrong']}); out of domain {self.out_of_domain}: refused {f['refused']:.1%}")
