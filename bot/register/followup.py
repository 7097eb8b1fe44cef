"""When to follow up on an answered request, and when to give up waiting (pure functions)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from bot.clock import BANGKOK
from bot.workdays import add_working_days, is_working_day

# The office's follow-up settings, over which staff changes on the admin page apply (settings_repo.office).
DEFAULTS: dict[str, Any] = {"followup_days": 2, "no_response_days": 3, "opens_at": "08:30", "closes_at": "16:30",
                            "closures": []}


def _clock(value: str) -> time:
    hours, minutes = (int(part) for part in value.split(":"))
    return time(hours, minutes)


def closed_days(office: dict[str, Any]) -> frozenset[date]:
    """Return the office's own days off (YYYY-MM-DD strings in the settings)."""
    return frozenset(date.fromisoformat(d) for d in office.get("closures") or ())


def needs_followup(kind: str, new_status: str) -> bool:
    """Say whether this status change starts the follow-up: a consultation answered, a repair resolved."""
    if kind == "repair":
        return new_status == "resolved"
    return new_status in ("answered", "resolved")


def due_at(answered: datetime, office: dict[str, Any]) -> datetime:
    """Return when to follow up: `followup_days` working days after the answer, within office hours."""
    local = answered.astimezone(BANGKOK)
    closed = closed_days(office)
    day = add_working_days(local.date(), int(office.get("followup_days") or 2), closed)
    opens, closes = _clock(office.get("opens_at") or "08:30"), _clock(office.get("closes_at") or "16:30")
    latest = (datetime.combine(day, closes) - timedelta(hours=1)).time()  # leave an hour to answer the same day
    at = min(max(local.time().replace(second=0, microsecond=0), opens), latest)
    return datetime.combine(day, at, BANGKOK)


def in_office_hours(moment: datetime, office: dict[str, Any]) -> bool:
    """Say whether the office works at this moment (a follow-up pushed at night waits for the morning)."""
    local = moment.astimezone(BANGKOK)
    opens, closes = _clock(office.get("opens_at") or "08:30"), _clock(office.get("closes_at") or "16:30")
    return is_working_day(local.date(), closed_days(office)) and opens <= local.time() < closes


def gives_up_at(asked: datetime, office: dict[str, Any]) -> datetime:
    """Return when an unanswered follow-up closes the request as "no response"."""
    local = asked.astimezone(BANGKOK)
    day = add_working_days(local.date(), int(office.get("no_response_days") or 3), closed_days(office))
    return datetime.combine(day, local.time(), BANGKOK)
