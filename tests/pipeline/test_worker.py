"""The background threads: events are handled while LINE hangs, and answers go out from sender threads."""

from __future__ import annotations

import time

from sqlalchemy import select

from bot import create_app
from bot.simulator import events as ev
from bot.storage.models import InboxEvent


def wait_for(condition, seconds=15.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_hanging_line_does_not_stop_new_events_from_being_handled(settings, fake_line, db):
    fake_line.slowness = 1.5  # every call to LINE hangs past the 1 s timeout
    app = create_app(settings.with_(background_workers=2, line_timeout_seconds=1.0, loading_after_seconds=60))
    services = app.extensions["helpdesk"]
    try:
        client = app.test_client()
        events = [fake_line.user_event("message", f"Uhang{i}", message=ev.text_message("สวัสดีครับ"))
                  for i in range(12)]
        started = time.monotonic()
        for event in events:
            body = ev.envelope([event])
            assert client.post("/callback", data=body, headers={
                "x-line-signature": ev.sign(body, settings.channel_secret)}).status_code == 200

        def all_handled():
            db.rollback()
            return db.scalar(select(InboxEvent.id).where(InboxEvent.status != "done").limit(1)) is None

        # sending inline, 12 answers × a 1 s timeout on 2 threads would hold the last event ~6 s
        assert wait_for(all_handled, 20)
        assert time.monotonic() - started < 3.0
    finally:
        services.pump.stop()
        services.engine.dispose()
        time.sleep(1.6)  # calls still hanging in the fake finish inside this test, not in the next one
