"""Grade how the chat reads phone Thai written by people who never saw the code (tests/data/typing_*.tsv).

Each row is (context, typed, intended). Answers to a form's steps go through the conversation engine exactly as
the chat feeds them (after the router, which must not take them for a command); commands go through the webhook.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot import conversation as conv
from bot import texts
from bot.register import flows, rules
from bot.register.schools import SchoolRef

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
SCHOOLS = [SchoolRef("1034150001", "บ้านหนองบัว"), SchoolRef("1034150002", "บ้านหนองบัวแดง"),
           SchoolRef("1034150003", "บ้านโนนสูง"), SchoolRef("1034150004", "อนุบาลวารินชำราบ")]
FLOWS = flows.build(SCHOOLS, "ครูสมศรี", rules.CATEGORIES)
PROFILE = {"then": {"flow": "repair", "data": {"kind": "repair"}}}
REPAIR = {"kind": "repair", "equipment": "ปริ้นเตอร์", "asset_number": None, "location": "ห้องธุรการ",
          "subject": "เปิดไม่ติด", "photos": None, "urgency": "normal"}
# context → (flow, the answers already given, the step that waits)
AT = {
    "ans.name": ("profile", PROFILE, "name"),
    "ans.position": ("profile", {**PROFILE, "name": "ครูสมศรี"}, "position"),
    "ans.school": ("profile", {**PROFILE, "name": "ครูสมศรี", "position": "ครู"}, "school"),
    "ans.phone": ("profile", {**PROFILE, "name": "ครูสมศรี", "position": "ครู", "school": "1034150003",
                              "school_name": "บ้านโนนสูง"}, "phone"),
    "ans.equipment": ("repair", {"kind": "repair"}, "equipment"),
    "ans.location": ("repair", {"kind": "repair", "equipment": "ปริ้นเตอร์", "asset_number": None}, "location"),
    "ans.symptom": ("repair", {k: REPAIR[k] for k in ("kind", "equipment", "asset_number", "location")}, "subject"),
    "ans.urgency": ("repair", {k: v for k, v in REPAIR.items() if k != "urgency"}, "urgency"),
    "ans.category": ("consult", {"kind": "consult"}, "category"),
    "form.cancel": ("repair", {"kind": "repair", "equipment": "ปริ้นเตอร์", "asset_number": None}, "location"),
    "form.back": ("repair", {"kind": "repair", "equipment": "ปริ้นเตอร์", "asset_number": None}, "location"),
    "form.skip": ("repair", {"kind": "repair", "equipment": "ปริ้นเตอร์"}, "asset_number"),
    "form.photos_done": ("repair", {k: REPAIR[k] for k in ("kind", "equipment", "asset_number", "location",
                                                           "subject")}, "photos"),
    "form.confirm": ("repair", REPAIR, "confirmed"),
    "review.edit": ("repair", REPAIR, "confirmed"),
}
EDITED = {"อุปกรณ์": "equipment", "เลขครุภัณฑ์": "asset_number", "ที่ตั้ง": "location", "อาการ": "subject",
          "ความเร่งด่วน": "urgency"}
URGENCY = {label: key for key, label in rules.URGENCIES.items()}
CATEGORY = {label: key for key, label in rules.CATEGORIES.items()}
COMMANDS = {"cmd.repair": texts.REQUEST_STARTS["repair"], "cmd.consult": texts.REQUEST_STARTS["consult"],
            "cmd.borrow": texts.REQUEST_STARTS["borrow"], "cmd.access": texts.REQUEST_STARTS["access"],
            "cmd.vconf": texts.REQUEST_STARTS["vconf"], "cmd.edit_profile": texts.EDITING_PROFILE,
            "cmd.faq": texts.FAQ_INTRO, "cmd.track": texts.NO_OPEN_REQUESTS}


@dataclass
class Grades:
    """Rows read right and wrong, per context, with the wrong ones to read."""

    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, context: str, typed: str, intended: str, got: str | None) -> None:
        self.total[context] += 1
        if got is None:
            self.right[context] += 1
        else:
            self.misses.append((context, typed, intended, got))

    def share(self) -> float:
        return sum(self.right.values()) / max(sum(self.total.values()), 1)


def rows(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["context"].strip(), r["typed"], r["intended"].strip())
                for r in csv.DictReader(handle, delimiter="\t")]


def answer_step(context: str, typed: str, intended: str, router_keyword) -> str | None:
    """Feed one typed answer to the step the context names; return None when it was read as meant, else what was."""
    handler = router_keyword(typed)
    if handler is not None and handler.__name__ != "show":  # the router would take it for a command
        return f"taken by the command {handler.__name__}"
    flow, data, step = AT[context]
    asked = [s.key for s in FLOWS[flow].steps if s.key in data]  # as if the teacher had answered them
    state = {"flow": flow, "step": step, "data": dict(data), "updated_at": NOW.isoformat(), "asked": asked}
    out = conv.answer(FLOWS, state, typed, NOW)
    kept = out.finished if out.finished is not None else (out.state or {}).get("data", {})
    waiting = (out.state or {}).get("step")
    if context == "form.cancel":
        return None if out.cancelled else f"not cancelled (waits on {waiting})"
    if context == "form.back":
        return None if waiting == "asset_number" else f"waits on {waiting}"
    if context == "form.skip":
        return None if waiting == "location" and kept.get("asset_number") is None else f"waits on {waiting}"
    if context == "form.photos_done":
        return None if waiting == "urgency" else f"waits on {waiting}"
    if context == "form.confirm":
        return None if out.finished is not None else f"waits on {waiting}"
    if context == "review.edit":
        wanted = EDITED.get(intended)
        return None if waiting == wanted else f"waits on {waiting}"
    key, expected = {
        "ans.name": ("name", intended), "ans.position": ("position", intended),
        "ans.school": ("school", intended), "ans.phone": ("phone", intended),
        "ans.equipment": ("equipment", intended), "ans.location": ("location", intended),
        "ans.symptom": ("subject", intended), "ans.urgency": ("urgency", URGENCY.get(intended, intended)),
        "ans.category": ("category", CATEGORY.get(intended, intended)),
    }[context]
    got = kept.get(key, f"(no answer; waits on {waiting})")
    return None if got == expected else repr(got)
