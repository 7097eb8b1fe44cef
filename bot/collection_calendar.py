"""The data-collection rounds schools must meet (DMC, B-OBEC, EMIS), their reminders and Thai dates (pure).

The defaults are the manual's calendar; dates change by announcement, so the office's calendar lives in the
database (seeded from these defaults) and callers pass its rounds in. Knowledge-base answers quote rounds as
{dmc-2.window} and the like.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.clock import BANGKOK
from bot.thai import long_date as thai_date
from bot.workdays import is_working_day, nearest_working_day

# When to remind, relative to the window: it opens; 7, 3 and 1 days before the deadline; the deadline morning.
DEFAULT_OFFSETS = ("opens", "closes-7", "closes-3", "closes-1", "closes")
DEFAULT_TIME = time(9, 0)
_OFFSET = re.compile(r"^(opens|closes)([+-]\d{1,3})?$")


@dataclass(frozen=True)
class Round:
    """One collection round: which system, when schools enter data, and the date the data describe."""

    key: str  # the kind of round, the same every year: dmc-1, dmc-2, dmc-end, emis, bobec, or the office's own
    system: str
    name: str
    opens: date
    closes: date
    data_as_of: date | None = None
    academic_year: int = 0  # the C.E. year in which the academic year starts (May)
    announcement: str = ""
    offsets: tuple[str, ...] = DEFAULT_OFFSETS
    remind_time: time = DEFAULT_TIME
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Reminder:
    """One reminder of a round: which offset it comes from and when it goes out."""

    offset: str
    day: date
    at: datetime  # aware, Asia/Bangkok


def academic_year_of(day: date) -> int:
    """Return the C.E. year the academic year containing `day` started in (it starts in May)."""
    return day.year if day.month >= 5 else day.year - 1


def default_rounds(academic_year: int) -> list[Round]:
    """Return the manual's rounds for the academic year that starts in May of `academic_year` (C.E.)."""
    y = academic_year
    defaults = [
        ("dmc-1", "DMC", "DMC ภาคเรียนที่ 1", date(y, 5, 16), date(y, 6, 10), date(y, 6, 10)),
        ("emis", "EMIS", "EMIS ประจำปี", date(y, 5, 16), date(y, 6, 30), None),
        ("dmc-2", "DMC", "DMC ภาคเรียนที่ 2", date(y, 7, 15), date(y, 11, 10), date(y, 11, 10)),
        ("bobec", "B-OBEC", "B-OBEC ประจำปี", date(y, 10, 1), date(y, 10, 30), None),
        ("dmc-end", "DMC", "DMC สิ้นปีการศึกษา", date(y + 1, 2, 1), date(y + 1, 4, 30), date(y + 1, 3, 31)),
    ]
    return [Round(key, system, name, opens, closes, as_of, academic_year=y)
            for key, system, name, opens, closes, as_of in defaults]


def check(round_: Round) -> None:
    """Raise ValueError with a clear reason if a round cannot be scheduled."""
    if not round_.key or not re.fullmatch(r"[a-z0-9-]{1,30}", round_.key):
        raise ValueError(f"round key {round_.key!r}: use 1–30 lower-case letters, digits and dashes")
    if not round_.system.strip() or not round_.name.strip():
        raise ValueError(f"round {round_.key}: system and name are required")
    if round_.closes < round_.opens:
        raise ValueError(f"round {round_.key}: closes {round_.closes} is before opens {round_.opens}")
    for offset in round_.offsets:
        if not _OFFSET.match(offset):
            raise ValueError(f"round {round_.key}: reminder {offset!r} is not like opens, closes-7 or closes")


def reminders(round_: Round, working: Callable[[date], bool] = is_working_day) -> list[Reminder]:
    """Return the round's reminders in time order, each moved off weekends and holidays.

    A reminder before the deadline moves to the working day before (an earlier warning beats a later one);
    the window-opens reminder moves to the working day after. Two that land on one day become one.
    """
    by_day: dict[date, str] = {}
    for offset in round_.offsets:
        found = _OFFSET.match(offset)
        if not found:
            continue
        base = round_.opens if found.group(1) == "opens" else round_.closes
        day = base + timedelta(days=int(found.group(2) or 0))
        day = nearest_working_day(day, forward=found.group(1) == "opens", working=working)
        day = min(max(day, round_.opens), round_.closes)
        by_day[day] = offset  # later offsets are nearer the deadline: they win a shared day
    return [Reminder(offset, day, datetime.combine(day, round_.remind_time, BANGKOK))
            for day, offset in sorted(by_day.items())]


def upcoming(rounds: list[Round], key: str, today: date) -> Round | None:
    """Return the round with this key that is open now or comes next."""
    candidates = sorted((r for r in rounds if r.key == key and r.closes >= today), key=lambda r: r.closes)
    return candidates[0] if candidates else None


def open_rounds(rounds: list[Round], today: date, grace_days: int = 0) -> list[Round]:
    """Return rounds whose window includes `today` (or closed at most `grace_days` ago), by deadline."""
    return sorted((r for r in rounds if r.opens <= today <= r.closes + timedelta(days=grace_days)),
                  key=lambda r: (r.closes, r.key))


def with_defaults(rounds: list[Round], today: date) -> list[Round]:
    """Add the manual's rounds for last, this and next academic year where the calendar has no such round."""
    have = {(r.key, r.academic_year) for r in rounds}
    year = academic_year_of(today)
    extra = [r for y in (year - 1, year, year + 1) for r in default_rounds(y) if (r.key, y) not in have]
    return list(rounds) + extra


_PLACEHOLDER = re.compile(r"\{([a-z0-9-]+)\.(opens|closes|as_of|window|name)\}")


def render(template: str, rounds: list[Round], today: date) -> str:
    """Fill {round.field} placeholders with the upcoming round's Thai dates."""

    def fill(found: re.Match[str]) -> str:
        chosen = upcoming(rounds, found.group(1), today)
        if chosen is None:
            return "(ตามประกาศ)"
        field_name = found.group(2)
        if field_name == "window":
            return f"{thai_date(chosen.opens)} – {thai_date(chosen.closes)}"
        if field_name == "name":
            return chosen.name
        value = {"opens": chosen.opens, "closes": chosen.closes, "as_of": chosen.data_as_of}[field_name]
        return thai_date(value) if value else "(ตามประกาศ)"

    return _PLACEHOLDER.sub(fill, template)
