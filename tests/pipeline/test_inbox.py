"""The inbox workers: order per chat, bounded retries, crash recovery, and two workers at once."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from bot import texts
from bot.handlers.registry import Router
from bot.pipeline.worker import Pump, owner_name
from bot.simulator import events as ev
from bot.storage import inbox_repo
from bot.storage.models import Chat, InboxEvent, StaffNotice
from tests.conftest import run_concurrently
from tests.helpers.pipeline import make_processor


def text_event(fake_line, user, body, ts=None, group=None):
    event = fake_line.user_event("message", user, group, message=ev.text_message(body))
    if ts is not None:
        event["timestamp"] = ts
    return event


def statuses(db):
    db.rollback()
    return {row.payload["message"]["text"]: (row.status, row.attempts, row.last_error)
            for row in db.scalars(select(InboxEvent))}


def test_events_of_a_chat_run_in_timestamp_order(services, webhook, fake_line):
    seen = []
    router = Router()
    router.text_fallback(lambda ctx: seen.append(ctx.text))
    # delivered out of order, even across two webhook calls
    webhook(text_event(fake_line, "Uord", "สาม", ts=3000), text_event(fake_line, "Uord", "หนึ่ง", ts=1000))
    webhook(text_event(fake_line, "Uord", "สอง", ts=2000))
    assert make_processor(services, router).process_available("w1") == 3
    assert seen == ["หนึ่ง", "สอง", "สาม"]


def test_failing_handler_is_recorded_and_retried(services, webhook, fake_line, db, clock):
    calls = []
    router = Router()

    @router.text_fallback
    def flaky(ctx):
        calls.append(ctx.text)
        if len(calls) < 2:
            raise RuntimeError(f"ระบบขัดข้อง ครั้งที่ {len(calls)}")
        ctx.reply({"type": "text", "text": "สำเร็จแล้ว"})

    webhook(text_event(fake_line, "Uflaky", "ช่วยด้วย"))
    processor = make_processor(services, router, clock)
    processor.process_available("w1")
    status, attempts, error = statuses(db)["ช่วยด้วย"]
    assert (status, attempts) == ("failed", 1)
    assert "RuntimeError: ระบบขัดข้อง ครั้งที่ 1" in error
    assert processor.process_available("w1") == 0  # not due yet: it waits for its retry time
    clock.advance(2)
    processor.process_available("w1")
    assert statuses(db)["ช่วยด้วย"][:2] == ("done", 2)
    assert fake_line.texts_to("Uflaky") == ["สำเร็จแล้ว"]  # answered once, after the retry


def test_handler_failing_for_good_is_set_aside_at_once_and_the_chat_goes_on(services, webhook, fake_line, db, clock):
    router = Router()

    @router.text_fallback
    def broken(ctx):
        if ctx.text == "พัง":
            raise ValueError("ข้อมูลเสีย")
        ctx.reply({"type": "text", "text": "รับทราบ " + ctx.text})

    webhook(text_event(fake_line, "Udead", "พัง", ts=1), text_event(fake_line, "Udead", "ต่อไป", ts=2))
    processor = make_processor(services, router, clock)
    processor.process_available("w1")
    clock.advance(2)  # one retry a second later: a race may pass; a fault in the event does not
    processor.process_available("w1")
    clock.advance(5)  # these events are old (their reply tokens expired): late answers wait a moment for company
    while processor.sender.deliver_due():
        pass
    result = statuses(db)
    assert result["พัง"][:2] == ("dead", 2)
    assert "ValueError: ข้อมูลเสีย" in result["พัง"][2]
    assert result["ต่อไป"][0] == "done"  # a dead event does not block the chat
    assert fake_line.texts_to("Udead") == [texts.EVENT_SET_ASIDE, "รับทราบ ต่อไป"]  # told, not dropped silently
    notes = db.scalars(select(StaffNotice.text).where(StaffNotice.kind == "fault")).all()
    assert len(notes) == 1 and "ValueError" in notes[0] and "ข้อมูลเสีย" not in notes[0]


def test_database_or_line_trouble_is_retried_for_hours_not_set_aside(services, webhook, fake_line, db, clock):
    router = Router()
    calls = []

    @router.text_fallback
    def database_away(ctx):
        calls.append(1)
        if len(calls) <= 6:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database restarting"))
        ctx.reply({"type": "text", "text": "กลับมาแล้ว"})

    webhook(text_event(fake_line, "Uaway", "อยู่ไหม"))
    processor = make_processor(services, router, clock)
    for _ in range(8):
        processor.process_available("w1")
        clock.advance(700)
    processor.sender.deliver_due()  # answered hours later: pushed once, after a moment for company
    assert statuses(db)["อยู่ไหม"][:2] == ("done", 7)
    assert fake_line.texts_to("Uaway") == ["กลับมาแล้ว"]


def test_a_later_event_never_overtakes_one_waiting_for_retry(services, webhook, fake_line, db, clock):
    seen = []
    router = Router()

    @router.text_fallback
    def first_fails(ctx):
        if ctx.text == "แรก" and "แรก" not in [s for s in seen]:
            seen.append("แรก")
            raise RuntimeError("ชั่วคราว")
        seen.append(ctx.text)

    webhook(text_event(fake_line, "Uwait", "แรก", ts=1), text_event(fake_line, "Uwait", "หลัง", ts=2))
    processor = make_processor(services, router, clock)
    processor.process_available("w1")
    assert seen == ["แรก"]  # "หลัง" waits behind the failed one
    clock.advance(2)
    processor.process_available("w1")
    assert seen == ["แรก", "แรก", "หลัง"]


def test_events_left_by_a_crashed_worker_are_taken_up(services, webhook, fake_line, db, process, clock):
    webhook(text_event(fake_line, "Ucrash", "ค้างอยู่"))
    dead_owner = owner_name("0").rsplit(":", 2)[0] + ":999999999:0"  # this host, a pid that is not running
    with services.sessions() as session, session.begin():
        inbox_repo.ensure_chat(session, "Ucrash", "user", clock.now)
        session.execute(update(Chat).where(Chat.chat_id == "Ucrash")
                        .values(lease_owner=dead_owner, lease_until=services.processor.clock().replace(year=2100)))
    assert process() == 0  # the chat is held by the dead worker's lease
    assert services.pump.recover() == 1  # what start-up does
    assert process() >= 1
    assert statuses(db)["ค้างอยู่"][0] == "done"


def test_expired_lease_of_another_host_is_taken_over(services, webhook, fake_line, db, clock):
    webhook(text_event(fake_line, "Uhost", "อีกเครื่อง"))
    with services.sessions() as session, session.begin():
        inbox_repo.ensure_chat(session, "Uhost", "user", clock.now)
        session.execute(update(Chat).where(Chat.chat_id == "Uhost")
                        .values(lease_owner="otherhost:1:0", lease_until=clock.now))
    router = Router()
    router.text_fallback(lambda ctx: None)
    processor = make_processor(services, router, clock)
    assert processor.process_available("w1") == 0
    clock.advance(1)
    assert processor.process_available("w1") == 1


def test_two_workers_on_one_chat_keep_order_and_never_overlap(services, webhook, fake_line, db):
    seen, busy, overlaps = [], set(), []
    lock = threading.Lock()
    router = Router()

    @router.text_fallback
    def slow(ctx):
        with lock:
            if ctx.chat_id in busy:
                overlaps.append(ctx.text)
            busy.add(ctx.chat_id)
        time.sleep(0.02)
        with lock:
            seen.append((ctx.chat_id, int(ctx.text)))
            busy.discard(ctx.chat_id)

    chats = ["Uchat1", "Uchat2"]
    webhook(*[text_event(fake_line, chat, str(i), ts=1000 + i) for i in range(12) for chat in chats])
    processor = make_processor(services, router)
    pump = Pump(processor, processor.sender, threads=0)

    def work(name):
        for _ in range(30):
            pump.run_once(name)

    run_concurrently(work, [(f"worker-{n}",) for n in range(2)])
    assert overlaps == []
    for chat in chats:
        assert [n for c, n in seen if c == chat] == list(range(12))


def test_background_threads_answer_without_being_asked(settings, fake_line):
    from bot import create_app

    app = create_app(settings.with_(background_workers=2))
    try:
        services = app.extensions["helpdesk"]
        client = app.test_client()
        event = fake_line.user_event("follow", "Uthreads")
        body = ev.envelope([event])
        response = client.post("/callback", data=body,
                               headers={"x-line-signature": ev.sign(body, settings.channel_secret)})
        assert response.status_code == 200
        deadline = time.time() + 10
        while time.time() < deadline and not fake_line.texts_to("Uthreads"):
            time.sleep(0.05)
        assert fake_line.texts_to("Uthreads"), "the workers did not answer within 10 s"
        assert fake_line.deliveries[0]["via"] == "reply"
    finally:
        services.pump.stop()
        services.engine.dispose()


def test_line_is_never_asked_inside_a_transaction(services, webhook, fake_line, db):
    """While a new follower's profile look-up hangs, SQLite's one write lock stays free for the webhook."""
    fake_line.hang("/v2/bot/profile", 1.5)
    webhook.follow("Ufollow")
    worker = threading.Thread(target=services.pump.run_until_idle)
    worker.start()
    time.sleep(0.3)  # the worker is now waiting on LINE
    started = time.monotonic()
    webhook(text_event(fake_line, "Uother", "ขอถามหน่อย"))  # stores an event: needs a write transaction
    acked = time.monotonic() - started
    worker.join()
    assert acked < 0.5
    assert "ครูทดสอบ" in fake_line.texts_to("Ufollow")[0]  # the look-up still made it into the greeting
    assert [c["path"] for c in fake_line.calls].count("/v2/bot/profile/Ufollow") == 1


def test_a_follower_whose_profile_line_cannot_give_is_still_greeted(services, webhook, fake_line, process):
    fake_line.fail("/v2/bot/profile", 500)
    webhook.follow("Unoname")
    process()
    assert fake_line.texts_to("Unoname")[0].startswith("สวัสดีครับ")
