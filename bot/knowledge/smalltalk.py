"""Recognise greetings and thanks, which get a short friendly answer and never an FAQ (pure)."""

from __future__ import annotations

from bot.thai import normalize

GREETINGS = ("สวัสดี", "หวัดดี", "ดีครับ", "ดีค่ะ", "hello", "hi ", "good morning")
THANKS = ("ขอบคุณ", "ขอบใจ", "ขอบพระคุณ", "thank", "thx", "ขอบคุน")
MAX_LENGTH = 30  # a longer message is a question that happens to start politely


def kind(text: str) -> str | None:
    """Return "greeting", "thanks" or None."""
    value = normalize(text) + " "
    if len(value) > MAX_LENGTH:
        return None
    if any(word in value for word in THANKS):
        return "thanks"
    if any(word in value for word in GREETINGS):
        return "greeting"
    return None
