"""Build LINE message objects (plain JSON, as the outbox stores them) within LINE's limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.thai import short_label

MAX_TEXT_UTF16 = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_POSTBACK_DATA = 300


def _utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def clip(value: str, limit: int) -> str:
    """Cut text to `limit` UTF-16 units, marking the cut, as LINE counts them."""
    if _utf16_len(value) <= limit:
        return value
    out = value
    while _utf16_len(out) > limit - 1:
        out = out[: max(len(out) - max((_utf16_len(out) - limit) // 2, 1), 0)]
    return out + "…"


def quick_text(label: str, text: str | None = None) -> dict[str, Any]:
    """Return a quick-reply button that sends `text` (the whole label by default) as the user.

    A label longer than LINE's 20 characters is cut at a word boundary; the button still sends it whole.
    """
    return {"type": "action", "action": {"type": "message", "label": short_label(label, MAX_LABEL),
                                         "text": text or label}}


def quick_postback(label: str, data: str, display_text: str | None = None) -> dict[str, Any]:
    """Return a quick-reply button that sends postback `data` without typing for the user."""
    if len(data) > MAX_POSTBACK_DATA:
        raise ValueError(f"postback data longer than {MAX_POSTBACK_DATA} characters: {data[:40]}…")
    action: dict[str, Any] = {"type": "postback", "label": short_label(label, MAX_LABEL), "data": data}
    if display_text:
        action["displayText"] = display_text
    return {"type": "action", "action": action}


def text(body: str, quick: Sequence[dict[str, Any]] = (), quote_token: str | None = None) -> dict[str, Any]:
    """Return a text message, clipped to LINE's length, with up to 13 quick replies (quoting a message, if given)."""
    message: dict[str, Any] = {"type": "text", "text": clip(body, MAX_TEXT_UTF16)}
    if quote_token:
        message["quoteToken"] = quote_token
    if quick:
        if len(quick) > MAX_QUICK_REPLIES:
            raise ValueError(f"LINE allows at most {MAX_QUICK_REPLIES} quick replies, got {len(quick)}")
        message["quickReply"] = {"items": list(quick)}
    return message


def pack(messages: Sequence[dict[str, Any]], most: int = 5) -> tuple[list[dict[str, Any]], int]:
    """Fit messages into `most` by joining neighbouring texts (a backlog's answers in one push).

    Only the last text of a run keeps its quick replies (only the newest buttons still mean anything). When even
    joined they do not fit, the oldest are left out; returns (messages, how many answers were left out).
    """
    packed: list[dict[str, Any]] = []
    for message in messages:
        last = packed[-1] if packed else None
        if (last is not None and message.get("type") == "text" and last.get("type") == "text"
                and "quoteToken" not in message and "quoteToken" not in last
                and _utf16_len(last["text"]) + 2 + _utf16_len(message["text"]) <= MAX_TEXT_UTF16):
            joined = {**message, "text": f"{last['text']}\n\n{message['text']}"}
            packed[-1] = joined
        else:
            packed.append(dict(message))
    dropped = max(len(packed) - most, 0)
    return packed[dropped:], dropped
