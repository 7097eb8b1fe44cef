"""Time in one place: aware datetimes, UTC in storage, Asia/Bangkok for people."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def from_line_ms(ms: int) -> datetime:
    """Convert a LINE timestamp (milliseconds since the epoch) to an aware UTC datetime."""
    return datetime.fromtimestamp(ms / 1000, UTC)


def to_line_ms(moment: datetime) -> int:
    """Convert an aware datetime to a LINE timestamp in milliseconds."""
    return int(moment.timestamp() * 1000)


def first_of_next_month(day: date) -> date:
    """Return the first day of the month after `day`."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
