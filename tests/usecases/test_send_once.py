"""The one send-once path: claim and queue in one transaction, deliver only after it commits, count outcomes."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.usecases.send_once import Claimed, send_once


class Transaction:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("begin")
        return self

    def __exit__(self, kind, value, traceback):
        self.log.append("rollback" if kind else "commit")
        return False


class Sessions:
    """A session factory that records when its transaction begins and commits."""

    def __init__(self):
        self.log = []

    def __call__(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def begin(self):
        return Transaction(self.log)


class Courier:
    def __init__(self, log):
        self.log, self.delivered = log, []

    def clock(self):
        raise AssertionError("not needed")

    def deliver_many(self, ids, threads=8):
        self.log.append("deliver")
        self.delivered.extend(ids)
        return {"sent": len(ids) - 1, "pending": 1}


def test_delivery_comes_after_the_claim_is_committed_and_is_counted():
    sessions = Sessions()
    courier = Courier(sessions.log)

    def claim(session):
        sessions.log.append("claim")
        return Claimed(Counter({"queued": 3, "already": 0}), [7, 8, 9])

    counts = send_once(sessions, claim, courier)
    assert sessions.log == ["begin", "claim", "commit", "deliver"]
    assert courier.delivered == [7, 8, 9]
    assert counts == {"queued": 3, "delivery:sent": 2, "delivery:pending": 1}  # zero counts are left out


def test_nothing_queued_means_no_call_to_line():
    sessions = Sessions()
    courier = Courier(sessions.log)
    assert send_once(sessions, lambda session: Claimed(Counter({"closed": 1})), courier) == {"closed": 1}
    assert "deliver" not in sessions.log


def test_a_failed_claim_rolls_back_and_sends_nothing():
    sessions = Sessions()
    courier = Courier(sessions.log)

    def claim(session):
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        send_once(sessions, claim, courier)
    assert sessions.log == ["begin", "rollback"]
