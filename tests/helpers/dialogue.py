"""Talk to the bot as a teacher would, through the webhook and the workers, and read what it said."""

from __future__ import annotations

import base64

from sqlalchemy import select

from bot.line import flex
from bot.line.flex import plain_text
from bot.simulator import events as ev
from bot.storage.models import Requester, Ticket

GIF = base64.b64decode(b"R0lGODlhAQABAAAAACw=")
# A new teacher and the profile they give (with a typo in the school name, บ้านโนนสูง)
TEACHER = "U00000000000000000000000000000t1"
PROFILE = ["ครูสมหญิง ใจงาม", "ครู", "บ้านโนนสุง", "081-234-5678"]


def chat(webhook, fake_line, process, user, *lines):
    """Type each line as `user`, let the workers answer, and return everything the bot said."""
    before = len(fake_line.sent_to(user))
    for line in lines:
        webhook.text(user, line)
        process()
    return fake_line.sent_to(user)[before:]


def tap(webhook, fake_line, process, user, data):
    """Tap a postback button as `user` and return what the bot said."""
    before = len(fake_line.sent_to(user))
    webhook(fake_line.user_event("postback", user, postback={"data": data}))
    process()
    return fake_line.sent_to(user)[before:]


def picture(webhook, fake_line, process, user):
    """Send a picture as `user` and return what the bot said."""
    before = len(fake_line.sent_to(user))
    msg_id = ev.message_id()
    fake_line.contents[msg_id] = (GIF, "image/gif")
    webhook(fake_line.user_event("message", user, message=ev.image_message(msg_id)))
    process()
    return fake_line.sent_to(user)[before:]


def said(messages):
    """Return what the messages say as text (a Flex card's texts and button labels, in order)."""
    return "\n".join(plain_text(m) for m in messages)


def card_actions(message):
    """Return the actions of a Flex card's buttons, in order."""
    return flex.actions({k: v for k, v in message.items() if k != "quickReply"})


def buttons(message):
    """Return the labels of a Flex card's buttons, in order."""
    return [action["label"] for action in card_actions(message)]


def choices(message):
    return [i["action"]["label"] for i in message.get("quickReply", {}).get("items", [])]


def actions(message):
    return [i["action"] for i in message.get("quickReply", {}).get("items", [])]


def requester(db, user):
    db.rollback()
    return db.scalar(select(Requester).where(Requester.line_user_id == user))


def tickets(db):
    db.rollback()
    return db.scalars(select(Ticket).order_by(Ticket.id)).all()
