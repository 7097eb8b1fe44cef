"""Ask the bot labelled questions through the same path as a chat, and grade what a teacher would see.

Each question comes from a new teacher in a 1:1 chat: a signed webhook into the app, the workers, the outbox,
a fake LINE on loopback recording the answer. Suggestion buttons are tapped (each in a chat of its own) to see
whether the right answer is one tap away. The clock stands still on the question file's day.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from bot.clock import BANGKOK
from bot.knowledge.grading import IN_DOMAIN, Case, GradedReply, Report, judge
from bot.line import flex
from bot.settings import Settings
from bot.simulator import events as ev
from bot.simulator.api import standalone_app
from bot.simulator.fake_line import FakeLine

SECRET, TOKEN = "evaluation-secret", "evaluation-token"


class ChatProbe:
    """A private helpdesk (its own SQLite file, a fake LINE) that teachers' questions can be put to."""

    def __init__(self, app: Any, fake: FakeLine, today: date) -> None:
        self.app, self.fake = app, fake
        self.services = app.extensions["helpdesk"]
        self.client = app.test_client()
        self.now = datetime.combine(today, time(10, 0), BANGKOK)
        self.services.processor.clock = self.services.sender.clock = self.services.intake.clock = lambda: self.now
        self._users = itertools.count(1)

    def _post(self, event: dict[str, Any]) -> None:
        event["timestamp"] = int(self.now.timestamp() * 1000)
        body = ev.envelope([event])
        response = self.client.post("/callback", data=body, headers={"x-line-signature": ev.sign(body, SECRET)})
        if response.status_code != 200:
            raise RuntimeError(f"webhook answered {response.status_code}")
        self.services.pump.run_until_idle()

    def _said(self, user: str, since: int) -> list[dict[str, Any]]:
        return self.fake.sent_to(user)[since:]

    def _request(self, user: str) -> str | None:
        """Return the kind of request the chat's conversation is filling in (after the profile, if first)."""
        from bot.storage import chats_repo

        with self.services.sessions() as session:
            state = chats_repo.conversation(session, user) or {}
        data = state.get("data") or {}
        pending = data.get("then") or {}
        return (pending.get("data") or {}).get("kind") or data.get("kind") or pending.get("flow")

    def say(self, text: str, user: str | None = None) -> tuple[str, list[dict[str, Any]]]:
        """Send a text as a (new) teacher; return the user and the messages the bot answered with."""
        user = user or f"Ueval{next(self._users):027d}"
        before = len(self.fake.sent_to(user))
        self._post(self.fake.user_event("message", user, message=ev.text_message(text)))
        return user, self._said(user, before)

    def tap(self, user: str, action: dict[str, Any]) -> list[dict[str, Any]]:
        """Tap a quick-reply button as the teacher; return what the bot answered."""
        before = len(self.fake.sent_to(user))
        if action.get("type") == "postback":
            self._post(self.fake.user_event("postback", user, postback={"data": action["data"]}))
        else:
            self._post(self.fake.user_event("message", user, message=ev.text_message(action.get("text", ""))))
        return self._said(user, before)

    def ask(self, question: str, explore: bool = True) -> GradedReply:
        """Put a question to the bot as a new teacher and describe what it did (`explore`: tap its buttons)."""
        user, messages = self.say(question)
        request = self._request(user)
        text = "\n".join(flex.body_text(m) for m in messages)  # what was said, not a card's title or buttons
        data = [a.get("data", "") for a in actions(messages) if a.get("type") == "postback"]
        if any(d.startswith("faq.helpful") for d in data):
            kind = "answer"
        elif any(d.startswith("faq.show") for d in data):
            kind = "suggest"
        else:
            kind = "request" if request else "none"
        taps, offers = [], []
        if explore and kind != "answer" and request is None:
            for action in actions(messages):
                again, _ = self.say(question)
                shown = self.tap(again, action)
                taps.append("\n".join(flex.body_text(m) for m in shown))
                if (started := self._request(again)) is not None:
                    offers.append(started)
        return GradedReply(kind, text, request, tuple(taps), tuple(offers))


def actions(messages: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the actions of the buttons on a list of messages: quick replies and cards' buttons."""
    return [action for m in messages for action in flex.actions(m)]


@contextmanager
def probe(today: date) -> Iterator[ChatProbe]:
    """Start a fake LINE and a helpdesk on a fresh database, with the calendar of `today`'s academic year."""
    from bot import create_app
    from bot.storage import calendar_repo, migrate

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the fake LINE's access log
    fake = FakeLine(SECRET, TOKEN, quota=10**9, validate=False)
    server = make_server("127.0.0.1", 0, standalone_app(fake), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    folder = tempfile.TemporaryDirectory(prefix="faq-eval-")
    settings = Settings(database_url=f"sqlite:///{Path(folder.name) / 'eval.sqlite3'}", line_channel_secret=SECRET,
                        line_channel_access_token=TOKEN, line_api_base=f"http://127.0.0.1:{server.server_port}",
                        background_workers=0, secret_key="e" * 64, log_level="WARNING",
                        loading_after_seconds=60.0)
    app = create_app(settings)
    services = app.extensions["helpdesk"]
    try:
        migrate.upgrade(services.engine)
        chat = ChatProbe(app, fake, today)
        with services.sessions() as session, session.begin():
            calendar_repo.seed(session, today, chat.now)
        yield chat
    finally:
        services.line.close()
        services.engine.dispose()
        server.shutdown()
        folder.cleanup()


def evaluate(cases: Iterable[Case], today: date) -> Report:
    """Ask every question as a new teacher on `today` and grade the replies."""
    report = Report()
    with probe(today) as chat:
        for case in cases:
            report.verdicts.append(judge(case, chat.ask(case.question, explore=case.expect in IN_DOMAIN)))
    return report
