"""This month at a glance: requests per day, response and resolution against the targets, satisfaction, quota."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template

from bot.admin import query
from bot.admin.common import TEMPLATE_HELPERS, db, services
from bot.admin.tickets import quota_use
from bot.clock import BANGKOK, utcnow
from bot.register import rules
from bot.register.targets import target
from bot.stats import charts
from bot.stats.report import Period, Summary
from bot.storage import desk_repo, inbox_repo, notices_repo, settings_repo, stats_repo


def daily_chart(today: date, month_end: date) -> charts.BarChart:
    """Chart the requests received on each of the last 30 days (to today, or to the end of a past month)."""
    first, last = charts.window(today, month_end)
    start = datetime.combine(first, time(0), BANGKOK)
    counts = stats_repo.received_per_day(db(), start, start + timedelta(days=(last - first).days + 1))
    # narrow enough that its labels stay readable on a phone, where it is drawn about 340 px wide: a label a week
    return charts.layout(charts.days(counts, first, last, label_every=7), width=420, height=180)


def overdue(now: datetime) -> int:
    """Count the open requests not answered yet and past their first-answer target."""
    closed = settings_repo.office(db(), services().settings.office).closed_days()
    return sum(target(t.received_at, t.first_response_at, now, closed).late
               for t, _, _ in desk_repo.to_do(db(), rules.OPEN_STATUSES) if t.first_response_at is None)


def dashboard() -> str:
    """Show the month's figures, computed the same way as the statistics report."""
    now = utcnow()
    period = Period.month(query.month("month", now.astimezone(BANGKOK).strftime("%Y-%m")))
    summary = Summary()
    for record in stats_repo.register_rows(db(), period.start, period.end):
        summary.add(record)
    figures = summary.figures()
    answered, resolved = summary.on_time()
    f = {
        "total": summary.total, "by_kind": summary.by_kind, "by_channel": summary.by_channel,
        "by_category": summary.by_category.most_common(8),
        "response_hours": figures["response_median_h"], "resolution_hours": figures["resolution_median_h"],
        "answered": answered, "resolved": resolved, "satisfaction": figures["satisfaction_mean"],
        "rated": figures["satisfaction_count"],
        "satisfaction_counts": [(k, rules.SATISFACTION[k], summary.satisfaction.get(k, 0)) for k in (5, 4, 3, 2, 1)],
    }
    month_end = (period.end - timedelta(days=1)).date()
    return render_template("admin/dashboard.html", f=f, month_name=period.label.removeprefix("เดือน"),
                           daily=daily_chart(now.astimezone(BANGKOK).date(), month_end), overdue=overdue(now),
                           quota=quota_use(), categories=settings_repo.categories(db()),
                           set_aside=inbox_repo.set_aside(db()), notices=notices_repo.notices(db(), 10),
                           **TEMPLATE_HELPERS)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard", "dashboard", dashboard)
