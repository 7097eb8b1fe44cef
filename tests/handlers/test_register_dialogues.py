"""Dialogue tables for the register flows, end to end through the webhook, workers and fake LINE."""

from __future__ import annotations

import base64
from itertools import zip_longest

import pytest
from sqlalchemy import select, update

from bot import texts
from bot.simulator import events as ev
from bot.storage import register_repo
from bot.storage.models import Attachment, Chat, Requester, Ticket
from tests.helpers.dialogue import PROFILE, TEACHER, chat, choices, said

OTHER, GROUP = "U00000000000000000000000000000t2", "C000000000000000g1"
SCHOOLS = [{"school_code": "1034150001", "name": "บ้านหนองบัว", "district": "เมือง"},
           {"school_code": "1034150002", "name": "บ้านหนองบัวแดง", "district": "เมือง"},
           {"school_code": "1034150003", "name": "บ้านโนนสูง", "district": "วารินชำราบ"}]


@pytest.fixture(autouse=True)
def schools(services):
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, SCHOOLS)


def requester(db):
    return db.scalar(select(Requester).where(Requester.line_user_id == TEACHER))


def tickets(db):
    db.rollback()
    return db.scalars(select(Ticket).order_by(Ticket.id)).all()


@pytest.mark.parametrize(
    ("opening", "answers", "expected"),
    [
        pytest.param(texts.MENU_CONSULT, ["DMC", "ส่งข้อมูลนักเรียนไม่ผ่าน", "ขึ้น error 500", "ด่วน", "ยืนยัน"],
                     {"kind": "consult", "category": "dmc", "subject": "ส่งข้อมูลนักเรียนไม่ผ่าน",
                      "details": "ขึ้น error 500", "urgency": "urgent"}, id="consult"),
        pytest.param(texts.MENU_REPAIR, ["ปริ้นเตอร์", "ข้าม", "ห้องธุรการ", "ไฟกระพริบ พิมพ์ไม่ออก", "ข้าม",
                                         "ปกติ", "ยืนยัน"],
                     {"kind": "repair", "equipment": "ปริ้นเตอร์", "asset_number": None, "location": "ห้องธุรการ",
                      "subject": "ไฟกระพริบ พิมพ์ไม่ออก", "urgency": "normal"}, id="repair"),
        pytest.param("ปริ้นเตอร์ห้องธุรการเสีย", ["ข้าม", "ข้าม", "ด่วนมาก", "ยืนยัน"],
                     {"kind": "repair", "equipment": "ปริ้นเตอร์", "location": "ห้องธุรการ", "category": "computer",
                      "subject": "ปริ้นเตอร์ห้องธุรการเสีย", "urgency": "critical"}, id="plain-thai-repair"),
        pytest.param("จองประชุมทางไกล", ["วันที่ 3 ธ.ค. 09:00 ประชุมผู้บริหาร", "ข้าม", "ปกติ", "ยืนยัน"],
                     {"kind": "vconf", "category": "vconf"}, id="book-video-conference"),
        pytest.param("ขอยืมอุปกรณ์", ["โปรเจกเตอร์ 1 เครื่อง 5-6 ธ.ค.", "ข้าม", "ปกติ", "ยืนยัน"],
                     {"kind": "borrow"}, id="borrow"),
        pytest.param("ขอสิทธิ์เข้าระบบ", ["ระบบ EMIS สำหรับครูธุรการคนใหม่", "ข้าม", "ปกติ", "ยืนยัน"],
                     {"kind": "access"}, id="access"),
    ],
)
def test_request_flows_register_a_numbered_record(webhook, fake_line, process, db, opening, answers, expected):
    replies = chat(webhook, fake_line, process, TEACHER, opening, *PROFILE, *answers)
    [ticket] = tickets(db)
    assert ticket.number == f"ICT-{ticket.fiscal_year}-0001"
    for field, value in expected.items():
        assert getattr(ticket, field) == value, field
    assert ticket.school_code == "1034150003" and ticket.status == "received" and ticket.channel == "line"
    receipt = said(replies[-1:])  # the receipt card, as text
    assert replies[-1]["type"] == "flex" and ticket.number in receipt and "30 นาที" in receipt
    assert "บันทึกข้อมูลของท่านแล้ว" in said(replies)
    # every step with choices offered them as quick replies
    assert all(choices(m) for m in replies if "เลือก" in said([m]) or "ความเร่งด่วน" in said([m]))


def test_profile_is_asked_once_and_can_be_changed(webhook, fake_line, process, db):
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "EMIS", "เข้าระบบไม่ได้", "ข้าม",
         "ปกติ", "ยืนยัน")
    second = chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT)
    assert texts.ASK_CATEGORY in said(second) and texts.ASK_NAME not in said(second)
    edit = chat(webhook, fake_line, process, TEACHER, texts.EDIT_PROFILE, "ครูสมหญิง ใจงาม", "ผู้อำนวยการ",
                "รร.บ้านหนองบัว", "ข้าม")
    assert "บ้านหนองบัว" in said(edit)
    db.rollback()
    assert (requester(db).position, requester(db).school_code, requester(db).phone) == ("ผู้อำนวยการ", "1034150001", None)


def test_close_school_names_are_asked_about_with_buttons(webhook, fake_line, process, db):
    replies = chat(webhook, fake_line, process, TEACHER, texts.MENU_REPAIR, "ครูเอ", "ครู", "บ้านหนองบัวแ")
    assert texts.SCHOOL_WHICH in replies[-1]["text"]
    assert {"บ้านหนองบัว", "บ้านหนองบัวแดง"} <= set(choices(replies[-1]))
    replies = chat(webhook, fake_line, process, TEACHER, "บ้านหนองบัวแดง", "ข้าม")
    assert texts.ASK_EQUIPMENT in said(replies)


def test_unknown_school_and_bad_phone_are_asked_again(webhook, fake_line, process):
    replies = chat(webhook, fake_line, process, TEACHER, texts.MENU_REPAIR, "ครูเอ", "ครู", "โรงพยาบาลศูนย์")
    assert texts.SCHOOL_NOT_FOUND in replies[-1]["text"]
    replies = chat(webhook, fake_line, process, TEACHER, "บ้านโนนสูง", "12")
    assert texts.BAD_PHONE in replies[-1]["text"]


@pytest.mark.parametrize("step", range(0, 5))
def test_cancel_at_any_step_registers_nothing(webhook, fake_line, process, db, step):
    answers = ["DMC", "เรื่องทดสอบ", "ข้าม", "ปกติ"][:step]
    replies = chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, *answers, "ยกเลิก")
    assert texts.CANCELLED in replies[-1]["text"]
    assert tickets(db) == []
    db.rollback()
    assert db.scalar(select(Chat.conversation).where(Chat.chat_id == TEACHER)) is None


def test_idle_conversation_expires_with_a_message(services, webhook, fake_line, process, db):
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "DMC")
    with services.sessions() as session, session.begin():
        state = session.scalar(select(Chat.conversation).where(Chat.chat_id == TEACHER))
        state["updated_at"] = "2000-01-01T00:00:00+00:00"
        session.execute(update(Chat).where(Chat.chat_id == TEACHER).values(conversation=state))
    replies = chat(webhook, fake_line, process, TEACHER, "สวัสดีครับ")
    assert texts.EXPIRED in said(replies) and texts.GREETING in said(replies)
    assert tickets(db) == []


def test_pictures_sent_during_a_repair_are_kept_with_the_record(services, webhook, fake_line, process, db):
    chat(webhook, fake_line, process, TEACHER, texts.MENU_REPAIR, *PROFILE, "คอมพิวเตอร์", "ข้าม", "ห้องคอม 2",
         "เปิดไม่ติด")
    for _ in range(2):
        msg_id = ev.message_id()
        fake_line.contents[msg_id] = (base64.b64decode(b"R0lGODlhAQABAAAAACw="), "image/gif")
        webhook(fake_line.user_event("message", TEACHER, message=ev.image_message(msg_id)))
        process()
    replies = chat(webhook, fake_line, process, TEACHER, "เสร็จแล้ว", "ปกติ", "ยืนยัน")
    assert "ไฟล์แนบ: 2 รายการ" in said(replies)
    [ticket] = tickets(db)
    assert db.scalars(select(Attachment.ticket_id)).all() == [ticket.id, ticket.id]


def test_two_teachers_at_once_keep_their_own_conversations(webhook, fake_line, process, db):
    for user, opening in ((TEACHER, texts.MENU_CONSULT), (OTHER, texts.MENU_REPAIR)):
        webhook.text(user, opening)
    process()
    for line_a, line_b in zip_longest([*PROFILE, "DMC", "เรื่องของครูเอ", "ข้าม", "ปกติ", "ยืนยัน"],
                                      [*PROFILE, "ปริ้นเตอร์", "ข้าม", "ห้องธุรการ", "เรื่องของครูบี", "ข้าม",
                                       "ปกติ", "ยืนยัน"]):
        for user, line in ((TEACHER, line_a), (OTHER, line_b)):
            if line:
                webhook.text(user, line)
        process()
    subjects = {t.subject for t in tickets(db)}
    assert subjects == {"เรื่องของครูเอ", "เรื่องของครูบี"}
    assert sorted(t.number[-4:] for t in tickets(db)) == ["0001", "0002"]


def test_status_lookup_shows_only_the_requesters_own(webhook, fake_line, process, db):
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "DMC", "เรื่องของฉัน", "ข้าม", "ปกติ",
         "ยืนยัน")
    [ticket] = tickets(db)
    mine = chat(webhook, fake_line, process, TEACHER, texts.MENU_TRACK)
    assert mine[0]["contents"]["type"] == "carousel"  # "my requests": one card per open request
    assert ticket.number in said(mine) and "รับเรื่องแล้ว" in said(mine)
    assert ticket.number in said(chat(webhook, fake_line, process, TEACHER, ticket.number.lower()))
    theirs = chat(webhook, fake_line, process, OTHER, ticket.number)
    assert theirs[0]["text"] == texts.NOT_YOUR_REQUEST
    assert chat(webhook, fake_line, process, OTHER, texts.MENU_TRACK)[0]["text"] == texts.NO_OPEN_REQUESTS


def test_staff_group_hears_of_new_requests(app, services, webhook, fake_line, process, db):
    services.settings = services.settings.with_(staff_group_id="Cstaff")
    services.processor.settings = services.settings
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "DLTV", "ไม่มีสัญญาณ", "ข้าม", "ด่วน",
         "ยืนยัน")
    [notice] = fake_line.texts_to("Cstaff")
    assert tickets(db)[0].number in notice and "บ้านโนนสูง" in notice and "DLTV" in notice


def test_in_groups_requests_are_pointed_to_a_private_chat(webhook, fake_line, process, db):
    webhook.text(TEACHER, texts.MENU_REPAIR, group=GROUP)
    webhook.text(TEACHER, "ปริ้นเตอร์ห้องธุรการเสีย", group=GROUP)  # chatter never becomes a request
    process()
    assert fake_line.texts_to(GROUP) == [texts.GROUP_PRIVATE]
    assert tickets(db) == []


def file_consult(webhook, fake_line, process, subject, first=False):
    lines = [texts.MENU_CONSULT, *(PROFILE if first else []), "EMIS", subject, "ข้าม", "ปกติ", "ยืนยัน"]
    chat(webhook, fake_line, process, TEACHER, *lines)


def thread_texts(db, ticket):
    db.rollback()
    return [(e.kind, e.text) for e in register_repo.entries(db, ticket) if e.kind.startswith("message")]


def test_later_messages_join_the_open_requests_thread(webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เรื่องแรก", first=True)
    [ticket] = tickets(db)
    replies = chat(webhook, fake_line, process, TEACHER, "ลองแล้วยังเข้าไม่ได้ครับ")
    assert replies[0]["text"] == texts.thread_added(ticket.number)
    msg_id = ev.message_id()
    fake_line.contents[msg_id] = (b"\x89PNG", "image/png")
    webhook(fake_line.user_event("message", TEACHER, message=ev.image_message(msg_id)))
    process()
    assert thread_texts(db, ticket) == [("message_in", "ลองแล้วยังเข้าไม่ได้ครับ"), ("message_in", "[image]")]
    assert register_repo.attachments_count(db, ticket) == 1
    assert len(tickets(db)) == 1


def test_with_several_open_requests_the_bot_asks_which(webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เรื่องแรก", first=True)
    file_consult(webhook, fake_line, process, "เรื่องที่สอง")
    first, second = tickets(db)
    asked = chat(webhook, fake_line, process, TEACHER, "ลองแล้วยังขึ้นข้อความเดิมอยู่เลย")
    assert asked[-1]["text"].startswith(texts.WHICH_REQUEST)
    assert f"{first.number} เรื่องแรก" in asked[-1]["text"] and f"{second.number} เรื่องที่สอง" in asked[-1]["text"]
    assert choices(asked[-1]) == ["0002 เรื่องที่สอง", "0001 เรื่องแรก", texts.NEW_REQUEST]  # number and subject
    chat(webhook, fake_line, process, TEACHER, first.number)
    assert thread_texts(db, first) == [("message_in", "ลองแล้วยังขึ้นข้อความเดิมอยู่เลย")]
    assert thread_texts(db, second) == []
    new = chat(webhook, fake_line, process, TEACHER, "อีกเรื่องครับ", texts.NEW_REQUEST)
    assert texts.ASK_CATEGORY in said(new)  # a new consultation, its subject already taken from the message


def test_a_new_plain_thai_request_is_not_swallowed_by_a_thread(webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เรื่องแรก", first=True)
    replies = chat(webhook, fake_line, process, TEACHER, "คอมห้องธุรการเปิดไม่ติด")
    assert texts.WHICH_REQUEST_ASKS in replies[-1]["text"]
    assert choices(replies[-1]) == ["0001 เรื่องแรก", texts.NEW_REQUEST, texts.A_QUESTION]
    replies = chat(webhook, fake_line, process, TEACHER, texts.NEW_REQUEST)
    assert texts.ASK_ASSET in said(replies)  # the repair starts with what the message said
    assert thread_texts(db, tickets(db)[0]) == []


def test_without_a_school_list_the_typed_school_is_kept(services, webhook, fake_line, process, db):
    with services.sessions() as session, session.begin():
        session.query(register_repo.School).delete()
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, "ครูเอ", "ครู", "โรงเรียนที่ยังไม่มีในรายชื่อ",
         "ข้าม", "DMC", "เรื่อง", "ข้าม", "ปกติ", "ยืนยัน")
    [ticket] = tickets(db)
    assert ticket.school_code is None
    assert requester(db).school_name == "โรงเรียนที่ยังไม่มีในรายชื่อ"
    again = chat(webhook, fake_line, process, TEACHER, texts.MENU_REPAIR)
    assert texts.ASK_EQUIPMENT in said(again)  # the profile is not asked a second time


def test_answers_longer_than_their_fields_are_cut_and_the_chat_goes_on(webhook, fake_line, process, db):
    """On PostgreSQL a 250-character name used to fail every retry and wedge the chat for good."""
    long_name, long_place = "สมหญิง" * 50, "ห้องคอมพิวเตอร์ 2 อาคาร 3 " * 20
    replies = chat(webhook, fake_line, process, TEACHER, texts.MENU_REPAIR, long_name, "ครู" * 60,
                   "บ้านโนนสูง", "ข้าม", "เครื่องขยายเสียง " * 12, "กข" * 75, long_place, "เปิดไม่ติด" * 80, "ข้าม",
                   "ปกติ", "ยืนยัน")
    [ticket] = tickets(db)
    assert ticket.number in said(replies[-1:])  # the receipt card
    person = requester(db)
    assert person.name == long_name[:200] and len(person.position) == 100
    assert (len(ticket.equipment), len(ticket.asset_number), len(ticket.subject)) == (100, 100, 300)
    assert ticket.location == long_place[:200].rstrip()
    assert long_name[:200] in said(replies)  # what the teacher is shown is what was kept
    assert "สวัสดี" in said(chat(webhook, fake_line, process, TEACHER, "สวัสดีครับ"))


def test_every_typed_field_fits_its_column():
    from bot.register.flows import FIELD_SIZES
    from bot.storage.models import Requester, Ticket

    for field, size in FIELD_SIZES.items():
        table = Requester if field in ("name", "position", "school_name") else Ticket
        length = getattr(table.__table__.columns[field].type, "length", None)
        assert length is None or size <= length, field
