"""The request list (the page staff open first): requests by urgency and age, filters, counters, new ones live."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta

from flask import Blueprint, jsonify, render_template, request
from werkzeug.wrappers import Response

from bot.admin import query
from bot.admin.common import TEMPLATE_HELPERS, db, services
from bot.clock import BANGKOK, utcnow
from bot.register import rules
from bot.register.targets import target
from bot.storage import desk_repo, register_repo, settings_repo, staff_repo
from bot.texts import forms
from bot.thai import age_text, be_date


def _days(args: Mapping[str, str]) -> tuple[dict[str, datetime | None], dict[str, str], dict[str, str]]:
    """Return the date filters as Bangkok times (the until day's end), what to show in their boxes, and refusals."""
    bounds: dict[str, datetime | None] = {}
    shown: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, field, end in (("since", forms.SINCE, False), ("until", forms.UNTIL, True)):
        typed = args.get(name, "")
        try:
            day = query.typed_date(field, typed)
        except ValueError as exc:  # the list shows, unfiltered by that box, with the message and what was typed
            day, errors[name] = None, str(exc)
        shown[name] = typed if name in errors else be_date(day)
        bounds[name] = None if day is None else datetime.combine(day + timedelta(days=int(end)), time(0), BANGKOK)
    if bounds["since"] and bounds["until"] and bounds["until"] <= bounds["since"]:
        errors["until"], bounds["until"] = forms.UNTIL_BEFORE_SINCE, None
    return bounds, shown, errors


def request_list() -> tuple[str, int]:
    """List records with the filters in the query string."""
    args = request.args
    bounds, shown, errors = _days(args)
    filters = desk_repo.Filters(
        status=args.get("status", "open"), kind=args.get("kind", ""), category=args.get("category", ""),
        school=args.get("school", ""), staff=args.get("staff", ""), since=bounds["since"],
        until=bounds["until"], q=args.get("q", "")[:100],
    )
    now = utcnow()
    office = settings_repo.office(db(), services().settings.office)
    closed = office.closed_days()
    rows = [(t, r, s, target(t.received_at, t.first_response_at, now, closed))
            for t, r, s in desk_repo.search(db(), filters)]
    return render_template(
        "admin/request_list.html", rows=rows, filters=filters, args=args, counters=desk_repo.counters(db()),
        categories=settings_repo.categories(db()), schools=register_repo.school_refs(db()),
        staff=desk_repo.staff_names(db()), latest=desk_repo.latest_id(db()), age_text=age_text,
        staff_names=staff_repo.display_names(db()),
        open_statuses=rules.OPEN_STATUSES, days=shown, day_errors=errors, **TEMPLATE_HELPERS,
    ), 400 if errors else 200


def latest() -> Response:
    """Tell the request list the newest record id and the open count, so it can refresh itself."""
    return jsonify(latest=desk_repo.latest_id(db()), open=desk_repo.counters(db())["open"])


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/", "request_list", request_list)
    bp.add_url_rule("/inbox/latest", "request_list_latest", latest)  # the URL kept from before the rename
