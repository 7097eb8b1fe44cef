"""The data-collection rounds schools must meet (DMC, B-OBEC, EMIS) and Thai dates for them (pure).

These are the manual's defaults; dates change by announcement, so the reminders feature stores an editable
calendar and passes its rounds in. Answers in the knowledge base quote rounds as {dmc-2.window} and the like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.thai import long_date as thai_date


@dataclass(frozen=True)
class Round:
    """One collection round: which system, when schools enter data, and the date the data describe."""

    key: str
    system: str
    name: str
    opens: date
    closes: date
    data_as_of: date | None = None


def default_rounds(academic_year: int) -> list[Round]:
    """Return the manual's rounds for the academic year that starts in May of `academic_year` (C.E.)."""
    y = academic_year
    return [
        Round("dmc-1", "DMC", "DMC ภาคเรียนที่ 1", date(y, 5, 16), date(y, 6, 10), date(y, 6, 10)),
        Round("emis", "EMIS", "EMIS ประจำปี", date(y, 5, 16), date(y, 6, 30)),
        Round("dmc-2", "DMC", "DMC ภาคเรียนที่ 2", date(y, 7, 15), date(y, 11, 10), date(y, 11, 10)),
        Round("bobec", "B-OBEC", "B-OBEC ประจำปี", date(y, 10, 1), date(y, 10, 30)),
        Round("dmc-end", "DMC", "DMC สิ้นปีการศึกษา", date(y + 1, 2, 1), date(y + 1, 4, 30), date(y + 1, 3, 31)),
    ]


def upcoming(rounds: list[Round], key: str, today: date) -> Round | None:
    """Return the round with this key that is open now or comes next."""
    candidates = sorted((r for r in rounds if r.key == key and r.closes >= today), key=lambda r: r.closes)
    return candidates[0] if candidates else None


def rounds_around(today: date) -> list[Round]:
    """Return the default rounds of last, this and next academic year, enough to find any upcoming one."""
    return [r for year in (today.year - 1, today.year, today.year + 1) for r in default_rounds(year)]


_PLACEHOLDER = re.compile(r"\{([a-z0-9-]+)\.(opens|closes|as_of|window|name)\}")


def render(template: str, rounds: list[Round], today: date) -> str:
    """Fill {round.field} placeholders with the upcoming round's Thai dates."""

    def fill(found: re.Match[str]) -> str:
        chosen = upcoming(rounds, found.group(1), today)
        if chosen is None:
            return "(ตามประกาศ)"
        field = found.group(2)
        if field == "window":
            return f"{thai_date(chosen.opens)} – {thai_date(chosen.closes)}"
        if field == "name":
            return chosen.name
        value = {"opens": chosen.opens, "closes": chosen.closes, "as_of": chosen.data_as_of}[field]
        return thai_date(value) if value else "(ตามประกาศ)"

    return _PLACEHOLDER.sub(fill, template)
