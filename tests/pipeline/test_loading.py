"""The loading animation shows in 1:1 chats only when an answer takes more than a moment."""

from __future__ import annotations

import time

from bot.handlers.registry import Router
from bot.simulator import events as ev
from tests.helpers.pipeline import make_processor


def slow_router(seconds):
    router = Router()

    @router.text_fallback
    def answer(ctx):
        time.sleep(seconds)
        ctx.reply({"type": "text", "text": "คำตอบ"})

    return router


def test_slow_answer_in_a_1to1_chat_shows_loading(services, webhook, fake_line):
    webhook(fake_line.user_event("message", "Uslow", message=ev.text_message("ถาม")))
    make_processor(services, slow_router(0.5), loading_after_seconds=0.1).process_available("w")
    assert fake_line.loading == ["Uslow"]
    assert fake_line.texts_to("Uslow") == ["คำตอบ"]


def test_quick_answer_shows_no_loading(services, webhook, fake_line):
    webhook(fake_line.user_event("message", "Uquick", message=ev.text_message("ถาม")))
    make_processor(services, slow_router(0), loading_after_seconds=0.3).process_available("w")
    time.sleep(0.4)
    assert fake_line.loading == []


def test_no_loading_in_groups(services, webhook, fake_line):
    webhook(fake_line.user_event("message", "Ug", "Cgroup", message=ev.text_message("ถาม")))
    make_processor(services, slow_router(0.3), loading_after_seconds=0.05).process_available("w")
    assert fake_line.loading == []
