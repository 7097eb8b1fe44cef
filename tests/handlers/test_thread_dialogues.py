"""Threads never guess silently; staff answers are interim or final; status news; help after "ยังไม่เข้าใจ"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import utcnow
from bot.storage import register_repo
from bot.storage.models import Attachment, Ticket
from bot.usecases import desk
from tests.helpers.dialogue import actions, buttons, chat, choices, picture, said, tap, tickets

TEACHER = "U0000000000000000000000000000th1"
PROFILE = ["ครูสมหญิง ใจงาม", "ครู", "บ้านโนนสูง", "ข้าม"]


@pytest.fixture(autouse=True)
def schools(services):
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "1034150003", "name": "บ้านโนนสูง"}])


def talk(webhook, fake_line, process, *lines):
    return chat(webhook, fake_line, process, TEACHER, *lines)


def file_consult(webhook, fake_line, process, subject, first=False):
    talk(webhook, fake_line, process, texts.MENU_CONSULT, *(PROFILE if first else []), "EMIS", subject, "ข้าม",
         "ปกติ", "ยืนยัน")


def file_repair(webhook, fake_line, process, symptom):
    talk(webhook, fake_line, process, texts.MENU_REPAIR, "ปริ้นเตอร์", "ข้าม", "ห้องธุรการ", symptom, "ข้าม", "ปกติ",
         "ยืนยัน")


def thread(db, number):
    db.rollback()
    ticket = db.scalar(select(Ticket).where(Ticket.number == number))
    return [e.text for e in register_repo.entries(db, ticket) if e.kind == "message_in"]


def staff(services, number, action, *args, **kw):
    with services.sessions() as session, session.begin():
        ticket = desk.find(session, number)
        getattr(desk, action)(session, ticket, *args, utcnow(), services.settings.office, **kw)
        return ticket.id


def test_a_picture_with_two_requests_open_asks_which_by_number_and_subject(webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    file_repair(webhook, fake_line, process, "กระดาษติด")
    first, second = tickets(db)
    asked = picture(webhook, fake_line, process, TEACHER)
    db.rollback()
    assert asked[-1]["text"].startswith(texts.WHICH_REQUEST)
    assert f"{second.number} กระดาษติด" in asked[-1]["text"]
    assert choices(asked[-1]) == ["0002 กระดาษติด", "0001 เข้าระบบไม่ได้", texts.NEW_REQUEST]
    assert db.scalars(select(Attachment.ticket_id)).all() == [None]  # nothing guessed yet
    talk(webhook, fake_line, process, actions(asked[-1])[1]["text"])  # the button sends the whole number
    db.rollback()
    assert db.scalars(select(Attachment.ticket_id)).all() == [first.id]
    assert thread(db, first.number) == ["[image]"] and thread(db, second.number) == []


def test_a_picture_with_one_request_open_joins_it_and_says_which(webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    replies = picture(webhook, fake_line, process, TEACHER)
    [ticket] = tickets(db)
    assert replies[-1]["text"] == texts.thread_added(ticket.number)


def test_after_a_reopen_the_teachers_next_messages_join_that_request(services, webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    file_consult(webhook, fake_line, process, "อีกเรื่องหนึ่ง")
    first = tickets(db)[0]
    staff(services, first.number, "reply", "ลองล้างแคชแล้วเข้าใหม่ครับ", "สมชาย")
    process()
    assert tap(webhook, fake_line, process, TEACHER, f"followup.result?t={first.id}&v=problem")[0]["text"] == \
        texts.FOLLOWUP_REOPENED
    # details join it, even one the FAQ would otherwise answer; a question is answered and not added
    for message in ("ทีวี dltv ยังไม่มีสัญญาณเลยค่ะ", "ขึ้นว่ารหัสผ่านไม่ถูกต้องค่ะ"):
        assert talk(webhook, fake_line, process, message)[-1]["text"] == texts.thread_added(first.number)
    asked = talk(webhook, fake_line, process, "dmc ส่งถึงวันไหนคะ")
    assert texts.thread_added(first.number) not in said(asked) and "DMC" in said(asked)
    picture(webhook, fake_line, process, TEACHER)
    assert thread(db, first.number) == ["ทีวี dltv ยังไม่มีสัญญาณเลยค่ะ", "ขึ้นว่ารหัสผ่านไม่ถูกต้องค่ะ", "[image]"]
    assert register_repo.attachments_count(db, first) == 1
    # "ยกเลิก" ends it; afterwards a detail with one request... here two are open: one tap decides
    assert talk(webhook, fake_line, process, "ยกเลิก")[-1]["text"] == texts.following_ended(first.number)
    assert texts.WHICH_REQUEST in talk(webhook, fake_line, process, "ลองใหม่แล้วก็ยังเหมือนเดิมค่ะ")[-1]["text"]


def test_a_new_question_while_a_repair_is_open_gets_one_tap_not_a_silent_add(webhook, fake_line, process, db):
    talk(webhook, fake_line, process, texts.MENU_REPAIR, *PROFILE)
    file_repair(webhook, fake_line, process, "กระดาษติด")
    [ticket] = tickets(db)
    asked = talk(webhook, fake_line, process, "dltv ใช้ยังไงคะ")
    assert texts.WHICH_REQUEST_ASKS in asked[-1]["text"]
    assert choices(asked[-1]) == ["0001 กระดาษติด", texts.NEW_REQUEST, texts.A_QUESTION]
    answered = talk(webhook, fake_line, process, texts.A_QUESTION)
    assert texts.FAQ_SUGGEST in said(answered) or texts.FAQ_HELPFUL in said(answered)
    assert thread(db, ticket.number) == []
    assert talk(webhook, fake_line, process, "ลองแล้วยังติดอยู่ค่ะ")[-1]["text"] == texts.thread_added(ticket.number)


def test_interim_answers_carry_no_buttons_and_final_ones_start_the_follow_up(services, webhook, fake_line, process,
                                                                             db):
    talk(webhook, fake_line, process, texts.MENU_REPAIR, *PROFILE)
    file_repair(webhook, fake_line, process, "กระดาษติด")
    [ticket] = tickets(db)
    staff(services, ticket.number, "reply", "ช่างจะเข้าไปพรุ่งนี้ครับ", "สมชาย", final=False)
    process()
    interim = fake_line.sent_to(TEACHER)[-1]
    assert "ช่างจะเข้าไปพรุ่งนี้" in said([interim]) and buttons(interim) == []  # progress: nothing to tap
    db.rollback()
    ticket = db.get(Ticket, ticket.id)
    assert (ticket.status, ticket.followup_state) == ("in_progress", None)
    staff(services, ticket.number, "reply", "เปลี่ยนลูกยางดึงกระดาษแล้วครับ", "สมชาย")
    process()
    final = fake_line.sent_to(TEACHER)[-1]
    assert buttons(final) == [texts.FOLLOWUP_SOLVED_LABEL, texts.FOLLOWUP_PROBLEM_LABEL]
    assert final["altText"].startswith(f"{texts.STAFF_ANSWER_HEAD} {ticket.number}")
    db.rollback()
    ticket = db.get(Ticket, ticket.id)
    assert (ticket.status, ticket.followup_state) == ("resolved", "scheduled")  # a repair's final answer resolves


def test_status_news_in_progress_rides_the_next_reply_and_resolution_is_pushed(services, webhook, fake_line, process,
                                                                                db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    [ticket] = tickets(db)
    before = len(fake_line.deliveries)
    staff(services, ticket.number, "set_status", "in_progress", "สมชาย")
    process()
    assert len(fake_line.deliveries) == before  # nothing pushed for "in progress"
    greeting = talk(webhook, fake_line, process, "สวัสดีค่ะ")
    assert greeting[0]["text"].startswith(texts.status_news(ticket.number, ticket.subject, "in_progress"))
    assert texts.GREETING in greeting[0]["text"]
    again = talk(webhook, fake_line, process, "สวัสดีค่ะ")
    assert "กำลังดำเนินการ" not in again[0]["text"]  # told once
    staff(services, ticket.number, "set_status", "resolved", "สมชาย")
    process()
    pushed = fake_line.sent_to(TEACHER)[-1]
    assert pushed["text"] == texts.status_news(ticket.number, ticket.subject, "resolved")
    assert choices(pushed) == [texts.FOLLOWUP_SOLVED_LABEL, texts.FOLLOWUP_PROBLEM_LABEL]
    assert fake_line.deliveries[-1]["via"] == "push"


@pytest.mark.parametrize(("choice", "status"), [("call", "reopened"), ("explain", "reopened"), ("fine", "answered")])
def test_not_understood_offers_help_instead_of_closing(services, webhook, fake_line, process, db, choice, status):
    services.settings = services.settings.with_(staff_group_id="Cstaff")
    services.processor.settings = services.settings
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    [ticket] = tickets(db)
    staff(services, ticket.number, "reply", "ล้างแคชแล้วเข้าใหม่ครับ", "สมชาย")
    process()
    assert tap(webhook, fake_line, process, TEACHER, f"followup.result?t={ticket.id}&v=solved")[0]["text"] == \
        texts.ASK_UNDERSTANDING
    offer = tap(webhook, fake_line, process, TEACHER, f"followup.understood?t={ticket.id}&v=poor")[-1]
    assert offer["text"] == texts.NOT_UNDERSTOOD and choices(offer) == list(texts.HELP_CHOICES.values())
    replies = tap(webhook, fake_line, process, TEACHER, f"followup.help?t={ticket.id}&v={choice}")
    db.rollback()
    ticket = db.get(Ticket, ticket.id)
    assert ticket.status == status and ticket.understanding == "poor"
    if choice == "fine":
        assert replies[-1]["text"] == texts.ASK_SATISFACTION
        return
    assert replies[-1]["text"] == texts.help_coming(choice == "call", None)
    assert "ยังไม่เข้าใจ" in fake_line.texts_to("Cstaff")[-1]
    assert talk(webhook, fake_line, process, "0812345678")[-1]["text"] == texts.thread_added(ticket.number)


def test_every_quick_reply_label_fits_and_is_cut_at_a_word(webhook, fake_line, process, db):
    talk(webhook, fake_line, process, texts.MENU_FAQ, texts.MENU_CONSULT, *PROFILE)
    labels = [a["label"] for m in fake_line.sent_to(TEACHER) for a in actions(m)]
    assert labels and all(len(label) <= 20 for label in labels)
    menu = fake_line.sent_to(TEACHER)[0]
    assert all(a["displayText"].startswith(a["label"].removesuffix("…")) for a in actions(menu))  # sent whole
    assert "DMC ภาคเรียนที่ 2…" in [a["label"] for a in actions(menu)]  # not "DMC ภาคเรียนที่ 2 ส่"



def test_typed_follow_up_answers_count_like_taps(services, webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    [ticket] = tickets(db)
    staff(services, ticket.number, "reply", "ล้างแคชแล้วเข้าใหม่ครับ", "สมชาย")
    process()
    assert talk(webhook, fake_line, process, "แก้ได้แล้วครับ ขอบคุณมากครับ")[-1]["text"] == texts.ASK_UNDERSTANDING
    assert talk(webhook, fake_line, process, "เข้าใจดีค่ะ")[-1]["text"] == texts.ASK_SATISFACTION
    assert talk(webhook, fake_line, process, "๕ ค่ะ")[-1]["text"] == texts.ASK_COMMENT
    db.rollback()
    done = db.get(Ticket, ticket.id)
    assert (done.followup_result, done.understanding, done.satisfaction, done.status) == ("solved", "good", 5,
                                                                                          "closed")


def test_a_typed_still_a_problem_reopens_and_keeps_what_was_written(services, webhook, fake_line, process, db):
    talk(webhook, fake_line, process, texts.MENU_REPAIR, *PROFILE)
    file_repair(webhook, fake_line, process, "กระดาษติด")
    [ticket] = tickets(db)
    staff(services, ticket.number, "reply", "เปลี่ยนลูกยางแล้วครับ", "สมชาย")
    process()
    reply = talk(webhook, fake_line, process, "ยังมีปัญหาอยู่ค่ะ ปริ้นได้แผ่นเดียวแล้วไฟส้มขึ้นอีก")
    assert reply[-1]["text"] == texts.FOLLOWUP_REOPENED
    db.rollback()
    assert db.get(Ticket, ticket.id).status == "reopened"
    assert thread(db, ticket.number) == ["ยังมีปัญหาอยู่ค่ะ ปริ้นได้แผ่นเดียวแล้วไฟส้มขึ้นอีก"]


def test_status_news_goes_just_before_a_card_reply(services, webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    [ticket] = tickets(db)
    staff(services, ticket.number, "set_status", "in_progress", "สมชาย")
    process()
    replies = talk(webhook, fake_line, process, texts.MENU_TRACK)  # answered with the "my requests" card
    assert replies[0] == {"type": "text", "text": texts.status_news(ticket.number, ticket.subject, "in_progress")}
    assert replies[1]["type"] == "flex" and ticket.number in said(replies[1:])
    again = talk(webhook, fake_line, process, texts.MENU_TRACK)
    assert again[0]["type"] == "flex"  # told once


def test_a_staff_answer_quotes_the_teachers_latest_message_in_the_thread(services, webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    [ticket] = tickets(db)
    staff(services, ticket.number, "reply", "ลองล้างแคชแล้วเข้าใหม่ครับ", "สมชาย")
    process()
    tap(webhook, fake_line, process, TEACHER, f"followup.result?t={ticket.id}&v=problem")  # the thread reopens
    detail = webhook.text(TEACHER, "ขึ้นว่ารหัสผ่านไม่ถูกต้องค่ะ")
    process()
    assert said(fake_line.sent_to(TEACHER)[-1:]) == texts.thread_added(ticket.number)  # it joined the thread
    staff(services, ticket.number, "reply", "รีเซ็ตรหัสผ่านให้แล้วครับ", "สมชาย")
    process()
    quote, card = fake_line.deliveries[-1]["messages"]  # one push: a line quoting the message, then the card
    assert quote == {"type": "text", "text": texts.STAFF_ANSWER_QUOTE, "quoteToken": detail["message"]["quoteToken"]}
    assert card["type"] == "flex" and "รีเซ็ตรหัสผ่านให้แล้วครับ" in said([card])


def test_a_staff_answer_without_a_message_to_quote_is_the_card_alone(services, webhook, fake_line, process, db):
    file_consult(webhook, fake_line, process, "เข้าระบบไม่ได้", first=True)
    [ticket] = tickets(db)
    staff(services, ticket.number, "reply", "รีเซ็ตรหัสผ่านให้แล้วครับ", "สมชาย")
    process()
    assert [m["type"] for m in fake_line.deliveries[-1]["messages"]] == ["flex"]
