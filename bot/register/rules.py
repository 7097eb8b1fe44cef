"""What a register record is: kinds, categories, statuses and how they may change, numbering by fiscal year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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

STATUSES = {
    "received": "รับเรื่องแล้ว",
    "in_progress": "กำลังดำเนินการ",
    "answered": "ตอบแล้ว",
    "resolved": "แก้ไขแล้ว",
    "followed_up": "ติดตามผลแล้ว",
    "closed": "ปิดเรื่อง",
    "reopened": "เปิดเรื่องอีกครั้ง",
    "cancelled": "ยกเลิก",
}
FOLLOWUP_RESULTS = {"solved": "แก้ไขได้แล้ว", "problem": "ยังมีปัญหา", "no_response": "ไม่ตอบกลับ"}
UNDERSTANDING = {"good": "เข้าใจดี", "fair": "พอเข้าใจ", "poor": "ยังไม่เข้าใจ"}
SATISFACTION = {5: "มากที่สุด", 4: "มาก", 3: "ปานกลาง", 2: "น้อย", 1: "น้อยที่สุด"}
OPEN_STATUSES = ("received", "in_progress", "answered", "resolved", "reopened")
TRANSITIONS = {
    "received": {"in_progress", "answered", "resolved", "cancelled", "closed"},
    "in_progress": {"answered", "resolved", "cancelled", "closed"},
    "answered": {"in_progress", "resolved", "followed_up", "reopened", "closed"},
    "resolved": {"followed_up", "reopened", "closed"},
    "followed_up": {"closed", "reopened"},
    "reopened": {"in_progress", "answered", "resolved", "cancelled", "closed"},
    "closed": {"reopened"},
    "cancelled": set(),
}


class TransitionError(ValueError):
    """A status change the register does not allow."""


def check_transition(current: str, new: str) -> None:
    """Raise TransitionError unless a record may go from `current` to `new`."""
    if new not in STATUSES:
        raise TransitionError(f"unknown status {new!r}; known: {', '.join(STATUSES)}")
    if new not in TRANSITIONS.get(current, set()):
        raise TransitionError(f"a request that is {current!r} cannot become {new!r}")


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
