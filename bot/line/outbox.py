"""The one way out to LINE: deliver queued messages by reply or push, retrying safely."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import utcnow
from bot.line.client import LineClient, LineError
from bot.storage import outbox_repo
from bot.storage.db import readers_for
from bot.storage.models import OutboxMessage

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 600.0


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next try: 2, 4, 8 … seconds, capped at ten minutes, with jitter."""
    base = min(2.0**attempts, MAX_BACKOFF_SECONDS)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


@dataclass(frozen=True)
class Outcome:
    """How one delivery attempt ended."""

    status: str  # sent | pending (try again later) | failed (gave up)
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

    def deliver_due(self, limit: int = 50) -> int:
        """Try every due message once; return how many were taken."""
        with self.readers() as session:
            ids = outbox_repo.due(session, self.clock(), limit)
        return sum(self.deliver(message_id) is not None for message_id in ids)

    def deliver(self, message_id: int) -> Outcome | None:
        """Claim one message, send it, and record the outcome; None if another sender has it."""
        with self.sessions() as session, session.begin():
            row = outbox_repo.claim(session, message_id, self.clock(), LEASE_SECONDS)
            if row is None:
                return None
            session.expunge(row)
        return self.send_claimed(row)

    def send_claimed(self, row: OutboxMessage) -> Outcome:
        """Send a message this sender has claimed and record the outcome."""
        try:
            outcome = self._attempt(row)
        except Exception as exc:  # e.g. a message LINE's schema rejects: retrying cannot help
            log.exception("outbox %s could not be sent", row.id)
            outcome = Outcome("failed", None, None, f"{type(exc).__name__}: {exc}"[:2000])
        with self.sessions() as session, session.begin():
            stored = session.get(OutboxMessage, row.id)
            assert stored is not None
            self._record(stored, outcome)
        level = logging.WARNING if outcome.status != "sent" else logging.DEBUG
        log.log(level, "outbox %s to %s: %s via %s (%s) %s", row.id, row.chat_id, outcome.status,
                outcome.via, outcome.http_status, outcome.error or "")
        return outcome

    def _attempt(self, row: OutboxMessage) -> Outcome:
        """Reply while the token is fresh; otherwise, or if LINE refuses the token, push."""
        now = self.clock()
        if row.reply_token and row.reply_expires_at and row.reply_expires_at > now:
            try:
                sent = self.line.reply(row.reply_token, row.messages)
                return Outcome("sent", "reply", sent.status)
            except LineError as exc:
                log.info("reply to %s refused (%s), falling back to push", row.chat_id, exc)
        try:
            sent = self.line.push(row.chat_id, row.messages, row.retry_key)
            return Outcome("sent", "push", sent.status)
        except LineError as exc:
            if exc.status == 409:  # LINE already accepted this retry key: delivered earlier
                return Outcome("sent", "push", 409)
            if exc.retryable and row.attempts < self.max_attempts:
                return Outcome("pending", "push", exc.status, exc.detail)
            return Outcome("failed", "push", exc.status, exc.detail)

    def _record(self, row: OutboxMessage, outcome: Outcome) -> None:
        now = self.clock()
        row.status = outcome.status
        row.via = outcome.via
        row.last_status = outcome.http_status
        row.last_error = outcome.error
        row.lease_until = None
        # A token is single-use: once we tried it, never try it again.
        row.reply_token = None
        if outcome.status == "sent":
            row.sent_at = now
        elif outcome.status == "pending":
            row.next_attempt_at = now + backoff(row.attempts)
