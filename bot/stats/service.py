"""Produce a statistics report from the database: for the CLI, the admin page and the monthly job."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from bot import texts
from bot.clock import BANGKOK
from bot.line.messages import text
from bot.stats import export
from bot.stats.report import Period, Record
from bot.storage import outbox_repo, reminders_repo, settings_repo, stats_repo
from bot.storage.db import readers_for

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.app import Services

REPORTS = Path("instance") / "reports"  # where the monthly job keeps its files (relative like the database)


def meta(session: Session, services: Services, period: Period, now: datetime, anonymous: bool) -> export.Meta:
    """Gather what the report needs besides the register: labels, office name, FAQ figures."""
    office = settings_repo.office(session, services.settings.office)
    questions = {e.id: e.question for e in services.knowledge.current(session).entries}
    return export.Meta(period, str(office["name"]), settings_repo.categories(session), now,
                       stats_repo.faq_answers(session, period.months), questions,
                       stats_repo.top_unanswered(session, period.start, period.end), anonymous)


def produce(services: Services, period: Period, fmt: str, target: Path | IO[bytes], now: datetime,
            anonymous: bool = False, progress: Callable[[int], None] | None = None) -> int:
    """Write the report for a period to a file or a binary buffer; return how many requests it covers."""
    with readers_for(services.sessions)() as session:
        info = meta(session, services, period, now, anonymous or fmt == "html")
        counted = 0

        def records() -> Iterator[Record]:
            nonlocal counted
            for record in stats_repo.register_rows(session, period.start, period.end):
                counted += 1
                if progress is not None and counted % 1000 == 0:
                    progress(1000)
                yield record

        export.write(fmt, records(), info, target)
        if progress is not None:
            progress(counted % 1000)
        return counted


def last_month(now: datetime) -> Period:
    first = now.astimezone(BANGKOK).replace(day=1)
    previous = first - timedelta(days=1)
    return Period.month(f"{previous.year:04d}-{previous.month:02d}")


def monthly(services: Services, now: datetime, folder: Path = REPORTS) -> Path | None:
    """On the 1st: write last month's report once and tell the staff group where to download it."""
    period = last_month(now)
    month = period.months[0]
    path = folder / f"stats-{month}.xlsx"
    with readers_for(services.sessions)() as session:
        if reminders_repo.has_notice(session, f"report:{month}"):
            return None  # done already, by this or another scheduler
    # written outside any write transaction (it may take a while), under a temporary name, then moved in place
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    produce(services, period, "xlsx", partial, now)
    partial.replace(path)
    with services.sessions() as session, session.begin():
        note = texts.report_ready(period.label, f"{services.settings.base_url}/admin/stats?month={month}")
        # the notice is the once-only key: a second scheduler that also wrote the file tells no one again
        if reminders_repo.notify(session, f"report:{month}", "report", note, now):
            group = settings_repo.office(session, services.settings.office)["staff_group_id"]
            if group:
                outbox_repo.enqueue(session, str(group), [text(note)], services.sender.clock())
    return path
