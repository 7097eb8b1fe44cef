"""Recognise greetings and thanks, which get a short friendly answer and never an FAQ (pure)."""

from __future__ import annotations

import re

from bot.thai import normalize

GREETINGS = ("สวัสดี", "หวัดดี", "ดีครับ", "ดีค่ะ", "hello", "hi ", "good morning")
THANKS = ("ขอบคุณ", "ขอบใจ", "ขอบพระคุณ", "thank", "thx", "ขอบคุน")
MAX_LENGTH = 30  # a longer message is a question that happens to start politely


# Who a greeting is said to, and particles: what may follow "สวัสดี" in a message that is only a greeting.
ADDRESSED = re.compile(r"ครับผม|ครับ|คับ|ค่ะ|คะ|ค่า|จ้า|จ้ะ|นะ|ทุกท่าน|ทุกคน|พี่ๆ|พี่|น้อง|เจ้าหน้าที่|แอดมิน|admin|บอท|bot|น้องบอท|"
                       r"ตอนเช้า|ตอนบ่าย|ยามเช้า|[\s!.~ๆ^_]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")


def kind(text: str) -> str | None:
    """Return "greeting", "thanks" or None."""
    value = normalize(text) + " "
    if len(value) > MAX_LENGTH:
        return None
    if any(word in value for word in THANKS):
        return "thanks"
    # a greeting begins the message and nothing else is said ("ทำไงดีครับ" ends like "ดีครับ" but asks)
    if any(value.startswith(word) and not ADDRESSED.sub("", value[len(word):]) for word in GREETINGS):
        return "greeting"
    return None
