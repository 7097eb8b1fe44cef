"""Greetings and thanks get a short answer; a question that only sounds like one goes on to the FAQ (pure)."""

from __future__ import annotations

import pytest

from bot.knowledge import smalltalk


@pytest.mark.parametrize(("typed", "found"), [
    ("สวัสดีครับ", "greeting"), ("สวัสดีค่ะพี่ๆ", "greeting"), ("หวัดดีจ้า 😊", "greeting"), ("ดีครับ", "greeting"),
    ("Hi admin", "greeting"), ("สวัสดีตอนเช้าค่ะ", "greeting"), ("หวัดดีค่ะน้องบอท", "greeting"), ("ขอบคุณค่ะ", "thanks"),
    ("ได้แล้วค่ะ ขอบคุณมากๆ", "thanks"), ("ขอบคุนคับ", "thanks"),
    # questions that end like "ดีครับ" or start with a greeting are not small talk
    ("ลืมรหัสผ่านdmcทำไงดีครับ", None), ("ทำยังไงดีคะ", None), ("สวัสดีค่ะ ลืมรหัส dmc", None),
    ("สวัสดีครับ คอมห้องธุรการเปิดไม่ติด", None),
])
def test_small_talk_is_recognised_only_when_nothing_else_is_said(typed, found):
    assert smalltalk.kind(typed) == found
