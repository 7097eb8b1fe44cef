"""Thai text helpers: digits, spacing and Buddhist-era dates (pure functions)."""

from __future__ import annotations

from datetime import datetime

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def normalize(text: str) -> str:
    """Fold Thai digits to Arabic, collapse white space, lower-case Latin letters."""
    return " ".join(text.translate(THAI_DIGITS).split()).casefold()


def short_datetime(moment: datetime) -> str:
    """Format as '23 พ.ย. 2569 14:05' in the moment's own time zone (pass Bangkok time)."""
    return f"{moment.day} {MONTHS_SHORT[moment.month - 1]} {moment.year + 543} {moment:%H:%M}"
