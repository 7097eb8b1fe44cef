"""Process stored webhook events: per chat, in timestamp order, with bounded retries."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from linebot.v3.webhooks import Event
from sqlalchemy.orm import Session, sessionmaker

from bot import logs, texts
from bot.clock import BANGKOK, utcnow
from bot.handlers.context import Context, Lookup, NeedsLine
from bot.handlers.registry import Router
from bot.line.client import LineClient, LineError
from bot.line.messages import text
from bot.pipeline.outbox import LEASE_SECONDS as OUTBOX_LEASE_SECONDS
from bot.pipeline.outbox import Sender
from bot.settings import Settings
from bot.storage import chats_repo, inbox_repo, outbox_repo
from bot.storage.db import database_away, readers_for
from bot.storage.models import InboxEvent, OutboxMessage
from bot.thai import short_datetime
from bot.usecases.faq_index import Knowledge
from bot.usecases.staff import tell_staff

log = logging.getLogger(__name__)

LEASE_SECONDS = 30.0
RETRY_DELAYS = (1, 5, 30, 120, 600)  # seconds before the 2nd, 3rd … attempt of a failed event
POISON_ATTEMPTS = 2  # a fault in the event itself: one more try (a race may pass), then it is set aside
TRANSIENT_ATTEMPTS = 30  # the database or LINE away: keep trying for hours (the chat waits, nothing is lost)
MAX_LOOKUPS = 3  # LINE look-ups one event may ask for before its handler runs to the end
ANIMATED = ("message", "postback")
Dispatch = Callable[[OutboxMessage], Any]


def parse_event(raw: dict) -> object | None:
    """Return the line-bot-sdk model of an event, or None for a type the SDK does not know."""
    try:
        return Event.from_dict(raw)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def transient(exc: BaseException) -> bool:
    """Say whether a failure is the database or LINE being away (retry) rather than a fault in the event."""
    return exc.retryable if isinstance(exc, LineError) else database_away(exc)


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

    def process_available(self, owner: str, limit: int = 20, dispatch: Dispatch | None = None) -> int:
        """Process every chat with due events that nobody else is working on; return events handled."""
        with self.readers() as session:
            chats = inbox_repo.chats_with_work(session, self.clock(), limit)
        return sum(self.process_chat(chat_id, owner, source_type, dispatch) for chat_id, source_type in chats)

    def process_chat(self, chat_id: str, owner: str, source_type: str = "", dispatch: Dispatch | None = None) -> int:
        """Hold the chat's lease and handle its due events in order; return how many were handled.

        Each event's answers go to `dispatch` as soon as they are committed (by default: sent in this thread).
        """
        dispatch = dispatch or self.sender.send_claimed
        with self.sessions() as session, session.begin():
            now = self.clock()
            inbox_repo.ensure_chat(session, chat_id, source_type, now)
            if not inbox_repo.lease_chat(session, chat_id, owner, now, LEASE_SECONDS):
                return 0
        handled = 0
        try:
            while (claimed := self._handle_next(chat_id, owner)) is not None:
                handled += 1
                for message in claimed:  # while the reply token is fresh
                    dispatch(message)
        finally:
            with self.sessions() as session, session.begin():
                inbox_repo.release_chat(session, chat_id, owner)
        return handled

    def _handle_next(self, chat_id: str, owner: str) -> list[OutboxMessage] | None:
        """Handle the chat's oldest event if due, in one transaction; None when there is nothing to do.

        A handler that needs something from LINE (a name, a picture) stops; the transaction is rolled back,
        LINE is asked with no transaction open (a slow LINE never holds SQLite's write lock), and it runs again.
        """
        fetched: dict[Lookup, Any] = {}
        while True:
            event_id = None
            try:
                with self.sessions() as session, session.begin():
                    now = self.clock()
                    event = inbox_repo.next_event(session, chat_id)
                    if event is None or event.next_attempt_at > now:
                        return None
                    if not inbox_repo.lease_chat(session, chat_id, owner, now, LEASE_SECONDS):
                        return None
                    event_id = event.id
                    return self._run_handler(session, event, now, fetched)
            except NeedsLine as need:
                if len(fetched) >= MAX_LOOKUPS:
                    self._record_failure(need.lookup.kind, event_id, RuntimeError("too many LINE look-ups"))
                    return []
                try:
                    fetched[need.lookup] = self._look_up(need.lookup)
                except LineError as exc:
                    self._record_failure(need.lookup.kind, event_id, exc)
                    return []
            except Exception as exc:
                if event_id is None:  # the database itself failed: let the worker loop pause and retry
                    raise
                self._record_failure("handler", event_id, exc)
                return []

    def _look_up(self, lookup: Lookup) -> Any:
        """Ask LINE for what a handler needs; a name LINE cannot give is None, missing content raises."""
        if lookup.kind == "content":
            return self.line.content(lookup.key)
        try:
            if lookup.kind == "profile":
                return self.line.profile(lookup.key).get("displayName")
            return self.line.group_summary(lookup.key).get("groupName")
        except LineError as exc:  # only a nicety (a greeting with the name)
            log.warning("%s look-up failed: %s", lookup.kind, exc)
            return None

    def _run_handler(self, session: Session, event: InboxEvent, now: datetime,
                     fetched: dict[Lookup, Any]) -> list[OutboxMessage]:
        """Run the event's handler and queue its answers, claimed for sending right after commit."""
        event.processed_at = now
        event.attempts += 1
        ctx = Context(
            raw=event.payload, event=parse_event(event.payload), session=session, settings=self.settings, now=now,
            event_id=event.id, knowledge=self.knowledge, fetched=fetched,
        )
        with self._loading_animation(event):
            handler = self.router.dispatch(ctx)
            ctx.flush_replies()
        if handler is None:
            event.status = "skipped"
            log.info("event %s %s (%s): skipped, no handler", event.id, event.event_type, event.webhook_event_id)
            return []
        event.status = "done"
        event.last_error = None
        # one line per event: which, what kind, where it went, how many messages it queued (never their text)
        log.info("event %s %s (%s): done by %s, %s message(s) queued", event.id, event.event_type,
                 event.webhook_event_id, handler, sum(len(m.messages) for m in ctx.queued))
        return outbox_repo.take(session, ctx.queued, now, OUTBOX_LEASE_SECONDS)

    def _record_failure(self, stage: str, event_id: int | None, exc: Exception) -> None:
        """Retry the event later, or set it aside when it keeps failing by itself (the chat goes on)."""
        is_transient = transient(exc)
        logs.failure(log, "event %s failed in %s (%s)", exc, event_id, stage,
                     "will retry" if is_transient else "a fault in the event")
        if event_id is None:
            return
        with self.sessions() as session, session.begin():
            event = session.get(InboxEvent, event_id)
            if event is None:
                return
            event.attempts += 1
            event.last_error = logs.describe(exc)
            if event.attempts < (TRANSIENT_ATTEMPTS if is_transient else POISON_ATTEMPTS):
                event.status = "failed"
                delay = RETRY_DELAYS[min(event.attempts - 1, len(RETRY_DELAYS) - 1)]
                event.next_attempt_at = self.clock() + timedelta(seconds=delay)
            else:
                self._set_aside(session, event)

    def _set_aside(self, session: Session, event: InboxEvent) -> None:
        """Give up on an event: tell staff, and tell the person so they can try again (nothing silent)."""
        now = self.clock()
        event.status = "dead"
        log.error("event %s (%s) set aside after %s attempts", event.id, event.event_type, event.attempts)
        note = texts.event_set_aside(event.id, event.event_type, short_datetime(now.astimezone(BANGKOK)),
                                     (event.last_error or "").split(":")[0])
        tell_staff(session, self.settings.office, note, now, key=f"dead-event:{event.id}",
                   kind="fault")
        if event.source_type != "user" or event.event_type not in ANIMATED:
            return
        chats_repo.set_conversation(session, event.chat_id, None)  # a step that keeps failing must not trap them
        token = (event.payload or {}).get("replyToken")
        fresh = outbox_repo.reply_window(event.event_ts)
        outbox_repo.enqueue(session, event.chat_id, [text(texts.EVENT_SET_ASIDE)], now,
                            reply_token=token if fresh > now else None, reply_expires_at=fresh if token else None)

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
