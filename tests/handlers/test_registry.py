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


def test_parse_postback():
    assert parse_postback("ticket.rate?id=3&score=5") == ("ticket.rate", {"id": "3", "score": "5"})
    assert parse_postback("menu") == ("menu", {})


def test_the_app_router_loads_once_and_has_the_first_conversation():
    router = load()
    assert load() is router  # loading again registers nothing twice
    assert ("event", "follow") in router.routes()
    assert ("text", "*") in router.routes()


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
