"""Months, days and years from an admin query string: a sane value, or a 400 that says what is wrong."""

from __future__ import annotations

import re
from datetime import date
from typing import NoReturn

from flask import abort, request

from bot.thai import BE_OFFSET

# Common-era years an office can mean; beyond them lie typos and probes, and date arithmetic overflows
FIRST_YEAR, LAST_YEAR = 2000, 2200
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)  # ASCII: int() would take Thai and other digits
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
YEARS = f"digits 0–9, a year from {FIRST_YEAR} to {LAST_YEAR}"


def refuse(message: str) -> NoReturn:
    """Answer 400 with a message saying what is wrong."""
    abort(400, description=message)


def plain(name: str, value: str) -> str:
    """Return the value if it holds no control character (a line break would split a header)."""
    if _CONTROL.search(value):
        refuse(f"{name}: a control character (line break, NUL …) is not allowed here")
    return value


def _arg(name: str) -> str:
    return request.args.get(name, "").strip()


def _sane(name: str, year: int, example: str) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        refuse(f"{name}: {YEARS}, e.g. {example}")
    return year


def month(name: str, default: str) -> str:
    """Return the month in the query as YYYY-MM (Common Era), or `default` when it is empty."""
    value = _arg(name)
    if not value:
        return default
    found = _MONTH.fullmatch(value)
    if found is None or not 1 <= int(found[2]) <= 12:
        refuse(f"{name}: a month as YYYY-MM, {YEARS}, e.g. 2026-11")
    _sane(name, int(found[1]), "2026-11")
    return value


def day(name: str) -> date | None:
    """Return the date in the query (YYYY-MM-DD, Common Era, as a date input sends it), or None when empty."""
    value = _arg(name)
    if not value:
        return None
    found = _DAY.fullmatch(value)
    try:
        parsed = date.fromisoformat(value) if found else None
    except ValueError:
        parsed = None
    if parsed is None:
        refuse(f"{name}: a date as YYYY-MM-DD, {YEARS}, e.g. 2026-11-30")
    _sane(name, parsed.year, "2026-11-30")
    return parsed


def year(name: str, buddhist: bool = False) -> int | None:
    """Return the year in the query in the Common Era (`buddhist`: 2543–2743 are Buddhist era), or None."""
    value = _arg(name)  # the two ranges do not overlap, so either era is unambiguous
    if not value:
        return None
    era = f" (or {FIRST_YEAR + BE_OFFSET}–{LAST_YEAR + BE_OFFSET} Buddhist era)" if buddhist else ""
    if _YEAR.fullmatch(value) is None:
        refuse(f"{name}: {YEARS}{era}")
    number = int(value)
    if buddhist and FIRST_YEAR + BE_OFFSET <= number <= LAST_YEAR + BE_OFFSET:
        number -= BE_OFFSET
    if not FIRST_YEAR <= number <= LAST_YEAR:
        refuse(f"{name}: {YEARS}{era}")
    return number
