"""FAQ in chat: confident answers, feedback, suggestions, handing a question to staff, the miss log."""

from __future__ import annotations

from sqlalchemy import select

from bot import texts
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
    return [(i["action"]["label"], i["action"].get("data")) for i in message.get("quickReply", {}).get("items", [])]


def test_confident_answer_quotes_the_calendar_and_asks_if_it_helped(webhook, fake_line, process):
    replies = ask(webhook, fake_line, process, "DMC เทอม 2 ปิดระบบวันไหนครับ")
    assert "10 พฤศจิกายน 25" in replies[0]["text"] and "ตามประกาศ" in replies[0]["text"]
    assert replies[1]["text"] == texts.FAQ_HELPFUL
    assert [label for label, _ in buttons(replies[1])] == [texts.FAQ_YES, texts.FAQ_NO]


def test_not_helpful_is_logged_and_offers_a_consultation(webhook, fake_line, process, db):
    replies = tap(webhook, fake_line, process, "faq.helpful?id=dmc-term2&v=0")
    assert texts.FAQ_SORRY in replies[0]["text"]
    db.rollback()
    miss = db.scalar(select(FaqMiss).where(FaqMiss.kind == "not_helpful"))
    assert (miss.entry_id, miss.count) == ("dmc-term2", 1)


def test_unsure_question_gets_suggestions_as_buttons(webhook, fake_line, process, db):
    replies = ask(webhook, fake_line, process, "รหัสผ่าน")  # DMC login, password tips, or a forgotten e-mail?
    assert replies[0]["text"] == texts.FAQ_SUGGEST
    datas = [data for _, data in buttons(replies[0])]
    password_entries = {"password-tips", "forgot-password", "dmc-login", "dlit-access", "system-access"}
    assert 2 <= len(datas) <= 3
    assert {data.removeprefix("faq.show?id=") for data in datas} <= password_entries
    shown = tap(webhook, fake_line, process, datas[0])
    assert shown[1]["text"] == texts.FAQ_HELPFUL


def test_unknown_question_is_logged_and_handed_to_staff_with_its_text(webhook, fake_line, process, db, services):
    with services.sessions() as session, session.begin():
        from bot.storage import register_repo

        register_repo.import_schools(session, [{"school_code": "1", "name": "บ้านโนนสูง", "district": ""}])
    for _ in range(2):
        replies = ask(webhook, fake_line, process, "ระบบ SGS บันทึกคะแนนไม่ได้ขึ้น error 403")
    assert replies[0]["text"] == texts.FAQ_NONE
    [(label, data)] = [b for b in buttons(replies[0]) if b[1]]
    assert label == texts.FAQ_OPEN_CONSULT
    db.rollback()
    assert db.scalar(select(FaqMiss.count).where(FaqMiss.kind == "unanswered")) == 2  # counted, not repeated
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
    assert "90 วัน" in replies[0]["text"]


def test_unfollowed_image_event_id_is_not_a_message(webhook, fake_line, process):
    msg_id = ev.message_id()
    fake_line.contents[msg_id] = (b"x", "image/jpeg")
    webhook(fake_line.user_event("message", TEACHER, message=ev.image_message(msg_id)))
    process()
    assert texts.HELP_NON_TEXT in fake_line.texts_to(TEACHER)[0]
