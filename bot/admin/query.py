"""Dates, months and years typed on the admin page or in its query strings: a sane value, or a clear refusal."""

from __future__ import annotations

import re
from datetime import date
from typing import NoReturn

from flask import abort, request

from bot import thai
from bot.clock import BANGKOK, utcnow
from bot.texts import forms
from bot.thai import BE_OFFSET

# Common-era years an office can mean; beyond them lie typos and probes, and date arithmetic overflows
FIRST_YEAR, LAST_YEAR = 2000, 2200
_YEAR = re.compile(r"\d{4}", re.ASCII)  # ASCII: int() would take Thai and other digits
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


def today() -> date:
    """Return today in Bangkok, which typed dates are read against."""
    return utcnow().astimezone(BANGKOK).date()


def typed_date(field: str, value: str) -> date | None:
    """Read a date typed on the admin page, None when empty; raise ValueError with a Thai message naming the field."""
    try:
        return thai.parse_date(value, today())
    except thai.DateRefused as refused:
        raise ValueError(forms.date_refused(field, value, refused.reason, refused.year, refused.years)) from None


def month(name: str, default: str) -> str:
    """Return the month in the query as YYYY-MM (Common Era), or `default` when it is empty.

    Staff type it as ดด/ปปปป in the Buddhist era; links carry YYYY-MM.
    """
    value = _arg(name)
    try:
        found = thai.parse_month(value, today())
    except thai.DateRefused as refused:
        refuse(forms.date_refused(forms.MONTH_FIELD, value, refused.reason, refused.year, refused.years,
                                  month=True))
    return default if found is None else f"{found[0]:04d}-{found[1]:02d}"


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
