"""The follow-up answered by typing instead of tapping: "แก้ได้แล้วครับ", "ยังมีปัญหาอยู่ค่ะ …", "๕ ค่ะ"."""

from __future__ import annotations

from datetime import timedelta

from bot import conversation as conv
from bot import texts
from bot.handlers import followup
from bot.handlers.context import Context
from bot.register import rules
from bot.storage import register_repo
from bot.storage.models import Ticket

_rating = conv.pick({**{str(k): k for k in rules.SATISFACTION}, **{v: k for k, v in rules.SATISFACTION.items()}},
                    leading=False)
_understanding = conv.pick({label: value for value, label in rules.UNDERSTANDING.items()}, leading=False)
RECENT = timedelta(days=1)  # a survey question left unanswered longer than this is not what a number answers


def _waiting(ctx: Context) -> list[Ticket]:
    """Return the requester's requests whose follow-up waits on them: solved or not, then the survey."""
    requester = register_repo.requester_of_line(ctx.session, ctx.user_id or ctx.chat_id)
    if requester is None:  # a first message: nothing can wait on this teacher yet (and no look-up of their name)
        return []
    mine = register_repo.tickets(ctx.session, requester_id=requester.id)[:20]
    outcome = [t for t in mine if t.status in ("answered", "resolved") and t.followup_result is None]
    survey = [t for t in mine if t.followup_result == texts.FOLLOWUP_SOLVED and t.satisfaction is None
              and t.updated_at.replace(tzinfo=ctx.now.tzinfo) > ctx.now - RECENT]
    return [*outcome, *survey]


def typed(ctx: Context) -> bool:
    """Read a typed answer to the question the follow-up is waiting on, when one request waits; True if it was."""
    waiting = _waiting(ctx)
    if len(waiting) != 1:
        return False
    ticket, folded = waiting[0], conv.key(ctx.text)
    if ticket.followup_result is None:
        words = {value: tuple(conv.key(w) for w in ws) for value, ws in texts.TYPED_OUTCOMES.items()}
        value = next((v for v, ws in words.items() if folded.startswith(ws)), None)
        if value is None:
            return False
        followup.settle(ctx, ticket, value, detail=ctx.text if value == texts.FOLLOWUP_PROBLEM else "")
        return True
    if ticket.kind != "repair" and ticket.understanding is None:
        return _answer(ctx, ticket, _understanding, followup.record_understanding)
    return _answer(ctx, ticket, _rating, followup.record_rating)


def _answer(ctx: Context, ticket: Ticket, parse, record) -> bool:  # type: ignore[no-untyped-def]
    try:
        value = parse(ctx.text, {})
    except conv.Invalid:
        return False
    record(ctx, ticket, value)
    return True
