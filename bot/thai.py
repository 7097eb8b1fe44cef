"""Thai text helpers: digits, spacing and Buddhist-era dates (pure functions)."""

from __future__ import annotations

import re
from datetime import date, datetime

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BE_OFFSET = 543  # Buddhist era = Common era + 543
# C0 control characters other than tab and line breaks (Word pastes them; XML, so XLSX, and PostgreSQL refuse
# some), and halves of surrogate pairs that JSON can smuggle in but no UTF-8 text can hold
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
          "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def normalize(text: str) -> str:
    """Fold Thai digits to Arabic, collapse white space, lower-case Latin letters."""
    return " ".join(text.translate(THAI_DIGITS).split()).casefold()


def strip_controls(text: str) -> str:
    """Drop control characters that no one means to type (tab and line breaks stay)."""
    return CONTROLS.sub("", text)


def short_datetime(moment: datetime) -> str:
    """Format as '23 พ.ย. 2569 14:05' in the moment's own time zone (pass Bangkok time)."""
    return f"{moment.day} {MONTHS_SHORT[moment.month - 1]} {moment.year + BE_OFFSET} {moment:%H:%M}"


def long_date(day: date) -> str:
    """Format a date as official Thai text reads it: 10 มิถุนายน 2570."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year + BE_OFFSET}"
