"""When to follow up on an answered request, and when to give up waiting (pure functions)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import BANGKOK
from bot.office import Office, clock
from bot.workdays import add_working_days, is_working_day


def needs_followup(kind: str, new_status: str) -> bool:
    """Say whether this status change starts the follow-up: a consultation answered, a repair resolved."""
    if kind == "repair":
        return new_status == "resolved"
    return new_status in ("answered", "resolved")


def due_at(answered: datetime, office: Office) -> datetime:
    """Return when to follow up: `followup_days` working days after the answer, within office hours."""
    local = answered.astimezone(BANGKOK)
    day = add_working_days(local.date(), office.followup_days, office.closed_days())
    opens, closes = clock(office.opens_at), clock(office.closes_at)
    latest = (datetime.combine(day, closes) - timedelta(hours=1)).time()  # leave an hour to answer the same day
    at = min(max(local.time().replace(second=0, microsecond=0), opens), latest)
    return datetime.combine(day, at, BANGKOK)


def in_office_hours(moment: datetime, office: Office) -> bool:
    """Say whether the office works at this moment (a follow-up pushed at night waits for the morning)."""
    local = moment.astimezone(BANGKOK)
    opens, closes = clock(office.opens_at), clock(office.closes_at)
    return is_working_day(local.date(), office.closed_days()) and opens <= local.time() < closes


def gives_up_at(asked: datetime, office: Office) -> datetime:
    """Return when an unanswered follow-up closes the request as "no response"."""
    local = asked.astimezone(BANGKOK)
    day = add_working_days(local.date(), office.no_response_days, office.closed_days())
    return datetime.combine(day, local.time(), BANGKOK)
