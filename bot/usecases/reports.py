"""Produce a statistics report from the database: for the CLI, the admin page and the monthly job."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session, sessionmaker

from bot import texts
from bot.clock import BANGKOK
from bot.office import Office
from bot.stats import export
from bot.stats.report import Period, Record
from bot.storage import notices_repo, settings_repo, stats_repo
from bot.storage.db import readers_for
from bot.usecases.faq_index import Knowledge
from bot.usecases.send_once import Claimed, Courier, send_once
from bot.usecases.staff import tell_staff

REPORTS = Path("instance") / "reports"  # where the monthly job keeps its files (relative like the database)


def last_month(now: datetime) -> Period:
    """Return the calendar month before `now` (Bangkok time)."""
    first = now.astimezone(BANGKOK).replace(day=1)
    previous = first - timedelta(days=1)
    return Period.month(f"{previous.year:04d}-{previous.month:02d}")


class Reports:
    """Write the manual's statistics report for any period; once a month, last month's for the staff group."""

    def __init__(self, sessions: sessionmaker[Session], knowledge: Knowledge, office: Office, base_url: str,
                 courier: Courier) -> None:
        self.sessions = sessions
        self.readers = readers_for(sessions)
        self.knowledge = knowledge
        self.office = office  # as installed: the name on the report, the staff group
        self.base_url = base_url
        self.courier = courier

    def meta(self, session: Session, period: Period, now: datetime, anonymous: bool,
             reporter: str | None = None) -> export.Meta:
        """Gather what the report needs besides the register: labels, office name, FAQ figures."""
        office = settings_repo.office(session, self.office)
        questions = {e.id: e.question for e in self.knowledge.current(session).entries}
        return export.Meta(period, office.name, settings_repo.categories(session), now,
                           stats_repo.faq_answers(session, period.months), questions,
                           stats_repo.top_unanswered(session, period.start, period.end), anonymous, reporter)

    def produce(self, period: Period, fmt: str, target: Path | IO[bytes], now: datetime, anonymous: bool = False,
                progress: Callable[[int], None] | None = None, reporter: str | None = None) -> int:
        """Write the report for a period to a file or a binary buffer; return how many requests it covers."""
        with self.readers() as session:
            info = self.meta(session, period, now, anonymous or fmt == "html", reporter)
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

    def monthly(self, now: datetime, folder: Path = REPORTS) -> Path | None:
        """On the 1st: write last month's report once and tell the staff group where to download it."""
        period = last_month(now)
        month = period.months[0]
        path = folder / f"stats-{month}.xlsx"
        with self.readers() as session:
            if notices_repo.has_notice(session, f"report:{month}"):
                return None  # done already, by this or another scheduler
        # written outside any write transaction (it may take a while), under a temporary name, then moved in place
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        self.produce(period, "xlsx", partial, now)
        partial.replace(path)
        note = texts.report_ready(period.label, f"{self.base_url}/admin/stats?month={month}")

        def claim(session: Session) -> Claimed:
            # the notice is the once-only key: a second scheduler that also wrote the file tells no one again
            rows = tell_staff(session, self.office, note, self.courier.clock(), key=f"report:{month}", kind="report")
            return Claimed(queued=[row.id for row in rows or ()])

        send_once(self.sessions, claim, self.courier)
        return path
