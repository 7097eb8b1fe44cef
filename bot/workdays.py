"""Thai working days: no Saturdays, Sundays or public holidays (pure functions)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=16)
def _holidays(year: int) -> dict[date, str]:
    import holidays  # 70 ms to import: only when a working day is first asked about, not at every start

    return dict(holidays.Thailand(years=year, language="th"))


def holiday_name(day: date) -> str | None:
    """Return the Thai name of the public holiday on this day, or None."""
    return _holidays(day.year).get(day)


def is_working_day(day: date, closed: Collection[date] = ()) -> bool:
    """Say whether government offices and schools work on this day (`closed`: the office's own days off)."""
    return day.weekday() < 5 and holiday_name(day) is None and day not in closed


def add_working_days(day: date, count: int, closed: Collection[date] = ()) -> date:
    """Return the date `count` working days after `day` (before it when negative)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, closed):
            remaining -= 1
    return day


def nearest_working_day(day: date, forward: bool, working: Callable[[date], bool] = is_working_day) -> date:
    """Return `day` if it is a working day, else the next (forward) or previous one."""
    step = timedelta(days=1 if forward else -1)
    while not working(day):
        day += step
    return day
