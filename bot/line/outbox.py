"""The one way out to LINE: deliver queued messages by reply or push, retrying safely."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot import texts
from bot.clock import BANGKOK, first_of_next_month, utcnow
from bot.line.client import LineClient, LineError
from bot.storage import outbox_repo, reminders_repo, settings_repo
from bot.storage.db import readers_for
from bot.storage.models import OutboxMessage
from bot.thai import short_datetime

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 600.0
BATCH = 500  # messages claimed and recorded per transaction when sending many at once


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next try: 2, 4, 8 … seconds, capped at ten minutes, with jitter."""
    base = min(2.0**attempts, MAX_BACKOFF_SECONDS)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def quota_restarts(now: datetime) -> datetime:
    """Return when LINE's monthly quota starts again: the first of next month, Bangkok time."""
    return datetime.combine(first_of_next_month(now.astimezone(BANGKOK).date()), time(0), BANGKOK)


@dataclass(frozen=True)
class Outcome:
    """How one delivery attempt ended."""

    status: str  # sent | pending (try again later) | held (quota used up) | expired | failed (gave up)
    via: str | None = None
    http_status: int | None = None
    error: str | None = None


class Sender:
    """Deliver outbox messages; safe to run in many threads and processes at once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        line: LineClient,
        max_attempts: int = 12,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.readers = readers_for(sessions)
        self.line = line
        self.max_attempts = max_attempts
        self.clock = clock
        self.blocked_until: datetime | None = None  # pushes wait until then: the monthly quota ran out

    def refresh_quota_block(self) -> datetime | None:
        """Read whether another process found the monthly quota used up (or staff lifted the block)."""
        with self.readers() as session:
            self.blocked_until = settings_repo.quota_block(session)
        return self.blocked_until

    def deliver_due(self, limit: int = 50) -> int:
        """Try every due message once; return how many were taken."""
        with self.readers() as session:
            ids = outbox_repo.due(session, self.clock(), limit)
            if ids:
                self.blocked_until = settings_repo.quota_block(session)
        return sum(self.deliver(message_id) is not None for message_id in ids)

    def deliver(self, message_id: int) -> Outcome | None:
        """Claim one message, send it, and record the outcome; None if another sender has it."""
        with self.sessions() as session, session.begin():
            row = outbox_repo.claim(session, message_id, self.clock(), LEASE_SECONDS)
            if row is None:
                return None
            session.expunge(row)
        return self.send_claimed(row)

    def deliver_many(self, ids: Sequence[int], threads: int = 8) -> dict[str, int]:
        """Send many messages (a reminder to every school group) from a pool of threads; count outcomes.

        A chat's messages still go one after another: those behind another open message of the same chat
        are taken in the next round, once the earlier one is done.
        """
        counts: dict[str, int] = {}
        self.refresh_quota_block()
        waiting = list(ids)
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="send") as pool:
            while waiting:
                with self.sessions() as session, session.begin():
                    rows = outbox_repo.claim_many(session, waiting[:BATCH], self.clock(), LEASE_SECONDS)
                    session.expunge_all()
                if not rows:
                    break  # the rest wait behind a message that will be retried later, or another sender has them
                outcomes = list(pool.map(self._attempt_safely, rows))
                with self.sessions() as session, session.begin():
                    session.execute(update(OutboxMessage), [self._record_values(row, outcome)
                                                            for row, outcome in zip(rows, outcomes, strict=True)])
                for outcome in outcomes:
                    counts[outcome.status] = counts.get(outcome.status, 0) + 1
                taken = {row.id for row in rows}
                waiting = [message_id for message_id in waiting if message_id not in taken]
        return counts

    def send_claimed(self, row: OutboxMessage) -> Outcome:
        """Send a message this sender has claimed and record the outcome."""
        outcome = self._attempt_safely(row)
        with self.sessions() as session, session.begin():
            session.execute(update(OutboxMessage), [self._record_values(row, outcome)])
        level = logging.WARNING if outcome.status not in ("sent", "held") else logging.DEBUG
        log.log(level, "outbox %s to %s: %s via %s (%s) %s", row.id, row.chat_id, outcome.status,
                outcome.via, outcome.http_status, outcome.error or "")
        return outcome

    def _attempt_safely(self, row: OutboxMessage) -> Outcome:
        try:
            return self._attempt(row)
        except Exception as exc:  # e.g. a message LINE's schema rejects: retrying cannot help
            log.exception("outbox %s could not be sent", row.id)
            return Outcome("failed", None, None, f"{type(exc).__name__}: {exc}"[:2000])

    def _attempt(self, row: OutboxMessage) -> Outcome:
        """Reply while the token is fresh; otherwise, or if LINE refuses the token, push."""
        now = self.clock()
        if row.expires_at is not None and row.expires_at <= now:
            return Outcome("expired", None, None, "no longer useful (e.g. the round closed)")
        if row.reply_token and row.reply_expires_at and row.reply_expires_at > now:
            try:
                sent = self.line.reply(row.reply_token, row.messages)
                return Outcome("sent", "reply", sent.status)
            except LineError as exc:
                log.info("reply to %s refused (%s), falling back to push", row.chat_id, exc)
        if self.blocked_until is not None and self.blocked_until > now:
            return Outcome("held", "push", None, "LINE's monthly message quota is used up")
        try:
            sent = self.line.push(row.chat_id, row.messages, row.retry_key)
            return Outcome("sent", "push", sent.status)
        except LineError as exc:
            if exc.status == 409:  # LINE already accepted this retry key: delivered earlier
                return Outcome("sent", "push", 409)
            if exc.monthly_limit:
                self._quota_used_up(now)
                return Outcome("held", "push", 429, exc.detail)
            if exc.retryable and row.attempts < self.max_attempts:
                return Outcome("pending", "push", exc.status, exc.detail)
            return Outcome("failed", "push", exc.status, exc.detail)

    def _quota_used_up(self, now: datetime) -> None:
        """Stop pushing until the quota restarts, and leave staff a notice (once a month)."""
        if self.blocked_until is not None and self.blocked_until > now:
            return  # another thread of this batch already saw it
        until = quota_restarts(now)
        self.blocked_until = until
        log.error("LINE's monthly message quota is used up: pushes wait until %s", until.isoformat())
        local = now.astimezone(BANGKOK)
        with self.sessions() as session, session.begin():
            settings_repo.set_quota_block(session, until)
            reminders_repo.notify(session, f"quota:{local:%Y-%m}", "quota",
                                  texts.quota_exhausted(short_datetime(until)), now)

    def _record_values(self, row: OutboxMessage, outcome: Outcome) -> dict[str, Any]:
        """Return the columns to store after an attempt (a bulk UPDATE by primary key)."""
        now = self.clock()
        # A token is single-use: once we tried it, never try it again.
        values: dict[str, Any] = {"id": row.id, "status": outcome.status, "via": outcome.via,
                                  "last_status": outcome.http_status, "last_error": outcome.error,
                                  "lease_until": None, "reply_token": None}
        if outcome.status == "sent":
            values["sent_at"] = now
        elif outcome.status == "pending":
            values["next_attempt_at"] = now + backoff(row.attempts)
        elif outcome.status == "held":
            values["status"] = "pending"
            values["next_attempt_at"] = self.blocked_until or quota_restarts(now)
        return values
