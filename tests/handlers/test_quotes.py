"""An answer quotes the message it answers when the teacher has written again since (LINE's quoteToken)."""

from __future__ import annotations

from bot import texts

TEACHER = "U00000000000000000000000000000q1"


def test_an_answer_to_an_earlier_message_quotes_it_and_the_latest_answer_does_not(webhook, fake_line, process):
    first = webhook.text(TEACHER, "สวัสดีครับ")  # both arrive before the bot answers either
    second = webhook.text(TEACHER, texts.MENU_CONTACT)
    process()
    greeting, contact = fake_line.sent_to(TEACHER)[0], fake_line.sent_to(TEACHER)[-1]
    assert greeting["quoteToken"] == first["message"]["quoteToken"]  # "this answers that one"
    assert "quoteToken" not in contact and "โทร" in contact["text"]
    assert second["message"]["quoteToken"] != first["message"]["quoteToken"]


def test_one_message_at_a_time_needs_no_quote(webhook, fake_line, process):
    webhook.text(TEACHER, "สวัสดีครับ")
    process()
    webhook.text(TEACHER, texts.MENU_CONTACT)
    process()
    assert all("quoteToken" not in m for m in fake_line.sent_to(TEACHER))
