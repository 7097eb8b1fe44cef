"""The request list (the page staff open first): requests by urgency and age, filters, counters, new ones live."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, jsonify, render_template, request
from werkzeug.wrappers import Response

from bot.admin import query
from bot.admin.common import TEMPLATE_HELPERS, db, services
from bot.clock import BANGKOK, utcnow
from bot.register import rules
from bot.storage import desk_repo, register_repo, settings_repo
from bot.storage.models import Ticket
from bot.workdays import add_working_days


def _day(name: str, end: bool = False) -> datetime | None:
    """Return the start of the day in the query (of the next day, for an `end`), Bangkok time, or None."""
    day = query.day(name)
    return None if day is None else datetime.combine(day + timedelta(days=1 if end else 0), time(0), BANGKOK)


def targets(ticket: Ticket, now: datetime, closed: frozenset[date] = frozenset()) -> dict[str, object]:
    """Return the manual's target times for a record and whether they are missed (`closed`: office days off)."""
    received = ticket.received_at.astimezone(BANGKOK)
    answer_by = datetime.combine(add_working_days(received.date(), rules.FIRST_RESPONSE_DAYS, closed),
                                 received.time(), BANGKOK)
    follow_up = None
    if ticket.first_response_at is not None:
        answered = ticket.first_response_at.astimezone(BANGKOK).date()
        follow_up = (add_working_days(answered, 1, closed), add_working_days(answered, 3, closed))
    return {"age": now - ticket.received_at, "answer_by": answer_by,
            "late": ticket.first_response_at is None and now > answer_by, "follow_up": follow_up}


def age_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} นาที"
    if minutes < 24 * 60:
        return f"{minutes // 60} ชม."
    return f"{minutes // (24 * 60)} วัน"


def request_list() -> str:
    """List records with the filters in the query string."""
    args = request.args
    filters = desk_repo.Filters(
        status=args.get("status", "open"), kind=args.get("kind", ""), category=args.get("category", ""),
        school=args.get("school", ""), staff=args.get("staff", ""), since=_day("since"),
        until=_day("until", end=True), q=args.get("q", "")[:100],
    )
    now = utcnow()
    office = settings_repo.office(db(), services().settings.office)
    closed = office.closed_days()
    rows = [(t, r, s, targets(t, now, closed)) for t, r, s in desk_repo.search(db(), filters)]
    return render_template(
        "admin/request_list.html", rows=rows, filters=filters, args=args, counters=desk_repo.counters(db()),
        categories=settings_repo.categories(db()), schools=register_repo.school_refs(db()),
        staff=desk_repo.staff_names(db()), latest=desk_repo.latest_id(db()), age_text=age_text,
        open_statuses=rules.OPEN_STATUSES, **TEMPLATE_HELPERS,
    )


def latest() -> Response:
    """Tell the request list the newest record id and the open count, so it can refresh itself."""
    return jsonify(latest=desk_repo.latest_id(db()), open=desk_repo.counters(db())["open"])


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", "request_list", request_list)
    bp.add_url_rule("/inbox/latest", "request_list_latest", latest)  # the URL kept from before the rename
