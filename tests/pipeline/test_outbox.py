"""The one way out: reply while fresh, push otherwise, retry safely with the same retry key."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import BANGKOK
from bot.line.client import LineClient
from bot.pipeline.outbox import CHUNK, LEASE_SECONDS, Sender
from bot.simulator import events as ev
from bot.storage import outbox_repo
from bot.storage.models import OutboxMessage, StaffNotice


def msg(body):
    return {"type": "text", "text": body}


@pytest.fixture
def sender(services, clock):
    return Sender(services.sessions, services.line, clock=clock)  # production's max_attempts


def queue(services, chat, *bodies, token=None, expires=None, now=None):
    with services.sessions() as session, session.begin():
        rows = outbox_repo.enqueue(session, chat, [msg(b) for b in bodies], now or services.sender.clock(),
                                   reply_token=token, reply_expires_at=expires)
        return [row.id for row in rows]


def row(db, message_id):
    db.rollback()
    return db.get(OutboxMessage, message_id)


def pushes(fake_line):
    return [c for c in fake_line.calls if c["path"] == "/v2/bot/message/push"]


def test_fresh_reply_token_replies_for_free(services, sender, fake_line, db, clock):
    token = fake_line.issue_reply_token("Ur")
    [mid] = queue(services, "Ur", "ตอบแล้ว", token=token, expires=clock.now + timedelta(seconds=30))
    assert sender.deliver(mid).status == "sent"
    assert fake_line.deliveries[0]["via"] == "reply"
    assert fake_line.usage == 0
    stored = row(db, mid)
    assert (stored.status, stored.via, stored.reply_token) == ("sent", "reply", None)


def test_expired_reply_token_falls_back_to_push(services, sender, fake_line, db, clock):
    token = fake_line.issue_reply_token("Ux")
    [mid] = queue(services, "Ux", "ช้าไปหน่อย", token=token, expires=clock.now - timedelta(seconds=1))
    sender.deliver(mid)
    assert [d["via"] for d in fake_line.deliveries] == ["push"]
    assert not any(c["path"].endswith("/reply") for c in fake_line.calls)  # no wasted call
    assert row(db, mid).via == "push"


def test_refused_reply_token_falls_back_to_push(services, sender, fake_line, db, clock):
    [mid] = queue(services, "Uy", "โทเคนใช้ไม่ได้", token="never-issued", expires=clock.now + timedelta(seconds=30))
    assert sender.deliver(mid).status == "sent"
    assert [c["path"].rsplit("/", 1)[1] for c in fake_line.calls] == ["reply", "push"]
    assert fake_line.texts_to("Uy") == ["โทเคนใช้ไม่ได้"]


def test_push_retried_on_500_with_the_same_retry_key(services, sender, fake_line, db, clock):
    fake_line.fail("/v2/bot/message/push", 500, times=2)
    [mid] = queue(services, "Uretry", "ลองใหม่")
    assert sender.deliver(mid).status == "pending"
    first = row(db, mid)
    assert (first.status, first.attempts, first.last_status) == ("pending", 1, 500)
    assert sender.deliver_due() == 0  # waiting for its backoff
    clock.advance(3)
    sender.deliver_due()
    clock.advance(10)
    sender.deliver_due()
    keys = {c["retry_key"] for c in pushes(fake_line)}
    assert len(pushes(fake_line)) == 3 and keys == {first.retry_key}
    assert fake_line.texts_to("Uretry") == ["ลองใหม่"]
    assert row(db, mid).status == "sent"


def test_lost_answer_then_409_counts_as_sent_once(services, sender, fake_line, db, clock):
    fake_line.fail("/v2/bot/message/push", 503, after_accepting=True)  # LINE took it, the answer was lost
    [mid] = queue(services, "Ulost", "ส่งครั้งเดียว")
    sender.deliver(mid)
    clock.advance(5)
    sender.deliver_due()
    assert fake_line.texts_to("Ulost") == ["ส่งครั้งเดียว"]
    stored = row(db, mid)
    assert (stored.status, stored.last_status) == ("sent", 409)


@pytest.mark.parametrize("status", [400, 403])
def test_push_stops_on_other_4xx_and_records_it(services, sender, fake_line, db, clock, status):
    fake_line.fail("/v2/bot/message/push", status)
    [mid] = queue(services, "Ubad", "ผิดรูปแบบ")
    assert sender.deliver(mid).status == "failed"
    clock.advance(3600)
    assert sender.deliver_due() == 0
    stored = row(db, mid)
    assert (stored.status, stored.last_status, stored.attempts) == ("failed", status, 1)
    assert "injected" in stored.last_error
    assert len(pushes(fake_line)) == 1


def test_429_is_retried_later(services, sender, fake_line, db, clock):
    fake_line.fail("/v2/bot/message/push", 429)
    [mid] = queue(services, "Ubusy", "รอคิว")
    assert sender.deliver(mid).status == "pending"
    clock.advance(5)
    sender.deliver_due()
    assert row(db, mid).status == "sent"


def test_line_down_for_minutes_loses_nothing_and_sends_once(services, sender, fake_line, db, clock):
    fake_line.outage = True
    ids = [queue(services, f"Uout{i}", f"ข้อความ {i}")[0] for i in range(3)]
    for _ in range(8):  # ten minutes of LINE answering 503
        sender.deliver_due()
        clock.advance(75)
    assert all(row(db, i).status == "pending" for i in ids)
    fake_line.outage = False
    clock.advance(600)
    sender.deliver_due()
    assert [fake_line.texts_to(f"Uout{i}") for i in range(3)] == [[f"ข้อความ {i}"] for i in range(3)]
    assert all(row(db, i).status == "sent" for i in ids)


def test_unreachable_line_is_retried(services, fake_line, db, clock):
    unreachable = LineClient("test-access-token", "http://127.0.0.1:9", "http://127.0.0.1:9", timeout=1)
    [mid] = queue(services, "Unet", "ไม่มีเน็ต")
    outcome = Sender(services.sessions, unreachable, clock=clock).deliver(mid)
    assert (outcome.status, outcome.http_status) == ("pending", None)
    clock.advance(5)
    Sender(services.sessions, services.line, clock=clock).deliver_due()
    assert fake_line.texts_to("Unet") == ["ไม่มีเน็ต"]


def test_never_given_up_while_line_is_down_and_staff_are_told_once(services, fake_line, db, clock):
    sender = Sender(services.sessions, services.line, max_attempts=5, clock=clock)
    fake_line.outage = True
    [mid] = queue(services, "Unever", "ไม่ถึง")
    if clock.now.astimezone(BANGKOK).hour >= 21:  # staff are told once a day: stay clear of Bangkok's midnight
        clock.advance(4 * 3600)
    for _ in range(10):
        sender.deliver_due()
        clock.advance(700)
    stored = row(db, mid)
    assert (stored.status, stored.attempts, stored.last_status) == ("pending", 10, 503)  # kept, past the budget
    notes = db.scalars(select(StaffNotice.text).where(StaffNotice.kind == "line")).all()
    assert len(notes) == 1 and "รอส่ง 1 รายการ" in notes[0]
    fake_line.outage = False
    clock.advance(700)
    sender.deliver_due()
    assert fake_line.texts_to("Unever") == ["ไม่ถึง"]


def test_backlog_drains_within_seconds_once_line_answers_again(services, fake_line, db, clock, monkeypatch):
    monkeypatch.setattr("bot.pipeline.outbox.random.uniform", lambda low, high: 1.0)  # no jitter: same waits each run
    sender = Sender(services.sessions, services.line, clock=clock)
    fake_line.outage = True
    ids = [queue(services, f"Uback{i}", f"ค้าง {i}")[0] for i in range(5)]
    for _ in range(12):  # about twenty minutes down: each message's backoff grows to ten minutes
        sender.deliver_due()
        clock.advance(100)
    waits = [(row(db, i).next_attempt_at - clock.now).total_seconds() for i in ids]
    assert sum(wait > 60 for wait in waits) >= 3  # left alone, most would wait minutes more
    fake_line.outage = False
    clock.advance(6)  # one probe within seconds sees LINE back, and the others are due at once
    sender.deliver_due()
    sender.deliver_due()
    assert [fake_line.texts_to(f"Uback{i}") for i in range(5)] == [[f"ค้าง {i}"] for i in range(5)]


def test_a_reply_that_timed_out_is_not_pushed_right_behind_it(services, fake_line, db, clock):
    fake_line.hang("/v2/bot/message/reply", 1.5)  # LINE took the reply but the answer never came back in time
    slow = Sender(services.sessions, LineClient("test-access-token", services.settings.api_base,
                                                services.settings.api_base, timeout=1), clock=clock)
    token = fake_line.issue_reply_token("Uunsure")
    [mid] = queue(services, "Uunsure", "ตอบแล้วหรือยัง", token=token, expires=clock.now + timedelta(seconds=30))
    outcome = slow.deliver(mid)
    assert (outcome.status, outcome.via) == ("pending", "reply")
    assert not pushes(fake_line)  # no push of the same answer at once
    stored = row(db, mid)
    assert stored.reply_token is None and stored.next_attempt_at > clock.now
    time.sleep(1)  # the fake finishes the hung call inside this test, not in the next one


def test_messages_to_a_chat_keep_their_order(services, sender, fake_line, db, clock):
    fake_line.fail("/v2/bot/message/push", 500)
    first = queue(services, "Uorder", "หนึ่ง")[0]
    second = queue(services, "Uorder", "สอง")[0]
    sender.deliver_due()
    assert row(db, second).status == "pending" and row(db, second).attempts == 0  # waits behind the first
    clock.advance(5)
    sender.deliver_due()
    sender.deliver_due()
    assert fake_line.texts_to("Uorder") == ["หนึ่ง", "สอง"]
    assert row(db, first).status == "sent"


def test_more_than_five_messages_are_split_and_only_the_first_batch_replies(services, sender, fake_line, db, clock):
    token = fake_line.issue_reply_token("Umany")
    ids = queue(services, "Umany", *[f"ข้อ {i}" for i in range(7)], token=token,
                expires=clock.now + timedelta(seconds=30))
    assert len(ids) == 2
    sender.deliver_due()
    sender.deliver_due()
    assert [d["via"] for d in fake_line.deliveries] == ["reply", "push"]
    assert fake_line.texts_to("Umany") == [f"ข้อ {i}" for i in range(7)]


def test_a_sender_that_died_mid_send_is_replaced(services, sender, fake_line, db, clock):
    [mid] = queue(services, "Uhalf", "ค้างส่ง")
    with services.sessions() as session, session.begin():
        assert outbox_repo.claim(session, mid, clock.now, seconds=60) is not None  # then the process died
    assert sender.deliver_due() == 0
    clock.advance(61)
    sender.deliver_due()
    assert fake_line.texts_to("Uhalf") == ["ค้างส่ง"]
    assert db.scalars(select(OutboxMessage.status)).all() == ["sent"]


def test_a_new_answer_waits_behind_an_older_message_still_retrying(services, webhook, fake_line, process, clock):
    fake_line.outage = True
    queue(services, "Ubehind", "ข้อความเก่า")
    services.sender.deliver_due()  # fails: stays pending with a backoff
    fake_line.outage = False
    webhook.follow("Ubehind")
    process()  # the welcome is not sent ahead of the older message
    assert fake_line.texts_to("Ubehind") == []
    services.sender.clock = clock
    clock.advance(10)
    services.sender.deliver_due()
    services.sender.deliver_due()
    texts = fake_line.texts_to("Ubehind")
    assert texts[0] == "ข้อความเก่า" and "สวัสดี" in texts[1]


def test_a_message_line_cannot_accept_is_failed_not_retried_forever(services, sender, fake_line, db, clock):
    with services.sessions() as session, session.begin():
        [bad] = outbox_repo.enqueue(session, "Uschema", [{"type": "no-such-type"}], clock.now)
    outcome = sender.deliver(bad.id)
    assert outcome.status == "failed"
    stored = row(db, bad.id)
    assert stored.status == "failed" and stored.last_error
    clock.advance(3600)
    assert sender.deliver_due() == 0


def test_a_flood_of_old_chatter_is_answered_by_one_push_not_one_each(services, webhook, fake_line, process, clock):
    services.processor.clock = services.sender.clock = clock
    old = int(time.time() * 1000) - 120_000  # older than a reply token lives: the bot is behind
    events = [fake_line.user_event("message", "Uflood", message=ev.text_message(f"ฮัลโหล {'ยาว' * 300} {i}"))
              for i in range(300)]
    for i, event in enumerate(events):
        event["timestamp"] = old + i
    for start in range(0, 300, 50):
        webhook(*events[start:start + 50])
    process()
    clock.advance(5)
    process()
    sends = [c for c in fake_line.calls if c["path"] in ("/v2/bot/message/push", "/v2/bot/message/reply")]
    assert len(sends) <= 2  # was one push per message: 300 pushes, the whole free plan
    assert fake_line.sent_to("Uflood")  # the chat still gets the newest answers
    assert len(fake_line.sent_to("Uflood")) <= 5


def test_answers_of_a_late_backlog_ride_along_on_the_next_fresh_reply(services, webhook, fake_line, process, clock):
    services.processor.clock = services.sender.clock = clock
    late = fake_line.user_event("message", "Uride", message=ev.text_message("สวัสดีครับ"))
    late["timestamp"] = int(time.time() * 1000) - 120_000
    webhook(late)
    process()  # its answer waits a moment for company instead of being pushed
    assert fake_line.calls == [] or all(c["path"].endswith("loading/start") for c in fake_line.calls)
    webhook.text("Uride", "ขอบคุณครับ")
    process()
    assert [d["via"] for d in fake_line.deliveries] == ["reply"]  # both answers, free, in one message
    [message] = fake_line.sent_to("Uride")
    assert message["text"].startswith(texts.GREETING) and message["text"].endswith(texts.THANKS_REPLY)


def test_a_killed_broadcast_leaves_at_most_two_chunks_claimed(services, fake_line, db, clock, monkeypatch):
    sender = Sender(services.sessions, services.line, clock=clock)
    fake_line.quota = 10**6
    groups = 3 * CHUNK
    with services.sessions() as session, session.begin():
        ids = outbox_repo.enqueue_many(session, [(f"Cbulk{i:04d}", msg("แจ้งเตือน"), None) for i in range(groups)],
                                       clock.now)
    calls = []
    real = sender._attempt

    def dies_midway(row):
        calls.append(row.id)
        if len(calls) == 2 * CHUNK + 10:
            raise SystemExit("scheduler killed")
        return real(row)

    monkeypatch.setattr(sender, "_attempt", dies_midway)
    with pytest.raises(SystemExit):
        sender.deliver_many(ids, threads=4)
    db.rollback()
    statuses = db.scalars(select(OutboxMessage.status)).all()
    assert statuses.count("sending") <= 2 * CHUNK  # the rest are recorded as they went, or still untouched
    assert statuses.count("sent") >= CHUNK
    clock.advance(LEASE_SECONDS + 1)
    while sender.deliver_due(limit=200):
        pass
    assert len({d["to"] for d in fake_line.deliveries}) == groups  # each once (retry keys absorb a repeat)
    assert len(fake_line.deliveries) == groups


def test_a_sender_whose_claim_ran_out_cannot_overwrite_the_next_senders_record(services, sender, db, clock):
    [mid] = queue(services, "Urace", "แข่งกัน")
    with services.sessions() as session, session.begin():
        first = outbox_repo.claim(session, mid, clock.now, seconds=1)
        first_claim = first.attempts
    clock.advance(2)
    with services.sessions() as session, session.begin():
        second = outbox_repo.claim(session, mid, clock.now, seconds=60)
        outbox_repo.record(session, [{"b_id": mid, "b_claim": second.attempts, "status": "sent", "via": "push",
                                      "last_status": 200, "last_error": None, "lease_until": None,
                                      "reply_token": None, "sent_at": clock.now, "next_attempt_at": clock.now}])
    with services.sessions() as session, session.begin():  # the first sender comes back late
        outbox_repo.record(session, [{"b_id": mid, "b_claim": first_claim, "status": "pending", "via": "push",
                                      "last_status": 500, "last_error": "late", "lease_until": None,
                                      "reply_token": None, "sent_at": None, "next_attempt_at": clock.now}])
    assert row(db, mid).status == "sent"
