"""FAQ in chat: confident answers, feedback, suggestions, handing a question to staff, the miss log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot import texts
from bot.knowledge import base
from bot.line import flex
from bot.simulator import events as ev
from bot.storage.models import Chat, FaqMiss, InboxEvent

TEACHER, OTHER = "U00000000000000000000000000000f1", "U00000000000000000000000000000f2"


def ask(webhook, fake_line, process, body, user=TEACHER):
    before = len(fake_line.sent_to(user))
    webhook.text(user, body)
    process()
    return fake_line.sent_to(user)[before:]


def tap(webhook, fake_line, process, data, user=TEACHER):
    before = len(fake_line.sent_to(user))
    webhook(fake_line.user_event("postback", user, postback={"data": data}))
    process()
    return fake_line.sent_to(user)[before:]


def buttons(message):
    """Return (label, data) of a message's buttons: quick replies, then a card's."""
    return [(a["label"], a.get("data")) for a in flex.actions(message)]


def test_confident_answer_quotes_the_calendar_and_asks_if_it_helped(webhook, fake_line, process):
    replies = ask(webhook, fake_line, process, "DMC เทอม 2 ปิดระบบวันไหนครับ")
    [card] = replies
    assert "10 พฤศจิกายน 25" in flex.body_text(card) and "ตามประกาศ" in flex.body_text(card)
    assert texts.FAQ_HELPFUL in flex.plain_text(card)
    assert [label for label, _ in buttons(card)] == [texts.FAQ_YES, texts.FAQ_NO]
    assert card["altText"].startswith(texts.FAQ_CALENDAR_TITLE)  # answered from the calendar, and says so


def test_not_helpful_is_logged_and_offers_a_consultation(webhook, fake_line, process, db):
    replies = tap(webhook, fake_line, process, "faq.helpful?id=dmc-term2&v=0")
    assert texts.FAQ_SORRY in replies[0]["text"]
    db.rollback()
    miss = db.scalar(select(FaqMiss).where(FaqMiss.kind == "not_helpful"))
    assert (miss.entry_id, miss.count) == ("dmc-term2", 1)


def test_unsure_question_gets_suggestions_as_buttons(webhook, fake_line, process, db):
    replies = ask(webhook, fake_line, process, "ได้ SMS ลิงก์ให้กรอกรหัส emis ด่วนนนน กดดีไหมคะ")  # scam? or EMIS?
    assert replies[0]["text"] == texts.FAQ_SUGGEST
    datas = [data for label, data in buttons(replies[0]) if data.startswith("faq.show")]
    assert 1 <= len(datas) <= 3 and buttons(replies[0])[-1][0] == texts.FAQ_OPEN_CONSULT
    entries = {e.id: e for e in base.load()}
    assert any(entries[data.removeprefix("faq.show?id=")].category == "security" for data in datas)
    shown = tap(webhook, fake_line, process, datas[0])
    assert texts.FAQ_HELPFUL in flex.plain_text(shown[0])


def test_unknown_question_is_logged_and_handed_to_staff_with_its_text(webhook, fake_line, process, db, services):
    with services.sessions() as session, session.begin():
        from bot.storage import register_repo

        register_repo.import_schools(session, [{"school_code": "1", "name": "บ้านโนนสูง", "district": ""}])
    for _ in range(2):
        replies = ask(webhook, fake_line, process, "ระบบ SGS บันทึกคะแนนไม่ได้ขึ้น error 403")
    assert replies[0]["text"] in (texts.FAQ_NONE, texts.FAQ_SUGGEST)  # no answer: maybe one of these, or staff
    [(label, data)] = [b for b in buttons(replies[0]) if b[1] and b[1].startswith("faq.consult")]
    assert label == texts.FAQ_OPEN_CONSULT
    db.rollback()
    assert db.scalar(select(func.sum(FaqMiss.count)).where(FaqMiss.kind.in_(("unanswered", "unsure")))) == 2
    tap(webhook, fake_line, process, data)
    for line in ("ครูเอ", "ครู", "บ้านโนนสูง", "ข้าม", "อื่น ๆ", "ข้าม", "ปกติ"):
        replies = ask(webhook, fake_line, process, line)
    assert "เรื่อง: ระบบ SGS บันทึกคะแนนไม่ได้ขึ้น error 403" in replies[-1]["text"]


def test_a_forged_postback_cannot_reuse_someone_elses_question(webhook, fake_line, process, db):
    ask(webhook, fake_line, process, "ข้อมูลลับของครูเอ เรื่องเงินเดือน", user=OTHER)
    db.rollback()
    their_event = db.scalar(select(InboxEvent.id).where(InboxEvent.chat_id == OTHER))
    tap(webhook, fake_line, process, f"faq.consult?event={their_event}")
    db.rollback()
    state = db.scalar(select(Chat.conversation).where(Chat.chat_id == TEACHER))
    assert "เงินเดือน" not in str(state)
    assert "เงินเดือน" not in " ".join(m.get("text", "") for m in fake_line.sent_to(TEACHER))


def test_faq_menu_offers_popular_questions(webhook, fake_line, process):
    replies = ask(webhook, fake_line, process, texts.MENU_FAQ)
    assert replies[0]["text"] == texts.FAQ_INTRO and len(buttons(replies[0])) >= 5


def test_a_question_is_not_taken_for_a_request_or_a_thread(webhook, fake_line, process):
    replies = ask(webhook, fake_line, process, "ต้องเก็บ log อินเทอร์เน็ตกี่วัน")
    assert "90 วัน" in flex.body_text(replies[0])
    assert "หมวด: " in flex.plain_text(replies[0]) and replies[0]["altText"].startswith(replies[0]["contents"][
        "header"]["contents"][1]["text"])  # the card names its entry's question and where it comes from


def test_unfollowed_image_event_id_is_not_a_message(webhook, fake_line, process):
    msg_id = ev.message_id()
    fake_line.contents[msg_id] = (b"x", "image/jpeg")
    webhook(fake_line.user_event("message", TEACHER, message=ev.image_message(msg_id)))
    process()
    assert texts.HELP_NON_TEXT in fake_line.texts_to(TEACHER)[0]


def test_another_groups_work_is_redirected_with_the_contact_staff_set(webhook, fake_line, process, services):
    with services.sessions() as session, session.begin():
        from bot.storage import settings_repo

        settings_repo.set_office(session, {"group_contacts": {"personnel": "โทร 0 4500 0000 ต่อ 201"}})
    [reply] = ask(webhook, fake_line, process, "ลาป่วยต้องยื่นใบลาล่วงหน้ากี่วันคะ")
    assert "กลุ่มบริหารงานบุคคล" in reply["text"] and "ต่อ 201" in reply["text"]
    assert "ไม่ใช่งานของกลุ่ม DLICT" in reply["text"]


def test_a_request_says_what_has_started_before_asking_anything(webhook, fake_line, process):
    replies = ask(webhook, fake_line, process, "ปริ้นเตอร์ห้องธุรการกระดาษติด พิมพ์ไม่ออก ช่วยส่งช่างมาดูหน่อยค่ะ")
    assert replies[0]["text"] == texts.request_starts("repair", profile_first=True)
    assert replies[1]["text"] == texts.ASK_NAME


def test_deadlines_are_answered_relative_to_today(webhook, fake_line, process):
    replies = ask(webhook, fake_line, process, "dmc ปิดยังคะ")
    answer = flex.body_text(replies[0])
    assert "DMC" in answer and any(w in answer for w in ("ปิดแล้ว", "เปิดอยู่", "ยังไม่เปิด"))
    assert [label for label, _ in buttons(replies[0])] == [texts.FAQ_YES, texts.FAQ_NO]


def test_answers_quote_the_office_name_from_settings(webhook, fake_line, process, services):
    replies = ask(webhook, fake_line, process, "ติดต่อกลุ่ม DLICT สำนักงานเขตได้ทางไหนคะ")
    answer = flex.body_text(replies[0])
    assert services.settings.office_name in answer and "(ตามประกาศ)" not in answer


def test_a_repair_that_names_a_date_word_starts_the_repair_not_a_deadline_answer(webhook, fake_line, process):
    # "เปิดแล้ว" and "ปิดรอบ" read as a question about deadlines; the router hears a repair first
    replies = ask(webhook, fake_line, process,
                  "คอมที่ใช้คีย์ dmc ของโรงเรียนเปิดแล้วดับเองทุก 5 นาที ช่วยดูให้หน่อยค่ะ ใกล้ปิดรอบแล้ว")
    assert replies[0]["text"] == texts.request_starts("repair", profile_first=True)


def test_a_request_that_names_a_round_starts_the_request(webhook, fake_line, process):
    replies = ask(webhook, fake_line, process,
                  "dmc รอบ 10 พ.ย. โรงเรียนยืนยันข้อมูลไม่ทันค่ะ ไฟดับทั้งตำบล ขอให้เขตช่วยเปิดระบบให้หน่อยนะคะ")
    assert replies[0]["text"] == texts.request_starts("consult", profile_first=True)


@pytest.mark.parametrize("typed", ["ร้านซ่อมคอมในตัวอำเภอร้านไหนดีคะ", "เน็ตประชารัฐในหมู่บ้านเสีย แจ้งที่ไหนครับ",
                                   "wifiที่คอนโดผมต่อไม่ติด ต้องโทรหานิติหรือค่ายเน็ตครับ"])
def test_a_fault_outside_the_schools_starts_no_repair(webhook, fake_line, process, typed):
    replies = ask(webhook, fake_line, process, typed)
    assert replies[0]["text"] != texts.request_starts("repair", profile_first=True)
    assert replies[0]["text"] == texts.FAQ_NONE


@pytest.mark.parametrize("typed", ["ลืมรหัสผ่านdmcทำไงดีครับ", "สวัสดีค่ะ ลืมรหัส dmc"])
def test_a_question_that_sounds_like_a_greeting_is_answered(webhook, fake_line, process, typed):
    replies = ask(webhook, fake_line, process, typed)
    assert flex.plain_text(replies[0]) != texts.GREETING and "รีเซ็ต" in flex.body_text(replies[0])
