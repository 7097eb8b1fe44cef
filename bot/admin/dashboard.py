"""This month at a glance: requests, response and resolution times against targets, satisfaction, quota."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template

from bot.admin import query
from bot.admin.common import TEMPLATE_HELPERS, db
from bot.admin.tickets import quota_use
from bot.clock import BANGKOK, utcnow
from bot.stats.report import Period, Summary
from bot.storage import inbox_repo, notices_repo, settings_repo, stats_repo


def dashboard() -> str:
    """Show the month's figures, computed the same way as the statistics report."""
    period = Period.month(query.month("month", utcnow().astimezone(BANGKOK).strftime("%Y-%m")))
    summary = Summary()
    for record in stats_repo.register_rows(db(), period.start, period.end):
        summary.add(record)
    first = period.start.date()
    figures = summary.figures()
    f = {
        "total": summary.total, "by_kind": summary.by_kind, "by_channel": summary.by_channel,
        "by_category": summary.by_category.most_common(8),
        "response_hours": figures["response_median_h"], "resolution_hours": figures["resolution_median_h"],
        "on_time": figures["response_within_target_pct"], "satisfaction": figures["satisfaction_mean"],
        "rated": figures["satisfaction_count"],
        "per_day": [summary.by_day.get(first + timedelta(days=n), 0) for n in range((period.end - period.start).days)],
    }
    return render_template("admin/dashboard.html", f=f, month_name=period.label.removeprefix("เดือน"),
                           quota=quota_use(), categories=settings_repo.categories(db()),
                           set_aside=inbox_repo.set_aside(db()), notices=notices_repo.notices(db(), 10),
                           **TEMPLATE_HELPERS)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard", "dashboard", dashboard)
