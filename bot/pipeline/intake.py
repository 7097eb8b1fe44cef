"""Store webhook events durably, committing the events of concurrent requests together (group commit)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot import logs
from bot.storage import inbox_repo
from bot.storage.db import database_away

log = logging.getLogger(__name__)


@dataclass
class _Request:
    events: list[dict[str, Any]]
    done: bool = False
    new: int = 0
    error: BaseException | None = None
    keys: list[str] = field(default_factory=list)


class Intake:
    """Write events in as few transactions as possible, each caller returning once its events are committed.

    While one transaction runs, requests that arrive queue up; the first of them then commits the whole
    queue in the next transaction. Under load this turns many small commits into a few larger ones.
    """

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self.sessions = sessions
        self.clock = clock
        self._cond = threading.Condition()
        self._queue: list[_Request] = []
        self._writing = False

    def store(self, events: list[dict[str, Any]]) -> int:
        """Persist events (duplicates ignored) and return how many were new; raise if the database failed."""
        request = _Request(events, keys=[inbox_repo.event_key(e) for e in events])
        with self._cond:
            self._queue.append(request)
            while self._writing and not request.done:
                self._cond.wait()
            if not request.done:  # lead: write everything queued so far
                self._writing = True
                batch, self._queue = self._queue, []
        if not request.done:
            try:
                self._write(batch)
            finally:
                with self._cond:
                    self._writing = False
                    self._cond.notify_all()
        if request.error is not None:
            raise request.error
        return request.new

    def _write(self, batch: list[_Request]) -> None:
        try:
            stored = self._add([e for r in batch for e in r.events])
        except Exception as exc:
            if database_away(exc):
                self._fail(batch, exc)
                raise
            # something in one delivery spoiled the shared transaction: the others must not pay for it
            for request in batch:
                (self._write_alone if len(batch) > 1 else self._write_each)(request)
            return
        self._count(batch, stored)

    def _write_alone(self, request: _Request) -> None:
        """Store one delivery in its own transaction."""
        try:
            self._count([request], self._add(request.events))
        except Exception as exc:
            if database_away(exc):
                self._fail([request], exc)
            else:
                self._write_each(request)

    def _write_each(self, request: _Request) -> None:
        """Store a delivery event by event; an event the database refuses is kept as a bare, skipped record."""
        stored: set[str] = set()
        try:
            for event in request.events:
                try:
                    stored |= self._add([event])
                except Exception as exc:
                    if database_away(exc):
                        raise
                    logs.failure(log, "event could not be stored as sent; keeping a bare record", exc)
                    stored |= self._add([bare(event, exc)])
        except Exception as exc:
            self._fail([request], exc)
            return
        self._count([request], stored)

    def _add(self, events: list[dict[str, Any]]) -> set[str]:
        with self.sessions() as session, session.begin():
            return set(inbox_repo.add_events(session, events, self.clock()))

    @staticmethod
    def _fail(batch: list[_Request], exc: BaseException) -> None:
        for request in batch:  # every waiter hears of the failure, then answers LINE accordingly
            request.error, request.done = exc, True

    @staticmethod
    def _count(batch: list[_Request], stored: set[str]) -> None:
        for request in batch:
            request.new = sum(1 for key in request.keys if key in stored)
            stored.difference_update(request.keys)  # a duplicate in two requests counts as new once
            request.done = True


def bare(event: dict[str, Any], exc: BaseException) -> dict[str, Any]:
    """Return what is kept of an event the database refused: its id and type, marked so it is never run."""
    return {"webhookEventId": inbox_repo.event_key(event), "type": str(event.get("type", "unknown"))[:40],
            "unstorable": type(exc).__name__}
