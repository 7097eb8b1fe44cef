"""Statistics on the admin page: choose a month or fiscal year, download XLSX/CSV, or open the printable page."""

from __future__ import annotations

import io

from flask import Blueprint, Response, render_template, request, send_file

from bot.admin import query
from bot.admin.common import TEMPLATE_HELPERS, audit, services, staff_name
from bot.clock import BANGKOK, utcnow
from bot.register.rules import fiscal_year_be
from bot.stats import export
from bot.stats.report import Period
from bot.texts import forms
from bot.thai import BE_OFFSET, DateRefused, be_month, parse_month

MIMETYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}


def _period() -> Period:
    fiscal_year = query.year("fiscal_year", buddhist=True)
    if fiscal_year is not None:
        return Period.fiscal_year(fiscal_year + BE_OFFSET)
    return Period.month(query.month("month", utcnow().astimezone(BANGKOK).strftime("%Y-%m")))


def stats_page() -> tuple[str, int]:
    now = utcnow().astimezone(BANGKOK)
    typed = request.args.get("month", "").strip()
    try:
        found = parse_month(typed, now.date())
        error = None
    except DateRefused as refused:  # the page again, with the message and what was typed, not a bare 400
        found, error = None, forms.date_refused(forms.MONTH_FIELD, typed, refused.reason, refused.year,
                                                refused.years, month=True)
    month = f"{found[0]:04d}-{found[1]:02d}" if found else now.strftime("%Y-%m")  # links carry it in CE
    period = Period.month(month) if error else _period()
    year, number = (int(part) for part in month.split("-"))
    return render_template("admin/stats.html", period=period, month=month,
                           month_be=typed if error else be_month(year, number), month_error=error,
                           fiscal_year=request.args.get("fiscal_year", str(fiscal_year_be(now))),
                           **TEMPLATE_HELPERS), 400 if error else 200


def download() -> Response:
    """Build the report for the period and send it (XLSX or CSV; ?anonymous=1 leaves out personal data)."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in export.FORMATS:
        query.refuse(f"format: one of {', '.join(export.FORMATS)}")
    period = _period()
    anonymous = request.args.get("anonymous") == "1"
    name = f"stats-{period.months[0] if len(period.months) == 1 else period.label}.{fmt}"
    # built in memory: a copy on disk would outlive the request (nothing reliably removes it) with personal data
    buffer = io.BytesIO()
    # the printable page names who prints it under ผู้รายงาน
    count = services().reports.produce(period, fmt, buffer, utcnow(), anonymous, reporter=staff_name())
    audit("stats.export", period.label, format=fmt, anonymous=anonymous, requests=count)
    if fmt == "html":
        return Response(buffer.getvalue(), mimetype=MIMETYPES["html"])
    buffer.seek(0)
    return send_file(buffer, mimetype=MIMETYPES[fmt], as_attachment=True, download_name=name)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/stats", "stats", stats_page)
    bp.add_url_rule("/stats/download", "stats_download", download)
