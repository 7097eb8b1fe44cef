"""Flex cards: LINE's own models accept them, they stay within LINE's limits, and read right as plain text."""

from __future__ import annotations

import pytest
from linebot.v3.messaging import FlexMessage, PushMessageRequest

from bot import texts
from bot.line import cards, flex
from bot.line.messages import quick_text

VIEW = cards.RequestView("ICT-2570-0001", "ขอคำปรึกษา", "ยืนยันข้อมูล DMC ไม่ได้", "รับเรื่องแล้ว", "1 ธ.ค. 69 09:15",
                         "กดยืนยันที่เมนูรายงานครับ")


def accepted(message):
    """Check a message the way LINE does: through the SDK's models, generated from LINE's OpenAPI spec."""
    model = FlexMessage.from_dict(message)
    assert model is not None and model.alt_text == message["altText"]
    assert PushMessageRequest.from_dict({"to": "U" + "0" * 32, "messages": [message]}) is not None
    assert flex.size_problems(message) == []
    return message


def test_the_receipt_card_has_the_number_kind_status_and_the_manuals_targets():
    message = accepted(cards.receipt(VIEW, ["ลงทะเบียนรับเรื่องภายใน 30 นาที", "ติดต่อกลับภายใน 1 วันทำการ"],
                                     quick=[quick_text(texts.MENU_FAQ)]))
    said = flex.plain_text(message)
    assert message["altText"] == "รับเรื่องเลขที่ ICT-2570-0001 แล้ว"  # what the notification shows
    for part in ("ICT-2570-0001", "ขอคำปรึกษา", "รับเรื่องแล้ว", "• ลงทะเบียนรับเรื่องภายใน 30 นาที", "[ติดตามเรื่อง]"):
        assert part in said
    assert message["quickReply"]["items"][0]["action"]["text"] == texts.MENU_FAQ


def test_my_requests_is_a_carousel_within_lines_limits_however_many_are_open():
    many = [cards.RequestView(f"ICT-2570-{n:04d}", "แจ้งซ่อม", "ปริ้นเตอร์" * 40, "กำลังดำเนินการ", "-", "ก" * 2000)
            for n in range(1, 16)]
    message = accepted(cards.my_requests(many))
    assert len(message["contents"]["contents"]) == 12  # LINE shows at most 12 bubbles
    assert "คำตอบล่าสุด" in flex.plain_text(message)


@pytest.mark.parametrize(("contents", "problem"), [
    (flex.carousel([flex.bubble([flex.text("x")], [flex.text("y")])] * 12) | {"contents": [{}] * 13}, "13 bubbles"),
    (flex.bubble([flex.text("x")], [flex.text("ก" * 12_000)]), "bubble of"),
])
def test_size_problems_name_the_limit_broken(contents, problem):
    assert any(problem in p for p in flex.size_problems(flex.message("alt", contents)))


def test_plain_text_of_a_text_message_is_its_text():
    assert flex.plain_text({"type": "text", "text": "สวัสดีครับ"}) == "สวัสดีครับ"


def test_the_sdk_models_refuse_a_malformed_card():
    broken = flex.message("alt", flex.bubble([flex.text("x")], [flex.box(flex.text("y"), layout="sideways")]))
    with pytest.raises(ValueError):
        accepted(broken)


def test_a_final_staff_answer_has_the_two_outcome_buttons_and_a_progress_note_none():
    outcomes = [(texts.FOLLOWUP_SOLVED_LABEL, "followup.result?t=1&v=solved"),
                (texts.FOLLOWUP_PROBLEM_LABEL, "followup.result?t=1&v=problem")]
    final = accepted(cards.staff_answer("ICT-2570-0001", "รีเซ็ตรหัสผ่านแล้วครับ " * 200, "สมชาย", outcomes))
    assert final["altText"].startswith("💬 ตอบเรื่อง ICT-2570-0001: รีเซ็ตรหัสผ่านแล้วครับ")
    assert "— สมชาย" in flex.plain_text(final) and "[แก้ไขได้แล้ว]\n[ยังมีปัญหา]" in flex.plain_text(final)
    progress = accepted(cards.staff_answer("ICT-2570-0001", "ช่างจะเข้าไปพรุ่งนี้", None))
    assert "[" not in flex.plain_text(progress) and progress["altText"].startswith("💬 ความคืบหน้าเรื่อง")


@pytest.mark.parametrize("count", [1, 6])
def test_the_follow_up_survey_is_a_card_per_request(count):
    items = [(f"ICT-2570-{n:04d}", "เข้าระบบ DMC ไม่ได้", [("แก้ไขได้แล้ว", f"followup.result?t={n}&v=solved"),
                                                          ("ยังมีปัญหา", f"followup.result?t={n}&v=problem")])
             for n in range(1, count + 1)]
    message = accepted(cards.followup_survey("สวัสดีครับ ติดตามผล…", items))
    assert message["contents"]["type"] == ("bubble" if count == 1 else "carousel")
    shown = [b["action"]["displayText"] for b in message["contents"].get("contents", [message["contents"]])[0][
        "footer"]["contents"]]
    assert shown == (["แก้ไขได้แล้ว", "ยังมีปัญหา"] if count == 1 else
                     ["ICT-2570-0001 แก้ไขได้แล้ว", "ICT-2570-0001 ยังมีปัญหา"])  # which request the tap was for


def test_a_reminder_card_keeps_its_text_for_the_notification_and_a_school_gets_the_done_button():
    written = "⏳ อีก 3 วันจะถึงกำหนดส่ง DMC ภาคเรียนที่ 2 (30 พฤศจิกายน 2569)\nระบบ DMC · บันทึกข้อมูลได้ …"
    school = accepted(cards.reminder(written, (texts.ROUND_DONE_BUTTON, "round.done?round=7")))
    assert school["altText"] == written and school["contents"]["header"]["contents"][0]["text"].startswith("⏳ อีก 3")
    assert flex.plain_text(school).endswith(f"[{texts.ROUND_DONE_BUTTON}]")
    area = accepted(cards.reminder(written + "\nส่งแล้ว 1 จาก 3 โรงเรียน", None))
    assert "footer" not in area["contents"] and "ส่งแล้ว 1 จาก 3 โรงเรียน" in flex.plain_text(area)


def test_an_faq_answer_card_has_its_question_answer_source_and_the_two_buttons():
    message = accepted(cards.faq_answer("DMC เทอม 2 ปิดวันไหน", "ปิดระบบวันที่ 10 พฤศจิกายน 2569 " * 50, "หมวด: DMC",
                                        [("ช่วยได้", "faq.helpful?id=dmc&v=1"), ("ยังไม่ได้", "faq.helpful?id=dmc&v=0")]))
    assert flex.body_text(message).startswith("ปิดระบบวันที่ 10 พฤศจิกายน 2569")  # the answer alone
    assert "DMC เทอม 2 ปิดวันไหน" not in flex.body_text(message) and "หมวด: DMC" in flex.plain_text(message)
    assert [a["data"] for a in flex.actions(message)] == ["faq.helpful?id=dmc&v=1", "faq.helpful?id=dmc&v=0"]
    assert len(message["altText"]) == 400  # the notification: the question, then as much answer as fits
