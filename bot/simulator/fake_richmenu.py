"""The fake LINE's rich menu endpoints: validate, create, image, list, default, delete, as LINE answers them."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.simulator.answer import Answer

SIZES = {(2500, 1686), (2500, 843), (1200, 810), (1200, 405), (800, 540), (800, 270)}
MAX_IMAGE_BYTES = 1024 * 1024


@dataclass
class RichMenus:
    """The channel's rich menus: each as created, the uploaded images, and the default."""

    menus: dict[str, dict[str, Any]] = field(default_factory=dict)
    images: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    default: str | None = None
    linked: dict[str, str] = field(default_factory=dict)  # user id → the menu linked to that user


def problems(body: dict[str, Any]) -> list[str]:
    """Say what LINE would refuse in a rich menu object (its schema, size, areas and label lengths)."""
    from linebot.v3.messaging import RichMenuRequest

    try:
        RichMenuRequest.from_dict(body)
    except Exception as exc:
        return [f"invalid rich menu: {exc}"[:200]]
    size = body.get("size") or {}
    width, height = size.get("width"), size.get("height")
    found = [] if (width, height) in SIZES else [f"size {width}x{height} is not allowed"]
    areas = body.get("areas") or []
    if not 1 <= len(areas) <= 20:
        found.append("areas: 1 to 20")
    for number, area in enumerate(areas):
        b = area.get("bounds") or {}
        if b.get("x", 0) < 0 or b.get("y", 0) < 0 or b.get("x", 0) + b.get("width", 0) > (width or 0) \
                or b.get("y", 0) + b.get("height", 0) > (height or 0):
            found.append(f"areas[{number}].bounds outside the image")
        if len(str((area.get("action") or {}).get("label", ""))) > 20:
            found.append(f"areas[{number}].action.label over 20 characters")
    if not 1 <= len(str(body.get("chatBarText", ""))) <= 14:
        found.append("chatBarText: 1 to 14 characters")
    if len(str(body.get("name", ""))) > 300:
        found.append("name over 300 characters")
    return found


def richmenu_api(fake: RichMenus, method: str, parts: list[str], body: dict[str, Any]) -> Answer:
    """Answer /v2/bot/richmenu/… and /v2/bot/user/…/richmenu (called with the fake's lock held)."""
    if parts == ["richmenu", "validate"] and method == "POST":
        found = problems(body)
        return Answer(400, {"message": "; ".join(found)}) if found else Answer(200)
    if parts == ["richmenu"] and method == "POST":
        found = problems(body)
        if found:
            return Answer(400, {"message": "; ".join(found)})
        menu_id = f"richmenu-{uuid.uuid4().hex}"
        fake.menus[menu_id] = dict(body)
        return Answer(200, {"richMenuId": menu_id})
    if parts == ["richmenu", "list"]:
        return Answer(200, {"richmenus": [{"richMenuId": i, **m} for i, m in fake.menus.items()]})
    if parts[:1] == ["richmenu"] and len(parts) >= 2 and parts[1] not in fake.menus:
        return Answer(404, {"message": "Not found"})
    if len(parts) == 3 and parts[0] == "richmenu" and parts[2] == "content":
        return _image(fake, method, parts[1], body)
    if len(parts) == 2 and parts[0] == "richmenu" and method == "DELETE":
        del fake.menus[parts[1]]
        fake.images.pop(parts[1], None)
        if fake.default == parts[1]:
            fake.default = None
        fake.linked = {user: menu for user, menu in fake.linked.items() if menu != parts[1]}
        return Answer(200)
    if parts[:3] == ["user", "all", "richmenu"]:
        return _default(fake, method, parts[3:])
    if len(parts) >= 3 and parts[0] == "user" and parts[2] == "richmenu":
        return _linked(fake, method, parts[1], parts[3:])
    return Answer(404, {"message": "Not found"})


def _linked(fake: RichMenus, method: str, user: str, rest: list[str]) -> Answer:
    """Answer /v2/bot/user/{userId}/richmenu[/{richMenuId}]: one user's own menu."""
    if method == "GET" and not rest:
        return Answer(200, {"richMenuId": fake.linked[user]}) if user in fake.linked else \
            Answer(404, {"message": "the user has no rich menu of their own"})
    if method == "DELETE" and not rest:
        fake.linked.pop(user, None)
        return Answer(200)
    if method == "POST" and len(rest) == 1:
        refused = _unusable(fake, rest[0])
        if refused is None:
            fake.linked[user] = rest[0]
        return refused or Answer(200)
    return Answer(404, {"message": "Not found"})


def _image(fake: RichMenus, method: str, menu_id: str, body: dict[str, Any]) -> Answer:
    from PIL import Image

    if method == "GET":
        if menu_id not in fake.images:
            return Answer(404, {"message": "Not found"})
        data, ctype = fake.images[menu_id]
        return Answer(200, {"_bytes": data}, {"Content-Type": ctype})
    data, ctype = body.get("_bytes", b""), body.get("_type", "")
    if ctype not in ("image/png", "image/jpeg") or len(data) > MAX_IMAGE_BYTES:
        return Answer(400, {"message": "the image must be a PNG or JPEG of at most 1 MB"})
    if menu_id in fake.images:
        return Answer(400, {"message": "An image has already been uploaded to the richmenu"})
    size = fake.menus[menu_id]["size"]
    try:
        with Image.open(io.BytesIO(data)) as image:
            actual = image.size
    except OSError:
        return Answer(400, {"message": "the image cannot be read"})
    if actual != (size["width"], size["height"]):
        return Answer(400, {"message": f"image size {actual} does not match the rich menu's"})
    fake.images[menu_id] = (bytes(data), ctype)
    return Answer(200)


def _default(fake: RichMenus, method: str, rest: list[str]) -> Answer:
    if method == "GET" and not rest:
        return Answer(200, {"richMenuId": fake.default}) if fake.default else \
            Answer(404, {"message": "no default rich menu"})
    if method == "DELETE" and not rest:
        fake.default = None
        return Answer(200)
    if method == "POST" and len(rest) == 1:
        refused = _unusable(fake, rest[0])
        if refused is None:
            fake.default = rest[0]
        return refused or Answer(200)
    return Answer(404, {"message": "Not found"})


def _unusable(fake: RichMenus, menu_id: str) -> Answer | None:
    """Say why a menu cannot be shown to users (unknown, or no image yet); None if it can."""
    if menu_id not in fake.menus:
        return Answer(404, {"message": "Not found"})
    if menu_id not in fake.images:
        return Answer(400, {"message": "must upload richmenu image before applying it to user"})
    return None
