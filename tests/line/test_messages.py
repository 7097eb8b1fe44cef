"""Building LINE messages within LINE's limits (pure): packing a backlog's answers into one send."""

from __future__ import annotations

from bot.line.messages import MAX_TEXT_UTF16, pack, quick_text, text


def test_neighbouring_texts_are_joined_and_only_the_newest_buttons_stay():
    messages = [text("หนึ่ง", quick=[quick_text("เก่า")]), text("สอง"), text("สาม", quick=[quick_text("ใหม่")])]
    packed, dropped = pack(messages)
    assert dropped == 0
    assert packed == [{"type": "text", "text": "หนึ่ง\n\nสอง\n\nสาม", "quickReply": {"items": [quick_text("ใหม่")]}}]


def test_what_cannot_be_joined_stays_apart_and_the_oldest_is_left_out_beyond_five():
    sticker = {"type": "sticker", "packageId": "1", "stickerId": "1"}
    long = "ก" * (MAX_TEXT_UTF16 - 10)
    messages = [text(long), text("ต่อ"), sticker, text(long), sticker, text("ท้าย"), sticker, text("จบ")]
    packed, dropped = pack(messages)
    assert dropped == 2 and len(packed) == 5
    assert packed[-1]["text"] == "จบ" and all(len(m.get("text", "")) <= MAX_TEXT_UTF16 for m in packed)


def test_nothing_to_join_is_left_as_it_was():
    messages = [text("เดียว")]
    assert pack(messages) == (messages, 0)
