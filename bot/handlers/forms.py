"""The forms a 1:1 chat fills in (profile, requests, which request, the survey's comment): start, step, finish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import conversation as conv
from bot import texts
from bot.handlers import on
from bot.handlers.context import Context
from bot.handlers.welcome import main_menu
from bot.line.messages import quick_text, text
from bot.register import flows as register_flows
from bot.storage import register_repo, settings_repo
from bot.storage.models import Requester

Finisher = Callable[[Context, Requester, dict], None]
FINISHERS: dict[str, Finisher] = {}  # what finishing each form does, registered by the module that owns it


def finishes(*flows: str) -> Callable[[Finisher], Finisher]:
    """Register what to do when one of these forms is finished (one function per form)."""

    def register_finisher(finisher: Finisher) -> Finisher:
        for flow in flows:
            if flow in FINISHERS:
                raise ValueError(f"flow {flow!r} already ends in {FINISHERS[flow].__qualname__}")
            FINISHERS[flow] = finisher
        return finisher

    return register_finisher


def say(ctx: Context, reply: conv.Reply) -> None:
    """Send an engine reply with its choices as quick replies."""
    ctx.reply(text(reply.text, quick=[quick_text(c.label, c.text) if isinstance(c, conv.Choice) else quick_text(c)
                                      for c in reply.choices[:13]]))


def private_only(ctx: Context) -> bool:
    """In a group, point people to the 1:1 chat instead; True if the handler should go on."""
    if ctx.in_group:
        ctx.reply(text(texts.GROUP_PRIVATE))
        return False
    return True


def requester_of(ctx: Context) -> Requester:
    """Return the requester behind this chat, remembering the LINE display name on first contact."""
    requester = register_repo.requester_for_line(ctx.session, ctx.user_id or ctx.chat_id, ctx.now)
    if requester.display_name is None and requester.name is None and ctx.user_id:
        requester.display_name = ctx.display_name(ctx.user_id)  # offered as a button in the profile step
    return requester


def flows_for(ctx: Context, requester: Requester) -> dict[str, conv.Flow]:
    """Return the forms as this requester sees them (the office's schools and categories, their LINE name)."""
    return register_flows.build(register_repo.school_refs(ctx.session), requester.display_name,
                                settings_repo.categories(ctx.session))


def begin(ctx: Context, flow: str, known: dict) -> None:
    """Start a request flow, saying which; ask for the profile first if the requester has none."""
    requester = requester_of(ctx)
    flows = flows_for(ctx, requester)
    if known.get("kind") in texts.REQUEST_STARTS:
        ctx.reply(text(texts.request_starts(known["kind"], requester.name is None)))
    if requester.name is None:
        apply(ctx, requester, flows, "profile",
              conv.start(flows["profile"], ctx.now, {"then": {"flow": flow, "data": known}}))
    else:
        apply(ctx, requester, flows, flow, conv.start(flows[flow], ctx.now, known))


def apply(ctx: Context, requester: Requester, flows: dict[str, conv.Flow], flow: str, outcome: conv.Outcome) -> None:
    """Store the new state and answer; act on a finished form."""
    ctx.set_conversation(outcome.state)
    for reply in outcome.replies:
        say(ctx, reply)
    if outcome.cancelled:
        ctx.reply(text(texts.PROFILE_UNCHANGED if flow == "profile" and requester.name else texts.CANCELLED,
                       quick=main_menu()))
    elif outcome.finished is not None:
        FINISHERS[flow](ctx, requester, outcome.finished)


@on.conversation("*")
def form_step(ctx: Context, state: dict[str, Any]) -> bool:
    """Take a text as the answer to the form's question; False for a menu word, which goes to its own handler."""
    if on.keyword(ctx.text, patterns=False, menu_only=True) is not None:
        return False  # "ติดตามเรื่อง" mid-form is answered and the form waits; "แจ้งซ่อม" starts that form instead
    requester = requester_of(ctx)
    flows = flows_for(ctx, requester)
    apply(ctx, requester, flows, state["flow"], conv.answer(flows, state, ctx.text, ctx.now))
    return True
