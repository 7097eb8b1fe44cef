"""The handler registry: routing and refusing duplicates."""

from __future__ import annotations

import pytest

from bot.handlers import load
from bot.handlers.registry import DuplicateRoute, Router, parse_postback


def noop(ctx):
    return None


def other(ctx):
    return None


def text_event(body):
    return {"type": "message", "message": {"type": "text", "text": body}}


@pytest.mark.parametrize(
    ("register_twice"),
    [
        lambda r: (r.event("follow")(noop), r.event("follow")(other)),
        lambda r: (r.text("แจ้งซ่อม")(noop), r.text("  แจ้งซ่อม ")(other)),
        lambda r: (r.text("Help")(noop), r.text("help")(other)),
        lambda r: (r.postback("ticket.rate")(noop), r.postback("ticket.rate")(other)),
        lambda r: (r.text_fallback(noop), r.text_fallback(other)),
        lambda r: (r.message("image")(noop), r.message("image")(other)),
        lambda r: (r.text(pattern=r"ICT-\d+")(noop), r.text(pattern=r"ICT-\d+")(other)),
        lambda r: (r.conversation("more")(noop), r.conversation("thread", "more")(other)),
    ],
)
def test_duplicates_are_refused(register_twice):
    with pytest.raises(DuplicateRoute):
        register_twice(Router())


def test_resolution_order():
    router = Router()
    router.text("ติดตามเรื่อง")(noop)
    router.text(pattern=r"ICT-\d{4}-\d{4}")(other)
    fallback = router.text_fallback(lambda ctx: None)
    assert router.resolve(text_event(" ติดตามเรื่อง ")) is noop
    assert router.resolve(text_event("ICT-2570-0001")) is other
    assert router.resolve(text_event("ICT-2570-01")) is fallback
    assert router.resolve({"type": "message", "message": {"type": "image"}}) is None
    assert router.resolve({"type": "undefined"}) is None
    router.postback("ticket.rate")(noop)
    assert router.resolve({"type": "postback", "postback": {"data": "ticket.rate?id=3&score=5"}}) is noop
    assert router.resolve({"type": "postback", "postback": {"data": "ticket.other"}}) is None


class Chat:
    """Just enough of a handler Context for the router: a chat with a stored conversation state."""

    def __init__(self, body, state=None, idle=False, group=False, kind="text"):
        self.raw = {"type": "message", "message": {"type": kind, "text": body}}
        self.text, self.conversation, self._idle, self.in_group = body, state, idle, group
        self.replies, self.ran = [], []

    def set_conversation(self, state):
        self.conversation = state

    def idle(self, state):
        return self._idle

    def reply(self, *messages):
        self.replies.extend(m["text"] for m in messages)


def conversation_router():
    router = Router()
    router.text("ติดตามเรื่อง")(lambda ctx: ctx.ran.append("track"))
    router.text(pattern=r"ICT-\d{4}-\d{4}")(lambda ctx: ctx.ran.append("show"))
    router.text_fallback(lambda ctx: ctx.ran.append("fallback"))

    @router.conversation("*")
    def form(ctx, state):
        if ctx.text == "ติดตามเรื่อง":
            return False  # a step may decline: the text goes on to the routes
        ctx.ran.append(f"{state['flow']} step")
        return True

    @router.conversation("more", quiet_expiry=True)
    def more(ctx, state):
        ctx.ran.append("more step")
        return True

    return router


@pytest.mark.parametrize(("chat", "ran", "said", "left"), [
    (Chat("ICT-2570-0001"), ["show"], [], None),  # no conversation: the routes
    (Chat("ICT-2570-0001", {"flow": "thread"}), ["thread step"], [], "thread"),  # asked before the pattern
    (Chat("ครับ", {"flow": "repair"}), ["repair step"], [], "repair"),  # any form, before the fallback
    (Chat("ติดตามเรื่อง", {"flow": "repair"}), ["track"], [], "repair"),  # declined: the keyword, the form waits
    (Chat("ครับ", {"flow": "more"}), ["more step"], [], "more"),  # its own route, not the forms'
    (Chat("ครับ", {"flow": "repair"}, idle=True), ["fallback"], ["EXPIRED"], None),  # idle: ended, said, routed
    (Chat("ครับ", {"flow": "more"}, idle=True), ["fallback"], [], None),  # a quiet one ends unsaid
    (Chat("ครับ", {"flow": "repair"}, group=True), ["fallback"], [], "repair"),  # groups have no forms
])
def test_a_conversation_in_progress_is_asked_first_by_the_router(chat, ran, said, left, monkeypatch):
    monkeypatch.setattr("bot.handlers.registry.texts.EXPIRED", "EXPIRED")
    assert conversation_router().dispatch(chat) is not None
    assert chat.ran == ran and chat.replies == said
    assert (chat.conversation or {}).get("flow") == left


def test_a_picture_is_not_given_to_the_conversation():
    router = conversation_router()
    router.message("image")(lambda ctx: ctx.ran.append("picture"))
    chat = Chat("", {"flow": "repair"}, kind="image")
    router.dispatch(chat)
    assert chat.ran == ["picture"]


def test_parse_postback():
    assert parse_postback("ticket.rate?id=3&score=5") == ("ticket.rate", {"id": "3", "score": "5"})
    assert parse_postback("menu") == ("menu", {})


def test_the_app_router_loads_once_and_has_the_first_conversation():
    router = load()
    assert load() is router  # loading again registers nothing twice
    assert ("event", "follow") in router.routes()
    assert ("text", "*") in router.routes()
    assert {("conversation", "*"), ("conversation", "more")} <= set(router.routes())


def test_every_form_says_what_finishing_it_does():
    from bot.handlers.forms import FINISHERS
    from bot.register import flows

    load()
    forms = set(flows.build([], None, {"other": "อื่น ๆ"})) | {flows.COMMENT.name}
    assert forms <= set(FINISHERS), forms - set(FINISHERS)


def test_every_postback_action_has_one_route_and_builds_data_the_router_reads_back():
    from bot import postbacks
    from bot.handlers import load
    from bot.handlers.registry import parse_postback

    routes = {key for kind, key in load().routes() if kind == "postback"}
    assert routes == set(postbacks.ACTIONS)
    assert parse_postback(postbacks.data(postbacks.FOLLOWUP_RESULT, t=7, v="solved")) == (
        "followup.result", {"t": "7", "v": "solved"})
    assert postbacks.data(postbacks.GROUP_AREA) == "group.area"
    with pytest.raises(ValueError, match="unknown postback action"):
        postbacks.data("faq.shwo", id="x")
