"""Process stored webhook events: per chat, in timestamp order, with bounded retries."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta

from linebot.v3.webhooks import Event
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import utcnow
from bot.handlers.context import Context
from bot.handlers.registry import Router
from bot.knowledge.live import Knowledge
from bot.line.client import LineClient, LineError
from bot.line.outbox import LEASE_SECONDS as OUTBOX_LEASE_SECONDS
from bot.line.outbox import Sender
from bot.settings import Settings
from bot.storage import inbox_repo, outbox_repo
from bot.storage.db import readers_for
from bot.storage.models import InboxEvent, OutboxMessage

log = logging.getLogger(__name__)

LEASE_SECONDS = 30.0
RETRY_DELAYS = (1, 5, 30, 120, 600)  # seconds before the 2nd, 3rd … attempt of a failed event
ANIMATED = ("message", "postback")


def parse_event(raw: dict) -> object | None:
    """Return the line-bot-sdk model of an event, or None for a type the SDK does not know."""
    try:
        return Event.from_dict(raw)
    except (ValueError, TypeError, KeyError):
        return None


class Processor:
    """Take events from the inbox, run their handlers, and hand answers to the sender."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        router: Router,
        line: LineClient,
        sender: Sender,
        settings: Settings,
        clock: Callable[[], datetime] = utcnow,
        knowledge: Knowledge | None = None,
    ) -> None:
        self.sessions = sessions
        self.readers = readers_for(sessions)
        self.knowledge = knowledge
        self.router = router
        self.line = line
        self.sender = sender
        self.settings = settings
        self.clock = clock

    def process_available(self, owner: str, limit: int = 20) -> int:
        """Process every chat with due events that nobody else is working on; return events handled."""
        with self.readers() as session:
            chats = inbox_repo.chats_with_work(session, self.clock(), limit)
        return sum(self.process_chat(chat_id, owner, source_type) for chat_id, source_type in chats)

    def process_chat(self, chat_id: str, owner: str, source_type: str = "") -> int:
        """Hold the chat's lease and handle its due events in order; return how many were handled."""
        with self.sessions() as session, session.begin():
            now = self.clock()
            inbox_repo.ensure_chat(session, chat_id, source_type, now)
            if not inbox_repo.lease_chat(session, chat_id, owner, now, LEASE_SECONDS):
                return 0
        handled = 0
        try:
            while (claimed := self._handle_next(chat_id, owner)) is not None:
                handled += 1
                for message in claimed:  # send at once, while the reply token is fresh
                    self.sender.send_claimed(message)
        finally:
            with self.sessions() as session, session.begin():
                inbox_repo.release_chat(session, chat_id, owner)
        return handled

    def _handle_next(self, chat_id: str, owner: str) -> list[OutboxMessage] | None:
        """Handle the chat's oldest event if due, in one transaction; None when there is nothing to do."""
        event_id = None
        with self.sessions() as session:
            try:
                with session.begin():
                    now = self.clock()
                    event = inbox_repo.next_event(session, chat_id)
                    if event is None or event.next_attempt_at > now:
                        return None
                    if not inbox_repo.lease_chat(session, chat_id, owner, now, LEASE_SECONDS):
                        return None
                    event_id = event.id
                    return self._run_handler(session, event, now)
            except Exception as exc:
                if event_id is None:  # the database itself failed: let the worker loop pause and retry
                    raise
                log.exception("event %s of chat %s failed", event_id, chat_id)
                self._record_failure(event_id, exc)
                return []

    def _run_handler(self, session: Session, event: InboxEvent, now: datetime) -> list[OutboxMessage]:
        """Run the event's handler and queue its answers, claimed for sending right after commit."""
        event.processed_at = now
        event.attempts += 1
        handler = self.router.resolve(event.payload)
        if handler is None:
            event.status = "skipped"
            log.info("event %s %s (%s): skipped, no handler", event.id, event.event_type, event.webhook_event_id)
            return []
        ctx = Context(
            raw=event.payload, event=parse_event(event.payload), session=session, line=self.line,
            settings=self.settings, now=now, event_id=event.id, knowledge=self.knowledge,
        )
        with self._loading_animation(event):
            handler(ctx)
            ctx.flush_replies()
        event.status = "done"
        event.last_error = None
        # one line per event: which, what kind, where it went, how many messages it queued (never their text)
        log.info("event %s %s (%s): done by %s, %s message(s) queued", event.id, event.event_type,
                 event.webhook_event_id, handler.__name__, sum(len(m.messages) for m in ctx.queued))
        return outbox_repo.take(session, ctx.queued, now, OUTBOX_LEASE_SECONDS)

    def _record_failure(self, event_id: int, exc: Exception) -> None:
        with self.sessions() as session, session.begin():
            event = session.get(InboxEvent, event_id)
            if event is None:
                return
            event.attempts += 1
            event.last_error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
            if event.attempts >= self.settings.event_max_attempts:
                event.status = "dead"
                log.error("event %s gave up after %s attempts: %s", event_id, event.attempts, event.last_error)
            else:
                event.status = "failed"
                delay = RETRY_DELAYS[min(event.attempts - 1, len(RETRY_DELAYS) - 1)]
                event.next_attempt_at = self.clock() + timedelta(seconds=delay)

    def _loading_animation(self, event: InboxEvent) -> _Loading:
        wanted = event.source_type == "user" and event.event_type in ANIMATED
        return _Loading(self.line, event.chat_id if wanted else None, self.settings.loading_after_seconds)


class _Loading:
    """Show LINE's typing animation if a 1:1 answer takes longer than a moment."""

    def __init__(self, line: LineClient, chat_id: str | None, after: float) -> None:
        self.line, self.chat_id, self.after = line, chat_id, after
        self.timer: threading.Timer | None = None

    def _show(self) -> None:
        try:
            self.line.show_loading(self.chat_id or "", 10)
        except LineError as exc:  # only a nicety
            log.info("loading animation not shown: %s", exc)

    def __enter__(self) -> _Loading:
        if self.chat_id:
            self.timer = threading.Timer(self.after, self._show)
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.timer:
            self.timer.cancel()
