"""Run reminders against the database and LINE: what is due, sending it once, cost against the quota."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import postbacks, texts
from bot.clock import BANGKOK
from bot.collection_calendar import Round, reminders
from bot.line import cards
from bot.line.client import LineClient, LineError
from bot.office import Office
from bot.reminders import plan
from bot.storage import calendar_repo, groups_repo, outbox_repo, reminders_repo, settings_repo
from bot.storage.db import readers_for
from bot.storage.models import School
from bot.thai import short_datetime
from bot.usecases.send_once import Claimed, Courier, send_once
from bot.usecases.staff import tell_staff

log = logging.getLogger(__name__)

MEMBER_COUNT_MAX_AGE = timedelta(days=1)
ESTIMATE_AHEAD = timedelta(days=14)  # warn about the quota this long before a round's reminders start


@dataclass(frozen=True)
class Estimate:
    """Messages the coming reminders need in one month, against what the quota leaves."""

    year: int
    month: int
    needed: int
    available: int | None  # None: the plan has no monthly limit
    rounds: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return self.available is None or self.needed <= self.available


def targets_of(session: Session) -> list[plan.GroupTarget]:
    """Return the groups that get reminders, as the planner sees them."""
    # from approval on: what fell due while the claim waited was never the group's to get
    return [plan.GroupTarget(g.group_id, None if g.area_wide else g.school_code, g.approved_at, g.member_count)
            for g in groups_repo.reminder_targets(session)]


def expires_at(round_: Round) -> datetime:
    """A reminder is no use after its round's last day (Bangkok midnight)."""
    return datetime.combine(round_.closes + timedelta(days=1), time(0, 0), BANGKOK)


class Reminders:
    """Send each due (reminder, group) once, however many schedulers run and whenever they catch up."""

    def __init__(self, sessions: sessionmaker[Session], sender: Courier, line: LineClient, grace: timedelta,
                 office: Office, threads: int = 8) -> None:
        self.sessions = sessions
        self.office = office  # as installed: the staff group for notices
        self.readers = readers_for(sessions)
        self.sender = sender
        self.line = line
        self.grace = grace
        self.threads = threads

    def due(self, at: datetime) -> list[plan.DueReminder]:
        """List what is due at `at` and not recorded yet (late ones are recorded as skipped, not sent)."""
        with self.readers() as session:
            return self._plan(session, at)

    def _plan(self, session: Session, at: datetime) -> list[plan.DueReminder]:
        since = (at - plan.LOOKBACK).date()
        rounds = [r for r in calendar_repo.rounds(session) if r.closes >= since]
        ids = [r.id for r in rounds if r.id is not None]
        return plan.due(rounds, targets_of(session), reminders_repo.recorded(session, ids),
                        reminders_repo.completions(session, ids), at, self.grace)

    def send_due(self, at: datetime) -> dict[str, int]:
        """Record every due reminder under its unique key, queue the ones to send, and send them."""
        return send_once(self.sessions, lambda session: self._claim(session, at), self.sender, self.threads)

    def _claim(self, session: Session, at: datetime) -> Claimed:
        """Record the due reminders under their unique keys and queue the ones to send (not the late ones)."""
        claimed = Claimed()
        due = self._plan(session, at)
        if not due:
            return claimed
        blocked = settings_repo.quota_block(session)
        status = "quota" if blocked is not None and blocked > at else "queued"
        rows = [{"round_id": d.round.id, "offset": d.reminder.offset, "group_id": d.target.group_id,
                 "due_at": d.reminder.at, "status": "late" if d.late else status,
                 "members": d.target.members, "created_at": at} for d in due]
        keys = reminders_repo.record_many(session, rows)  # another scheduler may hold some keys already
        mine = [(d, keys[(d.round.id, d.reminder.offset, d.target.group_id)], row["status"])
                for d, row in zip(due, rows, strict=True) if (d.round.id, d.reminder.offset, d.target.group_id) in keys]
        claimed.counts.update(state for _, _, state in mine)
        claimed.counts["already"] = len(due) - len(mine)
        self._tell_staff_of_skips(session, [(d, state) for d, _, state in mine if state != "queued"], at)
        claimed.queued = self._queue(session, [(d, send_id) for d, send_id, state in mine if state == "queued"])
        return claimed

    def _tell_staff_of_skips(self, session: Session, skipped: list[tuple[plan.DueReminder, str]], at: datetime) -> None:
        """Leave one notice per reminder that could not go out (late or over the quota), counting the groups."""
        groups: Counter[tuple[str, str, str]] = Counter(
            (d.round.name, short_datetime(d.reminder.at), state) for d, state in skipped)
        for (name, when, reason), count in groups.items():
            tell_staff(session, self.office, texts.reminders_skipped(name, when, count, reason), self.sender.clock(),
                       key=f"skipped:{name}:{when}:{reason}", kind=reason)
        if skipped:
            log.warning("%s reminders recorded as skipped (late or over the quota)", len(skipped))

    def _queue(self, session: Session, items: list[tuple[plan.DueReminder, int]]) -> list[int]:
        """Put the reminders in the outbox, each tied to its send record; return the outbox ids."""
        if not items:
            return []
        schools = session.scalar(select(func.count()).select_from(School)) or 0
        done = Counter(round_id for round_id, _ in reminders_repo.completions(session, {d.round.id for d, _ in items}))
        ids: list[int] = []
        by_round: dict[int, list[tuple[plan.DueReminder, int]]] = {}
        for item in items:
            by_round.setdefault(item[0].round.id or 0, []).append(item)
        for round_items in by_round.values():
            round_ = round_items[0][0].round
            chats = []
            for item, send_id in round_items:
                progress = (done[round_.id], schools) if item.target.school_code is None else None
                button = None if progress else (texts.ROUND_DONE_BUTTON,
                                                postbacks.data(postbacks.ROUND_DONE, round=round_.id))
                message = cards.reminder(plan.message(round_, item.reminder, progress), button)
                chats.append((item.target.group_id, message, send_id))
            # queued for the sender's now, not `at`: `send-due --at` a little ahead still sends at once
            ids.extend(outbox_repo.enqueue_many(session, chats, self.sender.clock(), expires_at(round_)))
        return ids

    def refresh_member_counts(self, at: datetime) -> int:
        """Ask LINE how many members each reminded group has, where the stored count is old."""
        with self.readers() as session:
            stale = [t.group_id for t in targets_of(session)]
            fresh = {g.group_id for g, _ in groups_repo.all_groups(session)
                     if g.member_count_at is not None and at - g.member_count_at < MEMBER_COUNT_MAX_AGE}
        counts = {}
        for group_id in stale:
            if group_id in fresh:
                continue
            try:
                counts[group_id] = self.line.group_member_count(group_id)
            except LineError as exc:  # keep the old count; the estimate says it is a guess
                log.warning("member count of %s unavailable: %s", group_id, exc)
        with self.sessions() as session, session.begin():
            for group_id, count in counts.items():
                group = groups_repo.get(session, group_id)
                if group is not None:
                    groups_repo.set_member_count(session, group, count, at)
        return len(counts)

    def estimate(self, at: datetime, ahead: timedelta = ESTIMATE_AHEAD) -> list[Estimate]:
        """Estimate per month the messages of rounds whose reminders start within `ahead`, against the quota."""
        with self.readers() as session:
            # rounds with reminders still to come, the first of which is less than `ahead` away
            rounds = [r for r in calendar_repo.rounds(session)
                      if (times := [rem.at for rem in reminders(r)]) and times[-1] >= at and times[0] <= at + ahead]
            targets = targets_of(session)
            done = reminders_repo.completions(session, [r.id for r in rounds if r.id is not None])
        needed: Counter[tuple[int, int]] = Counter()
        names: dict[tuple[int, int], list[str]] = {}
        for round_ in rounds:
            for month, count in plan.cost_by_month(round_, targets, at, done).items():
                needed[month] += count
                names.setdefault(month, []).append(round_.name)
        if not needed:
            return []
        try:
            quota, used = self.line.quota(), self.line.consumption()
        except LineError as exc:
            log.warning("LINE quota unavailable, estimate without it: %s", exc)
            quota, used = None, 0
        this_month = (at.astimezone(BANGKOK).year, at.astimezone(BANGKOK).month)
        return [Estimate(y, m, count, None if quota is None else quota - (used if (y, m) == this_month else 0),
                         tuple(names[(y, m)])) for (y, m), count in sorted(needed.items())]

    def warn_about_quota(self, at: datetime) -> list[Estimate]:
        """Leave staff a notice (once per month) when the coming reminders will not fit in the quota."""
        self.refresh_member_counts(at)
        short = [e for e in self.estimate(at) if not e.fits]
        with self.sessions() as session, session.begin():
            for item in short:
                note = texts.quota_warning(", ".join(item.rounds), plan.month_name(item.year, item.month),
                                           item.needed, item.available or 0)
                key = f"quota-estimate:{item.year}-{item.month:02d}"
                if tell_staff(session, self.office, note, self.sender.clock(), key=key, kind="quota") is not None:
                    log.warning("%s", note)
        return short

    def daily(self, at: datetime) -> None:
        """Once a day: make sure the calendar has this and next academic year, and check the quota."""
        with self.sessions() as session, session.begin():
            added = calendar_repo.seed(session, at.astimezone(BANGKOK).date(), at)
        if added:
            log.info("added %s default rounds to the calendar", added)
        self.warn_about_quota(at)
