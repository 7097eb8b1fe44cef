"""The printable report for the director: one A4 page of figures and charts, then a signature block."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from bot.clock import BANGKOK
from bot.stats import charts
from bot.stats.report import Period, Summary
from bot.texts import report as rt
from bot.thai import short_datetime

_env = Environment(loader=PackageLoader("bot.stats", "templates"), autoescape=select_autoescape(["html"]))

# Long tables are cut to their first rows plus one "others" row, so a month with many schools still fits the page
# (the workbook keeps every row).
SHORT = {rt.BY_SCHOOL: 8, rt.BY_DISTRICT: 6, rt.BY_EQUIPMENT: 6, rt.FAQ: 6, rt.UNANSWERED: 5, rt.BY_CATEGORY: 13}
LEFT_OUT = (rt.TOTAL, rt.TIMES)  # the figures at the top of the page say them already
BARS = (rt.BY_CATEGORY, rt.BY_CHANNEL, rt.UNDERSTANDING, rt.FOLLOWUP, rt.BY_KIND, rt.BY_EQUIPMENT, rt.BY_STATUS,
        rt.BY_SCHOOL, rt.BY_DISTRICT, rt.SATISFACTION)
NOT_BARS = {rt.MEAN, rt.RATED}


def shorten(rows: list[tuple[str, Any]], keep: int) -> list[tuple[str, Any]]:
    """Keep the first rows of a table and sum the rest into one row."""
    if len(rows) <= keep:
        return rows
    rest = rows[keep - 1:]
    return [*rows[:keep - 1], (rt.others(len(rest)), sum(n for _, n in rest if isinstance(n, int | float)))]


def chart_points(period: Period, summary: Summary) -> list[charts.Point]:
    """Return requests per day for a month, per month for a longer period."""
    if len(period.months) == 1:
        last = (period.end - timedelta(days=1)).date()
        return charts.days(summary.by_day, period.start.date(), last)
    return charts.months(summary.by_day, period.months)


def table(title: str, rows: list[tuple[str, Any]]) -> list[tuple[str, Any, float | None]]:
    """Shorten a table for the page and give each row its bar's length in percent of the largest (None: no bar)."""
    kept = shorten(rows, SHORT[title]) if title in SHORT else rows
    if title not in BARS:
        return [(label, value, None) for label, value in kept]
    peak = max((v for label, v in rows if label not in NOT_BARS and isinstance(v, int | float)), default=0) or 1
    summed = len(kept) < len(rows)  # its last row adds up the rest: no bar of its own, it would dwarf the others
    return [(label, value, None if label in NOT_BARS or not isinstance(value, int | float)
             or (summed and n == len(kept) - 1) else round(100 * max(0, value) / peak, 1))
            for n, (label, value) in enumerate(kept)]


def render(meta: Any, parts: list[tuple[str, list[tuple[str, list[tuple[str, Any]]]]]], summary: Summary) -> str:
    """Return the page's HTML for the summary's parts (export.parts) and the report's meta (export.Meta)."""
    shown = [(part, [(title, table(title, rows)) for title, rows in tables if title not in LEFT_OUT])
             for part, tables in parts]
    answered, resolved = summary.on_time()
    figures = summary.figures()
    generated: datetime = meta.generated_at.astimezone(BANGKOK)
    return _env.get_template("report.html").render(
        meta=meta, parts=shown, total=summary.total, answered=answered, resolved=resolved,
        satisfaction=figures["satisfaction_mean"], rated=figures["satisfaction_count"], figures=figures,
        chart=charts.layout(chart_points(meta.period, summary), width=640, height=100),
        generated=short_datetime(generated), rt=rt)
