"""`bot stats export`: the statistics report for a month or a fiscal year as XLSX, CSV or a printable page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.services import build
from bot.clock import utcnow


@click.group("stats")
def stats_commands() -> None:
    """Statistics reports from the register."""


@stats_commands.command("export")
@click.option("--month", help="YYYY-MM (Common Era), e.g. 2026-11")
@click.option("--fiscal-year", "fiscal_year", type=int, help="Buddhist-era fiscal year, e.g. 2570 (Oct–Sep)")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "html"]), default="xlsx", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--anonymous", is_flag=True, help="leave out names, phones, subjects and comments (to share outside)")
def export(month: str | None, fiscal_year: int | None, fmt: str, output: Path, anonymous: bool) -> None:
    """Write the report of a month or a fiscal year."""
    from bot.stats.report import Period
    from bot.storage import stats_repo
    from bot.storage.db import readers_for

    if bool(month) == bool(fiscal_year):
        raise click.UsageError("give either --month YYYY-MM or --fiscal-year 25xx")
    try:
        period = Period.month(month) if month else Period.fiscal_year(int(fiscal_year or 0))
    except ValueError as exc:
        raise click.BadParameter(f"{month}: use YYYY-MM, e.g. 2026-11") from exc
    services = build()
    with readers_for(services.sessions)() as session:
        total = stats_repo.count(session, period.start, period.end)
    with click.progressbar(length=total, label=f"{period.label}: {total:,} requests", file=sys.stderr) as bar:
        written = services.reports.produce(period, fmt, output, utcnow(), anonymous, progress=bar.update)
    click.echo(f"wrote {output} ({written:,} requests, {period.label})")
