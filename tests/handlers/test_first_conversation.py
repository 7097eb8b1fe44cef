"""Dialogue table for the first conversation: follow, free text, groups, stickers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import texts
from bot.simulator import events as ev
from bot.storage.models import Chat

TEACHER, GROUP = "U0000000000000000000000000000aa1", "C0000000000000000000000000000bb1"
MENU = list(texts.MAIN_MENU)


def quick_labels(message):
    return [item["action"]["label"] for item in (message.get("quickReply") or {}).get("items", [])]


# (what the person does, expected texts (fragments, in order), quick replies on the last message)
DIALOGUES = [
    pytest.param(("follow", None), ["สวัสดีครับ คุณครูสมหญิง", "PDPA"], MENU, id="follow-welcome"),
    pytest.param(("text", "สวัสดีครับ"), [texts.GREETING], MENU, id="greeting"),
    pytest.param(("text", "ขอบคุณมากครับ"), [texts.THANKS_REPLY], MENU, id="thanks"),
    pytest.param(("text", "   "), [texts.CHAT_REPLY], MENU, id="blank-text"),
    pytest.param(("text", "<script>alert(1)</script>"), [texts.CHAT_REPLY], MENU, id="markup-text"),
    pytest.param(("sticker", None), ["ได้รับแล้ว"], MENU, id="sticker"),
    pytest.param(("group-text", "ประชุมกี่โมงครับ"), [], [], id="group-chatter-ignored"),
    pytest.param(("group-mention", "@บอท ช่วยด้วย"), ["กลุ่มของโรงเรียนใด"], [texts.GROUP_AREA_WIDE],
                 id="group-mention-before-it-says-its-school"),
    pytest.param(("join", None), ["เข้าร่วมกลุ่มแล้ว", "กลุ่มของโรงเรียนใด"], [texts.GROUP_AREA_WIDE],
                 id="group-join"),
    pytest.param(("unfollow", None), [], [], id="unfollow-silent"),
    pytest.param(("group-text", "รหัสกลุ่ม"), [GROUP], [], id="group-id-for-staff-setting"),
]


def act(webhook, fake_line, action, value):
    if action == "follow":
        return webhook.follow(TEACHER), TEACHER
    if action == "text":
        return webhook.text(TEACHER, value), TEACHER
    if action == "sticker":
        event = fake_line.user_event("message", TEACHER, message=ev.sticker_message())
        return webhook(event), TEACHER
    if action == "group-text":
        return webhook.text(TEACHER, value, group=GROUP), GROUP
    if action == "group-mention":
        return webhook.text(TEACHER, value, group=GROUP, mention_self=True), GROUP
    if action in ("join", "unfollow"):
        group = GROUP if action == "join" else None
        return webhook(fake_line.user_event(action, TEACHER, group)), group or TEACHER
    raise AssertionError(action)


@pytest.mark.parametrize(("step", "expected", "quick"), DIALOGUES)
def test_dialogue(webhook, fake_line, process, step, expected, quick):
    fake_line.profiles[TEACHER] = "ครูสมหญิง"
    _, chat = act(webhook, fake_line, *step)
    process()
    sent = fake_line.sent_to(chat)
    assert len(sent) == len(expected), [m.get("text") for m in sent]
    for message, fragment in zip(sent, expected, strict=True):
        assert fragment in message["text"]
    if sent:
        assert quick_labels(sent[-1]) == quick
        assert {d["via"] for d in fake_line.deliveries} == {"reply"}  # answers are free


def test_welcome_survives_a_profile_failure(webhook, fake_line, process):
    fake_line.fail("/v2/bot/profile", 500)
    webhook.follow(TEACHER)
    process()
    assert "สวัสดีครับ คุณครู" in fake_line.texts_to(TEACHER)[0]


def test_follow_and_unfollow_are_remembered(webhook, fake_line, process, db):
    webhook.follow(TEACHER)
    process()
    assert db.scalar(select(Chat.followed).where(Chat.chat_id == TEACHER)) is True
    webhook(fake_line.user_event("unfollow", TEACHER))
    process()
    db.rollback()
    assert db.scalar(select(Chat.followed).where(Chat.chat_id == TEACHER)) is False
