"""Statistics on the admin page: choose a month or fiscal year, download XLSX/CSV, or open the printable page."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, after_this_request, render_template, request, send_file

from bot.admin.common import TEMPLATE_HELPERS, audit, services
from bot.clock import BANGKOK, utcnow
from bot.register.rules import fiscal_year_be
from bot.stats import export, service
from bot.stats.report import Period

MIMETYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}


def _period() -> Period:
    try:
        if request.args.get("fiscal_year"):
            return Period.fiscal_year(int(request.args["fiscal_year"]))
        return Period.month(request.args.get("month") or utcnow().astimezone(BANGKOK).strftime("%Y-%m"))
    except ValueError:
        abort(400)


def stats_page() -> str:
    now = utcnow().astimezone(BANGKOK)
    period = _period()
    return render_template("admin/stats.html", period=period, month=request.args.get("month", now.strftime("%Y-%m")),
                           fiscal_year=request.args.get("fiscal_year", str(fiscal_year_be(now))), **TEMPLATE_HELPERS)


def download() -> Response:
    """Build the report for the period and send it (XLSX or CSV; ?anonymous=1 leaves out personal data)."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in export.FORMATS:
        abort(400)
    period = _period()
    anonymous = request.args.get("anonymous") == "1"
    folder = Path(tempfile.mkdtemp(prefix="stats-"))
    path = folder / f"stats-{'-'.join(period.months[:1]) if len(period.months) == 1 else period.label}.{fmt}"
    count = service.produce(services(), period, fmt, path, utcnow(), anonymous)
    audit("stats.export", period.label, format=fmt, anonymous=anonymous, requests=count)

    @after_this_request
    def remove(response: Response) -> Response:
        response.call_on_close(lambda: (path.unlink(missing_ok=True), folder.rmdir()))
        return response

    if fmt == "html":
        return Response(path.read_text(encoding="utf-8"), mimetype=MIMETYPES["html"])
    return send_file(path, mimetype=MIMETYPES[fmt], as_attachment=True, download_name=path.name)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/stats", "stats", stats_page)
    bp.add_url_rule("/stats/download", "stats_download", download)
