"""Flex messages: small builders for LINE's boxes, texts and buttons, the size limits, and their plain text."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

MAX_BUBBLE_BYTES = 30 * 1024  # LINE refuses a bubble over 30 KB, a carousel over 50 KB or 12 bubbles
MAX_CAROUSEL_BYTES = 50 * 1024
MAX_BUBBLES = 12
MAX_ALT_TEXT = 400
GREY, DARK = "#777777", "#222222"


def text(value: str, *, size: str = "sm", color: str = DARK, bold: bool = False, wrap: bool = True,
         flex: int | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "text", "text": value or "-", "size": size, "color": color, "wrap": wrap}
    if bold:
        node["weight"] = "bold"
    if flex is not None:
        node["flex"] = flex
    return node


def box(*contents: dict[str, Any], layout: str = "vertical", spacing: str = "sm", **extra: Any) -> dict[str, Any]:
    return {"type": "box", "layout": layout, "spacing": spacing, "contents": list(contents), **extra}


def row(label: str, value: str) -> dict[str, Any]:
    """A label and its value side by side (ประเภท · ขอคำปรึกษา)."""
    return box(text(label, color=GREY, flex=2), text(value, flex=5), layout="baseline")


def separator() -> dict[str, Any]:
    return {"type": "separator", "margin": "md"}


def message_button(label: str, sent: str, primary: bool = False) -> dict[str, Any]:
    """A button that sends `sent` as if typed (routed like any text)."""
    return {"type": "button", "style": "primary" if primary else "secondary", "height": "sm",
            "action": {"type": "message", "label": label[:40], "text": sent}}


def postback_button(label: str, data: str, shown: str, primary: bool = False) -> dict[str, Any]:
    """A button that sends postback `data` and shows `shown` in the chat as the person's message."""
    return {"type": "button", "style": "primary" if primary else "secondary", "height": "sm",
            "action": {"type": "postback", "label": label[:40], "data": data, "displayText": shown}}


def bubble(header: Sequence[dict[str, Any]], body: Sequence[dict[str, Any]],
           footer: Sequence[dict[str, Any]] = (), colour: str = "#0B6E4F") -> dict[str, Any]:
    """A bubble: a coloured header, the body, and buttons in the footer (when there are any)."""
    out: dict[str, Any] = {"type": "bubble", "size": "mega",
                           "header": box(*header, backgroundColor=colour, paddingAll="14px"),
                           "body": box(*body, spacing="md")}
    if footer:
        out["footer"] = box(*footer)
    return out


def message(alt: str, contents: dict[str, Any], quick: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """Wrap a bubble or carousel as a message; `alt` is what notifications and old clients show."""
    out: dict[str, Any] = {"type": "flex", "altText": alt[:MAX_ALT_TEXT], "contents": contents}
    items = list(quick)
    if items:
        out["quickReply"] = {"items": items[:13]}
    return out


def carousel(bubbles: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "carousel", "contents": list(bubbles[:MAX_BUBBLES])}


def size_problems(flex: dict[str, Any]) -> list[str]:
    """Say which of LINE's size limits a Flex message breaks (none: it fits)."""
    contents = flex["contents"]
    found = []
    if contents["type"] == "carousel":
        if len(contents["contents"]) > MAX_BUBBLES:
            found.append(f"{len(contents['contents'])} bubbles (at most {MAX_BUBBLES})")
        if _size(contents) > MAX_CAROUSEL_BYTES:
            found.append(f"carousel of {_size(contents)} bytes (at most {MAX_CAROUSEL_BYTES})")
        bubbles = contents["contents"]
    else:
        bubbles = [contents]
    found += [f"bubble of {_size(b)} bytes (at most {MAX_BUBBLE_BYTES})" for b in bubbles
              if _size(b) > MAX_BUBBLE_BYTES]
    if len(flex["altText"]) > MAX_ALT_TEXT:
        found.append("altText over 400 characters")
    return found


def plain_text(message: dict[str, Any]) -> str:
    """Return what a message says as text: a text message's text, or every text of a Flex message, in order."""
    if message.get("type") != "flex":
        return str(message.get("text", ""))
    return "\n".join(_texts(message["contents"]))


def body_text(message: dict[str, Any]) -> str:
    """Return only the bodies of a Flex message's bubbles (what a card says, without its title and buttons)."""
    if message.get("type") != "flex":
        return str(message.get("text", ""))
    contents = message["contents"]
    bubbles = contents["contents"] if contents.get("type") == "carousel" else [contents]
    return "\n".join(t for b in bubbles if isinstance(b.get("body"), dict) for t in _texts(b["body"]))


def actions(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the actions of a message's buttons: its quick replies, then its card's, in order."""
    quick = [item["action"] for item in (message.get("quickReply") or {}).get("items", [])]
    card = _nodes(message["contents"]) if message.get("type") == "flex" else ()
    return quick + [node["action"] for node in card if node.get("type") == "button"]


def _texts(node: dict[str, Any]) -> Iterable[str]:
    for found in _nodes(node):
        if found.get("type") == "text":
            yield str(found.get("text", ""))
        elif found.get("type") == "button":
            yield f"[{found['action'].get('label', '')}]"


def _nodes(node: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """Yield a Flex node and everything inside it, in reading order (header, hero, body, footer; box contents)."""
    yield node
    for key in ("header", "hero", "body", "footer"):
        if isinstance(node.get(key), dict):
            yield from _nodes(node[key])
    for child in node.get("contents", []) if isinstance(node.get("contents"), list) else []:
        yield from _nodes(child)


def _size(node: dict[str, Any]) -> int:
    return len(json.dumps(node, ensure_ascii=False).encode())
