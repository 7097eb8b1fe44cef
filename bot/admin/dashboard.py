"""This month at a glance: requests, response and resolution times against targets, satisfaction, quota."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import select

from bot.admin.common import TEMPLATE_HELPERS, db
from bot.admin.inbox import FIRST_ANSWER_WORKING_DAYS
from bot.admin.tickets import quota_use
from bot.clock import BANGKOK, utcnow
from bot.storage import settings_repo
from bot.storage.models import Ticket
from bot.thai import MONTHS
from bot.workdays import add_working_days


def month_bounds(value: str | None) -> tuple[datetime, datetime]:
    """Return the start of the month asked for (YYYY-MM, default this one) and of the next, in Bangkok."""
    now = utcnow().astimezone(BANGKOK)
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        start = datetime(year, month, 1, tzinfo=BANGKOK)
    except ValueError:
        start = datetime(now.year, now.month, 1, tzinfo=BANGKOK)
    end = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=BANGKOK)
    return start, end


def hours(values: list[timedelta]) -> float | None:
    return round(statistics.median(v.total_seconds() for v in values) / 3600, 1) if values else None


def figures(tickets: list[Ticket], start: datetime, end: datetime) -> dict[str, object]:
    """Compute the month's figures from its records."""
    responses = [t.first_response_at - t.received_at for t in tickets if t.first_response_at]
    resolutions = [t.resolved_at - t.received_at for t in tickets if t.resolved_at]
    on_time = [t for t in tickets if t.first_response_at and t.first_response_at.astimezone(BANGKOK).date()
               <= add_working_days(t.received_at.astimezone(BANGKOK).date(), FIRST_ANSWER_WORKING_DAYS)]
    rated = [t.satisfaction for t in tickets if t.satisfaction is not None]
    by_day = Counter(t.received_at.astimezone(BANGKOK).day for t in tickets)
    days = (end - start).days
    return {
        "total": len(tickets), "by_kind": Counter(t.kind for t in tickets),
        "by_category": Counter(t.category for t in tickets).most_common(8),
        "by_channel": Counter(t.channel for t in tickets), "by_status": Counter(t.status for t in tickets),
        "response_hours": hours(responses), "resolution_hours": hours(resolutions),
        "on_time": round(100 * len(on_time) / len(responses)) if responses else None,
        "satisfaction": round(statistics.mean(rated), 2) if rated else None, "rated": len(rated),
        "per_day": [by_day.get(day, 0) for day in range(1, days + 1)],
    }


def dashboard() -> str:
    start, end = month_bounds(request.args.get("month"))
    tickets = list(db().scalars(select(Ticket).where(Ticket.received_at >= start, Ticket.received_at < end)))
    return render_template("admin/dashboard.html", f=figures(tickets, start, end), start=start,
                           month_name=f"{MONTHS[start.month - 1]} {start.year + 543}", quota=quota_use(),
                           categories=settings_repo.categories(db()), **TEMPLATE_HELPERS)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard", "dashboard", dashboard)
