"""Store webhook events durably, committing the events of concurrent requests together (group commit)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.storage import inbox_repo


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
            with self.sessions() as session, session.begin():
                stored = set(inbox_repo.add_events(session, [e for r in batch for e in r.events], self.clock()))
        except BaseException as exc:  # every waiter hears of the failure, then answers LINE accordingly
            for request in batch:
                request.error, request.done = exc, True
            raise
        for request in batch:
            request.new = sum(1 for key in request.keys if key in stored)
            stored.difference_update(request.keys)  # a duplicate in two requests counts as new once
            request.done = True
