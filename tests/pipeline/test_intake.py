"""Group commit of webhook events: concurrent callers, duplicates, and failures reach every waiter."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.simulator import events as ev
from bot.storage import inbox_repo
from bot.storage.models import InboxEvent
from tests.conftest import run_concurrently


def test_concurrent_requests_are_all_committed_once(services, fake_line, db):
    events = [fake_line.user_event("message", f"U{i % 7}", message=ev.text_message(f"ข้อ {i}")) for i in range(60)]
    results, errors = {}, []

    def post(i):
        try:  # every third request repeats an earlier event, as a redelivery racing the original
            batch = [events[i]] + ([events[i - 3]] if i % 3 == 0 and i >= 3 else [])
            results[i] = services.intake.store(batch)
        except Exception as exc:
            errors.append(exc)

    run_concurrently(post, [(i,) for i in range(60)])
    assert errors == []
    db.rollback()
    keys = db.scalars(select(InboxEvent.webhook_event_id)).all()
    assert sorted(keys) == sorted(e["webhookEventId"] for e in events)
    assert sum(results.values()) == 60  # each event counted as new exactly once


def test_a_failed_transaction_fails_every_request_in_it(services, fake_line, monkeypatch):
    calls = []

    def slow_then_broken(session, events, now):
        calls.append(len(events))
        time.sleep(0.2)  # let the other requests queue behind this one
        raise OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(inbox_repo, "add_events", slow_then_broken)
    failures = []

    def post(i):
        try:
            services.intake.store([fake_line.user_event("message", "Ufail", message=ev.text_message(str(i)))])
        except OperationalError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(5)]
    for thread in threads:
        thread.start()
        time.sleep(0.01)
    for thread in threads:
        thread.join()
    assert len(failures) == 5  # nobody is told "stored" for an event that was not
    assert sum(calls) == 5 and len(calls) < 5  # and the queued ones went in one transaction
