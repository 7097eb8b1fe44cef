"""The LINE client: one try per call, so the timeout means what it says; and what a failure leaves unknown."""

from __future__ import annotations

import time

import pytest

from bot.line.client import LineClient, LineError
from tests.conftest import ACCESS_TOKEN


@pytest.fixture
def line(fake_line_server):
    client = LineClient(ACCESS_TOKEN, fake_line_server[1], fake_line_server[1], timeout=0.3)
    yield client
    client.close()


@pytest.mark.parametrize("call", ["profile", "push", "reply"])
def test_a_hanging_line_costs_one_timeout_not_four(line, fake_line, call):
    fake_line.hang("/v2/bot/", 1.0, times=4)
    started = time.monotonic()
    with pytest.raises(LineError) as caught:
        {"profile": lambda: line.profile("Uhangclient"),
         "push": lambda: line.push("Uhangclient", [{"type": "text", "text": "x"}], "k-1"),
         "reply": lambda: line.reply("token", [{"type": "text", "text": "x"}])}[call]()
    assert time.monotonic() - started < 0.8  # urllib3 would have tried a GET four times
    assert caught.value.retryable and caught.value.maybe_delivered  # sent, but no answer: LINE may have acted
    time.sleep(1.0)  # the fake finishes the hung call inside this test, not in the next one
    assert len([c for c in fake_line.calls if c["path"].startswith("/v2/bot/")]) == 1


def test_no_connection_means_nothing_was_delivered():
    closed = LineClient(ACCESS_TOKEN, "http://127.0.0.1:9", "http://127.0.0.1:9", timeout=0.5)
    with pytest.raises(LineError) as caught:
        closed.push("U", [{"type": "text", "text": "x"}], "k-2")
    assert caught.value.retryable and not caught.value.maybe_delivered


def test_a_send_returns_the_ids_line_gave_its_messages(line, fake_line):
    pushed = line.push("Uidsclient", [{"type": "text", "text": "x"}, {"type": "text", "text": "y"}], "k-3")
    token = fake_line.issue_reply_token("Uidsclient")
    replied = line.reply(token, [{"type": "text", "text": "z"}])
    assert list(pushed.message_ids) + list(replied.message_ids) == fake_line.sent_ids_to("Uidsclient")
    assert len(pushed.message_ids) == 2 and len(replied.message_ids) == 1
