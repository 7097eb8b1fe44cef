"""Build webhook events the way LINE shapes them, and sign them as LINE does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import time
import uuid
from typing import Any

_ids = itertools.count(int(time.time() * 1000) % 10**9)


def sign(body: bytes, channel_secret: str) -> str:
    """Return the x-line-signature of a raw body: base64(HMAC-SHA256(secret, body))."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def envelope(events: list[dict[str, Any]], destination: str = "Ubotdestination0000000000000000000") -> bytes:
    """Wrap events in the body LINE posts, as UTF-8 bytes with Thai kept literal (as LINE sends it)."""
    return json.dumps({"destination": destination, "events": events}, ensure_ascii=False).encode()


def source(user_id: str, group_id: str | None = None) -> dict[str, Any]:
    """Return the source of a 1:1 chat, or of a user speaking in a group."""
    if group_id:
        return {"type": "group", "groupId": group_id, "userId": user_id}
    return {"type": "user", "userId": user_id}


def event(kind: str, src: dict[str, Any], reply_token: str | None = None, **fields: Any) -> dict[str, Any]:
    """Return one event with a fresh webhookEventId and the current timestamp."""
    out: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": src,
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
    }
    if reply_token:
        out["replyToken"] = reply_token
    out.update(fields)
    return out


def message_id() -> str:
    """Return a new numeric message id as LINE uses."""
    return str(next(_ids))


def text_message(body: str, mention_self: bool = False, quoting: str | None = None) -> dict[str, Any]:
    """Return the `message` field of a text event (`quoting`: the id of the message it replies to)."""
    message: dict[str, Any] = {"type": "text", "id": message_id(), "quoteToken": uuid.uuid4().hex, "text": body}
    if quoting:
        message["quotedMessageId"] = quoting
    if mention_self:
        message["mention"] = {"mentionees": [{"index": 0, "length": 4, "type": "user", "isSelf": True}]}
    return message


def sticker_message(package_id: str = "446", sticker_id: str = "1988") -> dict[str, Any]:
    """Return the `message` field of a sticker event."""
    return {"type": "sticker", "id": message_id(), "quoteToken": uuid.uuid4().hex,
            "packageId": package_id, "stickerId": sticker_id, "stickerResourceType": "STATIC"}


def image_message(msg_id: str) -> dict[str, Any]:
    """Return the `message` field of an image event whose content LINE holds."""
    return {"type": "image", "id": msg_id, "quoteToken": uuid.uuid4().hex,
            "contentProvider": {"type": "line"}}
