"""Staff work from LINE: a new request's card in the staff group, claiming it, answering and closing it from LINE."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot import postbacks, texts
from bot.clock import utcnow
from bot.line import flex
from bot.storage import register_repo, settings_repo
from bot.storage.models import SentCard, StaffNotice, Ticket, TicketEntry
from bot.storage.models_admin import AuditLog, StaffUser
from bot.texts import staff as st
from bot.usecases import staff_desk
from tests.helpers.dialogue import PROFILE, TEACHER, buttons, card_actions, chat, said

STAFF_GROUP = "C0000000000000000000000000000ff1"
SOMCHAI, MALEE, STRANGER = ("U0000000000000000000000000000s01", "U0000000000000000000000000000s02",
                            "U0000000000000000000000000000x09")
SCHOOLS = [{"school_code": "1034150003", "name": "บ้านโนนสูง", "district": "วารินชำราบ"}]
pytestmark = pytest.mark.usefixtures("accounts", "desk")


@pytest.fixture
def desk(services):
    """A staff group, two staff members bound to their LINE accounts, and the school list."""
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"staff_group_id": STAFF_GROUP})
        register_repo.import_schools(session, SCHOOLS)
        for username, line_id in (("somchai", SOMCHAI), ("malee", MALEE)):
            session.execute(update(StaffUser).where(StaffUser.username == username).values(line_user_id=line_id))


def file_request(webhook, fake_line, process, subject="ส่งข้อมูลนักเรียนไม่ผ่าน", profile=True):
    """Have the teacher file a consultation; return the card the staff group got."""
    before = len(fake_line.sent_to(STAFF_GROUP))
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *(PROFILE if profile else []), "DMC", subject,
         "ข้าม", "ปกติ", "ยืนยัน")
    [card] = fake_line.sent_to(STAFF_GROUP)[before:]
    return card


def in_group(webhook, fake_line, process, user, body, quoting=None):
    """Type in the staff group as `user` (replying to message `quoting`); return what the bot said there."""
    before = len(fake_line.sent_to(STAFF_GROUP))
    webhook.text(user, body, group=STAFF_GROUP, quoting=quoting)
    process()
    return fake_line.sent_to(STAFF_GROUP)[before:]


def tap(webhook, fake_line, process, user, data, chat_id=STAFF_GROUP):
    """Tap a postback button as `user` in the staff group (or their own chat); return what the bot said there."""
    before = len(fake_line.sent_to(chat_id))
    webhook(fake_line.user_event("postback", user, chat_id if chat_id != user else None, postback={"data": data}))
    process()
    return fake_line.sent_to(chat_id)[before:]


def ticket(db):
    db.rollback()
    return db.scalars(select(Ticket).order_by(Ticket.id)).first()


def history(db, found):
    return [(e.kind, e.actor, e.new_status, e.text) for e in register_repo.entries(db, found)]


def test_a_new_request_reaches_the_staff_group_as_a_card_to_claim(webhook, fake_line, process, db):
    card = file_request(webhook, fake_line, process)
    found = ticket(db)
    assert card["type"] == "flex" and card["altText"].startswith(f"เรื่องใหม่ {found.number} บ้านโนนสูง")
    assert buttons(card) == [st.CLAIM, st.SHOW] and not flex.size_problems(card)
    shown = said([card])
    for part in (found.number, "บ้านโนนสูง", "ครูสมหญิง ใจงาม", "0812345678", "DMC", "ส่งข้อมูลนักเรียนไม่ผ่าน"):
        assert part in shown, part
    # the card's LINE id was kept: quoting it later finds this request
    assert db.scalar(select(SentCard.ticket_id).where(SentCard.line_message_id == fake_line.sent_ids_to(
        STAFF_GROUP)[-1])) == found.id


def test_of_two_staff_tapping_claim_one_gets_it_and_the_other_hears_who(webhook, fake_line, process, db):
    claim = card_actions(file_request(webhook, fake_line, process))[0]["data"]
    assert said(tap(webhook, fake_line, process, SOMCHAI, claim)) == st.claimed("สมชาย ใจดี", ticket(db).number)
    assert said(tap(webhook, fake_line, process, MALEE, claim)) == st.claimed_by_other("สมชาย ใจดี",
                                                                                       ticket(db).number)
    assert said(tap(webhook, fake_line, process, SOMCHAI, claim)) == st.already_yours(ticket(db).number)
    found = ticket(db)
    assert found.assigned_to == "somchai"
    assert ("assign", "staff:สมชาย ใจดี", None, "somchai") in history(db, found)  # as the admin page writes it
    assert db.scalar(select(AuditLog.username).where(AuditLog.action == "ticket.assign")) == "somchai"
    # staff actions are answered by reply token: free
    assert {d["via"] for d in fake_line.deliveries if d["to"] == STAFF_GROUP} == {"push", "reply"}
    assert [d["via"] for d in fake_line.deliveries if d["to"] == STAFF_GROUP].count("push") == 1


def test_claims_at_the_same_moment_are_race_safe(services, webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    ticket_id, start = ticket(db).id, threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def claim_as(username: str) -> None:
        start.wait()  # SQLite takes its write lock at BEGIN; PostgreSQL lets both read, then race on the update
        with services.sessions() as session, session.begin():
            user = session.scalar(select(StaffUser).where(StaffUser.username == username))
            found = session.get(Ticket, ticket_id)
            outcome = staff_desk.claim(session, found, user, utcnow())
            outcomes[username] = f"{outcome.result}:{outcome.holder or ''}"

    threads = [threading.Thread(target=claim_as, args=(name,)) for name in ("somchai", "malee")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winner = ticket(db).assigned_to
    loser = "malee" if winner == "somchai" else "somchai"
    names = {"somchai": "สมชาย ใจดี", "malee": "มาลี ศรีสุข"}
    assert outcomes == {winner: "claimed:", loser: f"taken:{names[winner]}"}
    assert db.scalar(select(TicketEntry.text).where(TicketEntry.kind == "assign")) == winner


def test_quoting_the_card_answers_the_teacher_under_the_staff_members_name(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    card_id = fake_line.sent_ids_to(STAFF_GROUP)[-1]
    before = len(fake_line.sent_to(TEACHER))
    told = in_group(webhook, fake_line, process, SOMCHAI, "ลองล้างแคชแล้วส่งใหม่ได้เลยครับ", quoting=card_id)
    found = ticket(db)
    assert said(told) == st.answered(found.number, "ตอบแล้ว", True)
    answer = fake_line.sent_to(TEACHER)[before:]
    assert "ลองล้างแคชแล้วส่งใหม่ได้เลยครับ" in said(answer) and "สมชาย ใจดี" in said(answer)
    assert found.status == "answered" and found.answer == "ลองล้างแคชแล้วส่งใหม่ได้เลยครับ"
    assert ("message_out", "staff:สมชาย ใจดี", None, "ลองล้างแคชแล้วส่งใหม่ได้เลยครับ") in history(db, found)
    assert ("status", "staff:สมชาย ใจดี", "answered", None) in history(db, found)


def test_a_quote_of_any_other_message_is_ordinary_group_talk(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    assert in_group(webhook, fake_line, process, SOMCHAI, "เดี๋ยวผมดูให้", quoting="999999999") == []
    assert ticket(db).status == "received"


@pytest.mark.parametrize(
    ("typed", "status", "answer"),
    [
        ("ตอบ {n} ลองล้างแคชแล้วส่งใหม่ครับ", "answered", "ลองล้างแคชแล้วส่งใหม่ครับ"),
        ("ตอบ {lower} ได้แล้วค่ะ\nบรรทัดที่สอง", "answered", "ได้แล้วค่ะ\nบรรทัดที่สอง"),
        ("คืบหน้า {n} ช่างจะเข้าไปพรุ่งนี้", "in_progress", None),
        ("ดำเนินการ {n}", "in_progress", None),
        ("ดำเนินการ {thai} ครับ", "in_progress", None),
        ("ปิด{n}ค่ะ", "closed", None),
        ("ปิดเรื่อง {n} นะครับ", "closed", None),
        ("เสร็จ {n}", "answered", None),
    ],
)
def test_typed_staff_commands_act_on_the_request(webhook, fake_line, process, db, typed, status, answer):
    file_request(webhook, fake_line, process)
    number = ticket(db).number
    thai = number.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    said_back = chat(webhook, fake_line, process, MALEE, typed.format(n=number, lower=number.lower(), thai=thai))
    found = ticket(db)
    assert found.status == status, said(said_back)
    assert found.answer == answer
    if answer is not None:
        assert found.assigned_to == "malee"  # whoever answers a request nobody has takes it
    assert all(actor == "staff:มาลี ศรีสุข" for kind, actor, _, _ in history(db, found) if kind != "created")
    assert said_back and all(d["via"] == "reply" for d in fake_line.deliveries if d["to"] == MALEE)


def test_a_status_the_register_refuses_is_said_and_nothing_changes(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    number = ticket(db).number
    chat(webhook, fake_line, process, MALEE, f"ปิด {number}")
    assert said(chat(webhook, fake_line, process, MALEE, f"ดำเนินการ {number}")) == st.status_refused(
        number, "ปิดเรื่อง", "กำลังดำเนินการ")
    assert ticket(db).status == "closed"
    assert said(chat(webhook, fake_line, process, MALEE, "ตอบ ICT-2570-9999 สวัสดี")) == st.NOT_FOUND


def test_the_close_button_asks_once_more(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    show = card_actions(fake_line.sent_to(STAFF_GROUP)[-1])[1]["data"]
    [detail] = tap(webhook, fake_line, process, SOMCHAI, show)
    labels = buttons(detail)
    assert labels == [st.CLAIM, st.SET_IN_PROGRESS, st.SET_DONE["other"], st.SET_CLOSED]
    close = card_actions(detail)[3]["data"]
    [ask] = tap(webhook, fake_line, process, SOMCHAI, close)
    assert ask["text"] == st.confirm_close(ticket(db).number) and ticket(db).status == "received"
    sure = ask["quickReply"]["items"][0]["action"]["data"]
    tap(webhook, fake_line, process, SOMCHAI, sure)
    assert ticket(db).status == "closed"


def test_the_detail_card_can_be_quoted_in_a_one_to_one_chat(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    found = ticket(db)
    [detail] = chat(webhook, fake_line, process, SOMCHAI, f"ดู {found.number}")
    assert detail["type"] == "flex" and "ส่งข้อมูลนักเรียนไม่ผ่าน" in said([detail])
    before = len(fake_line.sent_to(SOMCHAI))
    webhook.text(SOMCHAI, "ดำเนินการ", quoting=fake_line.sent_ids_to(SOMCHAI)[-1])
    process()
    assert said(fake_line.sent_to(SOMCHAI)[before:]) == st.status_set(found.number, "กำลังดำเนินการ", "สมชาย ใจดี")
    assert ticket(db).status == "in_progress"


def test_backlog_lists_late_requests_first_then_the_longest_waiting(services, webhook, fake_line, process, db):
    file_request(webhook, fake_line, process, "เรื่องแรก")
    file_request(webhook, fake_line, process, "เรื่องที่สอง", profile=False)
    file_request(webhook, fake_line, process, "เรื่องที่สาม", profile=False)
    with services.sessions() as session, session.begin():  # the third came in long ago: it is late
        session.execute(update(Ticket).where(Ticket.subject == "เรื่องที่สาม")
                        .values(received_at=utcnow() - timedelta(days=6)))
    [card] = in_group(webhook, fake_line, process, MALEE, "งานค้างครับ")
    text = said([card])
    assert card["altText"].startswith("งานค้าง 3 เรื่อง · เลยกำหนด 1")
    assert text.index("เรื่องที่สาม") < text.index("เรื่องแรก") < text.index("เรื่องที่สอง")
    assert st.LATE in text and not flex.size_problems(card)


def test_mine_next_and_today(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process, "เรื่องแรก")
    file_request(webhook, fake_line, process, "เรื่องที่สอง", profile=False)
    assert said(chat(webhook, fake_line, process, SOMCHAI, st.MINE)) == st.MINE_EMPTY
    got = chat(webhook, fake_line, process, SOMCHAI, st.NEXT)
    first = ticket(db)
    assert said(got[:1]) == st.claimed("สมชาย ใจดี", first.number) and "เรื่องแรก" in said(got[1:])
    assert "เรื่องแรก" in said(chat(webhook, fake_line, process, SOMCHAI, "เรื่องของฉันครับ"))
    chat(webhook, fake_line, process, SOMCHAI, f"ตอบ {first.number} เรียบร้อยครับ")
    summary = said(chat(webhook, fake_line, process, SOMCHAI, st.TODAY))
    assert "เรื่องใหม่ 2" in summary and "ตอบแล้ว 1" in summary and "ค้างอยู่ทั้งหมด 1" in summary


def test_someone_not_bound_cannot_act_and_is_told_once(webhook, fake_line, process, db):
    claim = card_actions(file_request(webhook, fake_line, process))[0]["data"]
    assert said(tap(webhook, fake_line, process, STRANGER, claim)) == st.NOT_BOUND
    assert tap(webhook, fake_line, process, STRANGER, claim) == []  # once is enough
    assert in_group(webhook, fake_line, process, STRANGER, f"ปิด {ticket(db).number}") == []
    assert in_group(webhook, fake_line, process, STRANGER, "งานค้าง") == []
    found = ticket(db)
    assert found.assigned_to is None and found.status == "received"
    assert db.scalar(select(StaffNotice.text).where(StaffNotice.kind == "staff")) == st.NOT_BOUND_NOTICE


def test_a_bound_staff_member_cannot_act_from_a_school_group(webhook, fake_line, process, db):
    claim = card_actions(file_request(webhook, fake_line, process))[0]["data"]
    tap(webhook, fake_line, process, SOMCHAI, claim, chat_id="C0000000000000000000000000000cc7")
    assert ticket(db).assigned_to is None


def test_a_teacher_typing_staff_words_gets_the_teachers_answer(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    number = ticket(db).number
    reply = said(chat(webhook, fake_line, process, TEACHER, "งานค้าง"))
    assert st.BACKLOG_EMPTY not in reply and "งานค้าง" not in reply.split("\n")[0][:6]
    chat(webhook, fake_line, process, TEACHER, f"ปิด {number}")
    assert ticket(db).status == "received"  # a teacher cannot close from LINE


def test_forged_or_stale_buttons_change_nothing(webhook, fake_line, process, db):
    file_request(webhook, fake_line, process)
    assert said(tap(webhook, fake_line, process, SOMCHAI, postbacks.data(postbacks.STAFF_CLAIM, t=99999))) == \
        st.STALE
    assert said(tap(webhook, fake_line, process, SOMCHAI, postbacks.data(postbacks.STAFF_CLAIM, t="abc"))) == \
        st.STALE
    tap(webhook, fake_line, process, SOMCHAI, postbacks.data(postbacks.STAFF_STATUS, t=ticket(db).id, s="cancelled"))
    assert ticket(db).status == "received"
