"""The /dev/line page: chat with the bot as a teacher or inside a school group, no LINE account needed."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for

from bot.simulator import events as ev
from bot.simulator.api import api_blueprint
from bot.simulator.fake_line import FakeLine

PEOPLE = {
    "U1000000000000000000000000000001": "ครูสมศรี ใจดี",
    "U1000000000000000000000000000002": "ครูประเสริฐ รักเรียน",
    "U1000000000000000000000000000003": "ผอ.วันชัย มั่นคง",
    "U1000000000000000000000000000009": "เจ้าหน้าที่ ICT (สาธิต)",
}
DEMO_SCHOOLS = (("1034150001", "บ้านหนองบัว", "เมือง"), ("1034150002", "บ้านหนองบัวแดง", "เมือง"),
                ("1034150003", "บ้านโนนสูง", "วารินชำราบ"), ("1034150004", "อนุบาลวารินชำราบ", "วารินชำราบ"))
GROUPS = {"C2000000000000000000000000000001": ("กลุ่มครู รร.บ้านหนองบัว", 25),
          "C2000000000000000000000000000009": ("กลุ่มเจ้าหน้าที่ ICT", 4)}


def simulator_blueprint(fake: FakeLine) -> Blueprint:
    """Return the blueprint for the chat page and, beneath it, the fake Messaging API."""
    bp = Blueprint("simulator", __name__, url_prefix="/dev/line", template_folder="templates",
                   static_folder="static")
    bp.register_blueprint(api_blueprint(fake), url_prefix="/api")
    fake.profiles.update(PEOPLE)
    for group_id, (name, members) in GROUPS.items():
        fake.add_group(group_id, name, members)

    @bp.get("/")
    def page() -> str:
        _demo_schools()
        return render_template("simulator.html", people=PEOPLE, groups=GROUPS, schools=DEMO_SCHOOLS)

    @bp.get("/transcript")
    def transcript() -> Response:
        chat = request.args.get("chat", "")
        with fake.lock:
            entries = [_view(entry) for entry in fake.transcripts.get(chat, [])]
        return jsonify(entries)

    @bp.get("/richmenu")
    def richmenu() -> Response:
        """Describe the rich menu a user sees under their 1:1 chat (their own, else the default): its areas."""
        with fake.lock:
            menu_id = fake.rich_menus.linked.get(request.args.get("user", "")) or fake.rich_menus.default
            menu = fake.rich_menus.menus.get(menu_id or "")
        if menu is None:
            return jsonify({})
        width, height = menu["size"]["width"], menu["size"]["height"]
        areas = [{"left": a["bounds"]["x"] / width, "top": a["bounds"]["y"] / height,
                  "width": a["bounds"]["width"] / width, "height": a["bounds"]["height"] / height,
                  "label": a["action"].get("label", ""), "text": a["action"].get("text", "")}
                 for a in menu["areas"]]
        return jsonify({"id": menu_id, "chatBarText": menu["chatBarText"], "ratio": height / width, "areas": areas,
                        "image": url_for("simulator.richmenu_image", menu_id=menu_id)})

    @bp.get("/richmenu/<menu_id>.png")
    def richmenu_image(menu_id: str) -> Response:
        with fake.lock:
            found = fake.rich_menus.images.get(menu_id)
        if found is None:
            abort(404)
        return Response(found[0], mimetype=found[1])

    @bp.post("/send")
    def send() -> tuple[Response, int]:
        data = request.get_json(silent=True) or {}
        user, group = data.get("user"), data.get("group") or None
        if user not in PEOPLE or (group and group not in GROUPS):
            abort(400, "unknown user or group")
        try:
            event = _user_event(fake, str(user), group, data)
        except (ValueError, binascii.Error) as exc:
            abort(400, str(exc))
        answer = fake.post_webhook(url_for("webhook.callback", _external=True), [event])
        return jsonify({"webhook_status": answer.status_code}), 200

    return bp


def _demo_schools() -> None:
    """Give an empty install a few schools to pick in the profile step (simulator only)."""
    from bot.storage import register_repo

    services = current_app.extensions["helpdesk"]
    with services.sessions() as session, session.begin():
        if not register_repo.school_refs(session):
            register_repo.import_schools(session, [dict(zip(("school_code", "name", "district"), row, strict=True))
                                                   for row in DEMO_SCHOOLS])


def _user_event(fake: FakeLine, user: str, group: str | None, data: dict[str, Any]) -> dict[str, Any]:
    """Turn what the person did on the page into a LINE event."""
    kind = data.get("kind")
    if kind == "text":
        body = str(data.get("text", "")).strip()
        if not body:
            raise ValueError("empty text")
        return fake.user_event("message", user, group, message=ev.text_message(body, bool(data.get("mention"))))
    if kind == "sticker":
        return fake.user_event("message", user, group, message=ev.sticker_message())
    if kind == "image":
        raw = base64.b64decode(str(data.get("image", "")), validate=True)
        msg_id = ev.message_id()
        with fake.lock:
            fake.contents[msg_id] = (raw, str(data.get("content_type") or "image/jpeg"))
        return fake.user_event("message", user, group, message=ev.image_message(msg_id))
    if kind == "postback":
        postback = {"data": str(data.get("data", ""))[:300]}
        display = data.get("display")
        return fake.user_event("postback", user, group, display=str(display) if display else None, postback=postback)
    if kind in ("follow", "unfollow") and not group:
        return fake.user_event(kind, user, None)
    if kind in ("join", "leave") and group:
        return fake.user_event(kind, user, group)
    raise ValueError(f"unsupported action: {kind}")


def _view(entry: dict[str, Any]) -> dict[str, Any]:
    """Shape a transcript entry for the page."""
    if entry["from"] == "bot":
        return {"from": "bot", "via": entry["via"], "message": entry["message"]}
    event = entry["event"]
    message = event.get("message") or {}
    shown = {"text": message.get("text"), "type": message.get("type") or event["type"],
             "display": entry.get("display"), "quoteToken": message.get("quoteToken")}
    return {"from": entry["from"], "name": PEOPLE.get(entry["from"], entry["from"]), "message": shown}
