"""What a register record is: kinds, categories, statuses and how they may change, numbering by fiscal year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.clock import BANGKOK
from bot.thai import BE_OFFSET

KINDS = {
    "consult": "ขอคำปรึกษา/แจ้งปัญหา",
    "repair": "แจ้งซ่อม",
    "borrow": "ขอยืม/ขอใช้วัสดุอุปกรณ์",
    "access": "ขอเข้าถึงระบบสารสนเทศ",
    "vconf": "จองห้องประชุมทางไกล",
}

# The default, editable list of consultation categories (DOMAIN.md "Topics teachers ask about").
CATEGORIES = {
    "dmc": "DMC",
    "emis": "EMIS",
    "bobec": "B-OBEC",
    "mobec": "M-OBEC",
    "dltv": "DLTV",
    "dlit": "DLIT",
    "network": "เครือข่าย/อินเทอร์เน็ต",
    "computer": "คอมพิวเตอร์/ปริ้นเตอร์",
    "account": "อีเมล/บัญชี/รหัสผ่าน",
    "website": "เว็บไซต์โรงเรียน",
    "vconf": "ประชุมทางไกล",
    "security": "ความปลอดภัยไซเบอร์",
    "other": "อื่น ๆ",
}

URGENCIES = {"normal": "ปกติ", "urgent": "ด่วน", "critical": "ด่วนมาก"}
CHANNELS = {"line": "LINE", "phone": "โทรศัพท์", "walkin": "มาติดต่อด้วยตนเอง", "email": "อีเมล", "letter": "หนังสือ"}

class Status(StrEnum):
    """Where a record stands in the register (stored as its value)."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"
    REOPENED = "reopened"
    CANCELLED = "cancelled"


class FollowUp(StrEnum):
    """Where a record's follow-up stands (None: no follow-up yet, or started again after a reopen)."""

    SCHEDULED = "scheduled"  # waits for its working day
    MANUAL = "manual"  # the requester is not on LINE: staff follow up by telephone
    ASKED = "asked"  # the question was pushed
    DONE = "done"  # the requester answered
    NO_RESPONSE = "no_response"  # no answer in time: closed as such


STATUSES = {
    Status.RECEIVED: "รับเรื่องแล้ว",
    Status.IN_PROGRESS: "กำลังดำเนินการ",
    Status.ANSWERED: "ตอบแล้ว",
    Status.RESOLVED: "แก้ไขแล้ว",
    Status.FOLLOWED_UP: "ติดตามผลแล้ว",
    Status.CLOSED: "ปิดเรื่อง",
    Status.REOPENED: "เปิดเรื่องอีกครั้ง",
    Status.CANCELLED: "ยกเลิก",
}
FOLLOWUP_RESULTS = {"solved": "แก้ไขได้แล้ว", "problem": "ยังมีปัญหา", "no_response": "ไม่ตอบกลับ"}
UNDERSTANDING = {"good": "เข้าใจดี", "fair": "พอเข้าใจ", "poor": "ยังไม่เข้าใจ"}
SATISFACTION = {5: "มากที่สุด", 4: "มาก", 3: "ปานกลาง", 2: "น้อย", 1: "น้อยที่สุด"}
OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.ANSWERED, Status.RESOLVED, Status.REOPENED)
TRANSITIONS: dict[str, set[Status]] = {
    Status.RECEIVED: {Status.IN_PROGRESS, Status.ANSWERED, Status.RESOLVED, Status.CANCELLED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.ANSWERED, Status.RESOLVED, Status.CANCELLED, Status.CLOSED},
    Status.ANSWERED: {Status.IN_PROGRESS, Status.RESOLVED, Status.FOLLOWED_UP, Status.REOPENED, Status.CLOSED},
    Status.RESOLVED: {Status.FOLLOWED_UP, Status.REOPENED, Status.CLOSED},
    Status.FOLLOWED_UP: {Status.CLOSED, Status.REOPENED},
    Status.REOPENED: {Status.IN_PROGRESS, Status.ANSWERED, Status.RESOLVED, Status.CANCELLED, Status.CLOSED},
    Status.CLOSED: {Status.REOPENED},
    Status.CANCELLED: set(),
}
# The follow-up's own transitions, beside the register's (None: none yet; a reopen starts it again from None).
FOLLOWUP_TRANSITIONS: dict[FollowUp | None, set[FollowUp | None]] = {
    None: {None, FollowUp.SCHEDULED, FollowUp.MANUAL, FollowUp.DONE},
    FollowUp.SCHEDULED: {FollowUp.ASKED, FollowUp.DONE, None},
    FollowUp.MANUAL: {FollowUp.DONE, None},
    FollowUp.ASKED: {FollowUp.DONE, FollowUp.NO_RESPONSE, None},
    FollowUp.DONE: {None},
    FollowUp.NO_RESPONSE: {None},
}


class TransitionError(ValueError):
    """A status change the register does not allow."""


def check_transition(current: str, new: str) -> None:
    """Raise TransitionError unless a record may go from `current` to `new`."""
    if new not in STATUSES:
        raise TransitionError(f"unknown status {new!r}; known: {', '.join(STATUSES)}")
    if new not in TRANSITIONS.get(current, set()):
        raise TransitionError(f"a request that is {current!r} cannot become {new!r}")


def next_followup(current: str | None, new: FollowUp | None) -> FollowUp | None:
    """Return `new` if a follow-up may go from `current` to it, else raise TransitionError."""
    state = FollowUp(current) if current else None
    if new not in FOLLOWUP_TRANSITIONS[state]:
        raise TransitionError(f"a follow-up that is {current!r} cannot become {new!r}")
    return new


def fiscal_year_be(moment: datetime | date) -> int:
    """Return the Thai government fiscal year (1 Oct – 30 Sep, named by the BE year it ends in)."""
    day = moment.astimezone(BANGKOK).date() if isinstance(moment, datetime) else moment
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def counter_key(prefix: str, fiscal_year: int) -> str:
    """Return the key of the number sequence for one prefix and fiscal year."""
    return f"{prefix}-{fiscal_year}"


def format_number(prefix: str, fiscal_year: int, sequence: int) -> str:
    """Return the register number, e.g. ICT-2570-0001."""
    return f"{prefix}-{fiscal_year}-{sequence:04d}"


@dataclass(frozen=True)
class ServiceTarget:
    """A standard time from the manual, for messages and the admin page."""

    label: str
    text: str


# The manual's working-day targets: study the issue and answer within 1; choosing how to advise and what knowledge
# is needed take one more each, so advice is complete within 3.
FIRST_RESPONSE_DAYS = 1
RESOLUTION_DAYS = 3

# Seed 004: record within 30 minutes; study 1 working day; follow up 1–3 working days after advising.
TARGETS = (
    ServiceTarget("record", "ลงทะเบียนรับเรื่องภายใน 30 นาที"),
    ServiceTarget("study", "ศึกษาประเด็นและติดต่อกลับภายใน 1 วันทำการ"),
    ServiceTarget("follow_up", "ติดตามผลหลังให้คำแนะนำภายใน 1–3 วันทำการ"),
)
