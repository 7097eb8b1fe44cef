"""Talk to the bot in a school's LINE group, and read its state."""

from __future__ import annotations

from bot.storage import groups_repo

TEACHER, GROUP = "U0000000000000000000000000000aa1", "C0000000000000000000000000000cc1"
SCHOOLS = [("1034150001", "บ้านหนองบัว"), ("1034150002", "บ้านหนองบัวทอง"), ("1034150003", "อนุบาลวารินชำราบ")]


def say(webhook, fake_line, process, body, mention=False, user=TEACHER):
    before = len(fake_line.sent_to(GROUP))
    webhook.text(user, body, group=GROUP, mention_self=mention)
    process()
    return fake_line.sent_to(GROUP)[before:]


def tap(webhook, fake_line, process, data):
    before = len(fake_line.sent_to(GROUP))
    webhook(fake_line.user_event("postback", TEACHER, GROUP, postback={"data": data}))
    process()
    return fake_line.sent_to(GROUP)[before:]


def choices(message):
    return [(i["action"]["label"], i["action"].get("data")) for i in message.get("quickReply", {}).get("items", [])]


def join(webhook, fake_line, process):
    fake_line.add_group(GROUP, "ครูบ้านหนองบัว", members=25)
    webhook(fake_line.user_event("join", TEACHER, GROUP))
    process()
    return fake_line.sent_to(GROUP)


def group(db):
    db.rollback()
    return groups_repo.get(db, GROUP)
