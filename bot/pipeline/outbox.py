"""The one way out to LINE: deliver queued messages by reply or push, retrying safely."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot import logs, texts
from bot.clock import BANGKOK, first_of_next_month, utcnow
from bot.line.client import LineClient, LineError
from bot.office import Office
from bot.storage import outbox_repo, settings_repo
from bot.storage.db import readers_for
from bot.storage.models import OutboxMessage
from bot.thai import short_datetime
from bot.usecases.staff import tell_staff

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 600.0
CHUNK = 128  # messages of a broadcast claimed, sent and recorded together: a killed sender strands no more
PROBE_SECONDS = 3.0  # while LINE is away, one waiting message tries this often, so recovery is seen at once
RESET_CHECK_SECONDS = 2.0  # after a success, look this often for messages backing off from an earlier failure


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next try: 2, 4, 8 … seconds, capped at ten minutes, with jitter."""
    base = min(2.0**attempts, MAX_BACKOFF_SECONDS)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def quota_restarts(now: datetime) -> datetime:
    """Return when LINE's monthly quota starts again: the first of next month, Bangkok time."""
    return datetime.combine(first_of_next_month(now.astimezone(BANGKOK).date()), time(0), BANGKOK)


@dataclass(frozen=True)
class Delivery:
    """How one delivery attempt ended."""

    status: str  # sent | pending (try again later) | held (quota used up) | expired | failed (gave up)
    via: str | None = None
    http_status: int | None = None
    error: str | None = None
    keep_token: bool = False  # the reply token never reached LINE: a retry may still reply for free
    retry_now: bool = False  # nothing was tried (the claim was about to run out): due again at once
    message_ids: tuple[str, ...] = ()  # LINE's ids of the messages sent (a card about a request is remembered)


class Sender:
    """Deliver outbox messages; safe to run in many threads and processes at once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        line: LineClient,
        max_attempts: int = 12,
        clock: Callable[[], datetime] = utcnow,
        office: Office | None = None,
    ) -> None:
        self.sessions = sessions
        self.readers = readers_for(sessions)
        self.line = line
        self.max_attempts = max_attempts  # tries before staff are told that LINE is away (it keeps trying)
        self.clock = clock
        self.office = office or Office()  # the installation's office settings, for the staff group
        self.blocked_until: datetime | None = None  # pushes wait until then: the monthly quota ran out
        self._last_probe: datetime | None = None
        self._last_reset_check: datetime | None = None
        self._lock = threading.Lock()
        # a send must start with this much of its claim left, or another sender may take the message meanwhile
        self.claim_margin = timedelta(seconds=line.timeout + 5)

    def refresh_quota_block(self) -> datetime | None:
        """Read whether another process found the monthly quota used up (or staff lifted the block)."""
        with self.readers() as session:
            self.blocked_until = settings_repo.quota_block(session)
        return self.blocked_until

    def deliver_due(self, limit: int = 50) -> int:
        """Try every due message once (or, while LINE is away, one probe); return how many were taken."""
        now = self.clock()
        with self.readers() as session:
            ids = list(outbox_repo.due(session, now, limit))
            if ids:
                self.blocked_until = settings_repo.quota_block(session)
            elif self._probe_due(now):
                ids = list(outbox_repo.waiting_after_failure(session, now, limit=1))
        return sum(self.deliver(message_id, early=True) is not None for message_id in ids)

    def _probe_due(self, now: datetime) -> bool:
        with self._lock:
            if self._last_probe is not None and now - self._last_probe < timedelta(seconds=PROBE_SECONDS):
                return False
            self._last_probe = now
            return True

    def deliver(self, message_id: int, early: bool = False) -> Delivery | None:
        """Claim one message, send it, and record the outcome; None if another sender has it."""
        with self.sessions() as session, session.begin():
            row = outbox_repo.claim(session, message_id, self.clock(), LEASE_SECONDS, early=early)
            if row is None:
                return None
            session.expunge(row)
        return self.send_claimed(row)

    def deliver_many(self, ids: Sequence[int], threads: int = 8) -> dict[str, int]:
        """Send many messages (a reminder to every school group) from a pool of threads; count outcomes.

        Messages are claimed CHUNK at a time while the previous chunk is still out (the pool never waits for its
        slowest send), and outcomes are recorded as they come in, CHUNK at a time: a sender killed midway leaves
        at most two chunks claimed (taken up again when their claim runs out; retry keys make a repeat
        harmless). A chat's messages still go one after another: those behind another open message of the same
        chat are taken once the earlier one is done.
        """
        counts: dict[str, int] = {}
        self.refresh_quota_block()
        waiting = list(ids)
        in_flight: dict[Future[Delivery], OutboxMessage] = {}
        finished: list[tuple[OutboxMessage, Delivery]] = []
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="send") as pool:
            while waiting or in_flight:
                if waiting and len(in_flight) <= CHUNK:
                    with self.sessions() as session, session.begin():
                        rows = outbox_repo.claim_many(session, waiting[:CHUNK * 4], self.clock(), LEASE_SECONDS,
                                                      limit=CHUNK)
                        session.expunge_all()
                    taken = {row.id for row in rows}
                    waiting = [message_id for message_id in waiting if message_id not in taken]
                    in_flight.update({pool.submit(self._attempt_safely, row): row for row in rows})
                    if not rows and not in_flight:
                        break  # the rest wait behind a message to be retried later, or another sender has them
                done, _ = wait(in_flight, timeout=1.0, return_when=FIRST_COMPLETED)
                finished.extend((in_flight.pop(future), future.result()) for future in done)
                if finished and (len(finished) >= CHUNK or not in_flight):
                    self._record([row for row, _ in finished], [outcome for _, outcome in finished])
                    for _, outcome in finished:
                        counts[outcome.status] = counts.get(outcome.status, 0) + 1
                    finished = []
        return counts

    def send_claimed(self, row: OutboxMessage) -> Delivery:
        """Send a message this sender has claimed and record the outcome."""
        return self.send_claimed_many([row])[0]

    def send_claimed_many(self, rows: Sequence[OutboxMessage]) -> list[Delivery]:
        """Send claimed messages one after another, then record their outcomes in one transaction."""
        outcomes = [self._attempt_safely(row) for row in rows]
        self._record(rows, outcomes)
        for row, outcome in zip(rows, outcomes, strict=True):
            level = logging.WARNING if outcome.status not in ("sent", "held") else logging.DEBUG
            log.log(level, "outbox %s to %s: %s via %s (%s) %s", row.id, row.chat_id, outcome.status,
                    outcome.via, outcome.http_status, outcome.error or "")
        return outcomes

    def _attempt_safely(self, row: OutboxMessage) -> Delivery:
        if row.lease_until is not None and row.lease_until - self.clock() < self.claim_margin:
            return Delivery("pending", None, None, "claim ran out before sending", retry_now=True)
        try:
            return self._attempt(row)
        except Exception as exc:  # e.g. a message LINE's schema rejects: retrying cannot help
            logs.failure(log, "outbox %s could not be sent", exc, row.id)
            return Delivery("failed", None, None, logs.describe(exc))

    def _attempt(self, row: OutboxMessage) -> Delivery:
        """Reply while the token is fresh; otherwise, or if LINE refuses the token, push."""
        now = self.clock()
        if row.expires_at is not None and row.expires_at <= now:
            return Delivery("expired", None, None, "no longer useful (e.g. the round closed)")
        if row.reply_token and row.reply_expires_at and row.reply_expires_at > now:
            try:
                sent = self.line.reply(row.reply_token, row.messages)
                return Delivery("sent", "reply", sent.status, message_ids=sent.message_ids)
            except LineError as exc:
                if exc.maybe_delivered:  # LINE may have shown it: no push of the same answer right behind it
                    return Delivery("pending", "reply", None, f"reply outcome unknown: {exc.detail}")
                if exc.status is None:  # never reached LINE: the token is still good for the next try
                    return Delivery("pending", "reply", None, exc.detail, keep_token=True)
                log.info("reply to %s refused (%s), falling back to push", row.chat_id, exc)
        if self.blocked_until is not None and self.blocked_until > now:
            return Delivery("held", "push", None, "LINE's monthly message quota is used up")
        try:
            sent = self.line.push(row.chat_id, row.messages, row.retry_key)
            return Delivery("sent", "push", sent.status, message_ids=sent.message_ids)
        except LineError as exc:
            if exc.status == 409:  # LINE already accepted this retry key: delivered earlier
                return Delivery("sent", "push", 409)
            if exc.monthly_limit:
                self._quota_used_up(now)
                return Delivery("held", "push", 429, exc.detail)
            if exc.retryable:  # LINE is away or busy: never given up on, staff are told past the budget
                return Delivery("pending", "push", exc.status, exc.detail)
            return Delivery("failed", "push", exc.status, exc.detail)

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
            # the block just set keeps this from being pushed: the notice waits on the admin page
            tell_staff(session, self.office, texts.quota_exhausted(short_datetime(until)), now,
                       key=f"quota:{local:%Y-%m}", kind="quota")

    def _record(self, rows: Sequence[OutboxMessage], outcomes: Sequence[Delivery]) -> None:
        """Store what happened to claimed messages, then react: LINE back (retry the waiting) or away (tell)."""
        now = self.clock()
        with self.sessions() as session, session.begin():
            outbox_repo.record(session, [self._record_values(row, outcome, now)
                                         for row, outcome in zip(rows, outcomes, strict=True)])
            outbox_repo.remember_cards(session, [(row.ticket_id, row.chat_id, outcome.message_ids)
                                                 for row, outcome in zip(rows, outcomes, strict=True)
                                                 if row.ticket_id is not None and outcome.status == "sent"], now)
            over_budget = [row for row, outcome in zip(rows, outcomes, strict=True)
                           if outcome.status == "pending" and outcome.http_status != 429
                           and row.attempts >= self.max_attempts]
            if over_budget:
                self._tell_line_is_away(session, now)
        if any(outcome.status == "sent" for outcome in outcomes):
            self._retry_waiting(now)
        elif any(outcome.status == "pending" and not outcome.retry_now for outcome in outcomes):
            with self._lock:
                self._last_probe = now  # LINE just failed: the next probe can wait

    def _tell_line_is_away(self, session: Session, now: datetime) -> None:
        """Tell staff (once a day) that messages are waiting for LINE; they are kept until it answers."""
        waiting, since = outbox_repo.waiting_summary(session)
        note = texts.line_unreachable(waiting, short_datetime((since or now).astimezone(BANGKOK)))
        if tell_staff(session, self.office, note, now, key=f"line-away:{now.astimezone(BANGKOK):%Y-%m-%d}",
                      kind="line") is not None:
            log.error("LINE has not accepted messages for a while: %s waiting", waiting)

    def _retry_waiting(self, now: datetime) -> None:
        """LINE accepted a message: messages backing off from an earlier failure are due now, not in minutes."""
        with self._lock:
            if self._last_reset_check is not None and now - self._last_reset_check < timedelta(
                    seconds=RESET_CHECK_SECONDS):
                return
            self._last_reset_check = now
        with self.readers() as session:
            if not outbox_repo.waiting_after_failure(session, now, limit=1):
                return
        with self.sessions() as session, session.begin():
            count = outbox_repo.retry_now(session, now, self.blocked_until)
        if count:
            log.info("LINE answers again: %s waiting messages are due now", count)

    def _record_values(self, row: OutboxMessage, outcome: Delivery, now: datetime) -> dict[str, Any]:
        """Return the columns to store after an attempt, for the claim this sender holds (its `attempts`)."""
        values: dict[str, Any] = {
            "b_id": row.id, "b_claim": row.attempts, "status": outcome.status, "via": outcome.via,
            "last_status": outcome.http_status, "last_error": outcome.error, "lease_until": None,
            # a token is single use: once LINE may have seen it, it is never tried again
            "reply_token": row.reply_token if outcome.keep_token else None,
            "sent_at": now if outcome.status == "sent" else None, "next_attempt_at": row.next_attempt_at,
        }
        if outcome.retry_now:
            values["next_attempt_at"] = now
        elif outcome.status == "pending":
            values["next_attempt_at"] = now + backoff(row.attempts)
        elif outcome.status == "held":
            values["status"] = "pending"
            values["next_attempt_at"] = self.blocked_until or quota_restarts(now)
        return values
