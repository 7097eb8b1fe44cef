"""The follow-up survey in LINE: solved or not, understanding, satisfaction 1–5, and an optional comment."""

from __future__ import annotations

import logging

from bot import conversation as conv
from bot import postbacks, texts
from bot.handlers import on, threads
from bot.handlers.context import Context
from bot.handlers.forms import finishes, say
from bot.line.messages import quick_postback, text
from bot.register import flows as register_flows
from bot.register import rules
from bot.storage import register_repo
from bot.storage.models import Requester, Ticket
from bot.usecases import desk

log = logging.getLogger(__name__)


def _own_ticket(ctx: Context) -> Ticket | None:
    """Return the request the postback names, only if it belongs to whoever tapped (a forged one does not)."""
    ticket_id = ctx.id_param("t")
    ticket = ctx.session.get(Ticket, ticket_id) if ticket_id is not None else None
    owner = ctx.session.get(Requester, ticket.requester_id) if ticket else None
    if ticket is None or owner is None or owner.line_user_id != ctx.user_id or ctx.in_group:
        log.warning("follow-up postback for someone else's request refused: %s from %s", ctx.params, ctx.user_id)
        ctx.reply(text(texts.FOLLOWUP_NOT_YOURS))
        return None
    return ticket


def _survey_ticket(ctx: Context, question: str) -> Ticket | None:
    """Return the tapper's solved request if `question` (a Ticket field) is still unanswered; else say why not."""
    ticket = _own_ticket(ctx)
    if ticket is None:
        return None
    if getattr(ticket, question) is not None or ticket.followup_result != texts.FOLLOWUP_SOLVED:
        ctx.reply(text(texts.FOLLOWUP_ALREADY))
        return None
    return ticket


def _buttons(action: str, ticket: Ticket, choices: list[tuple[str, str]]) -> list[dict]:
    return [quick_postback(label, postbacks.data(action, t=ticket.id, v=value), label) for value, label in choices]


def ask_satisfaction(ctx: Context, ticket: Ticket) -> None:
    choices = [(str(k), f"{k} {label}") for k, label in rules.SATISFACTION.items()]
    ctx.reply(text(texts.ASK_SATISFACTION, quick=_buttons(postbacks.FOLLOWUP_RATE, ticket, choices)))


@on.postback(postbacks.FOLLOWUP_RESULT)
def result(ctx: Context) -> None:
    """Solved → ask understanding (consultations) or satisfaction; still a problem → reopen and tell staff."""
    ticket = _own_ticket(ctx)
    if ticket is not None:
        settle(ctx, ticket, ctx.params.get("v", ""))


def settle(ctx: Context, ticket: Ticket, value: str, detail: str = "") -> None:
    """Take the teacher's "solved" or "still a problem" (with what they wrote, if they typed it)."""
    # a request staff closed before the teacher answered still takes the answer: "still a problem" reopens it
    if ticket.followup_result in (texts.FOLLOWUP_SOLVED, "no_response") or ticket.status == "cancelled":
        ctx.reply(text(texts.FOLLOWUP_ALREADY))
        return
    if ticket.followup_state != rules.FollowUp.DONE:
        ticket.followup_state = rules.next_followup(ticket.followup_state, rules.FollowUp.DONE)
    if value == texts.FOLLOWUP_PROBLEM:
        ticket.followup_result = texts.FOLLOWUP_PROBLEM
        if ticket.status != "reopened":
            desk.reopen(ctx.session, ticket, ctx.now)
        if detail:
            register_repo.add_entry(ctx.session, ticket, "message_in", "requester", ctx.now, detail)
        ctx.reply(text(texts.FOLLOWUP_REOPENED))
        ctx.tell_staff(texts.staff_reopened(ticket.number, ticket.subject))
        threads.follow(ctx, ticket)  # what the teacher writes next is about this request
        return
    ticket.followup_result = texts.FOLLOWUP_SOLVED
    register_repo.add_entry(ctx.session, ticket, "note", "requester", ctx.now, rules.FOLLOWUP_RESULTS["solved"])
    if ticket.kind == "repair":
        ask_satisfaction(ctx, ticket)
    else:
        ctx.reply(text(texts.ASK_UNDERSTANDING, quick=_buttons(postbacks.FOLLOWUP_UNDERSTOOD, ticket,
                                                                list(rules.UNDERSTANDING.items()))))


@on.postback(postbacks.FOLLOWUP_UNDERSTOOD)
def understood(ctx: Context) -> None:
    ticket = _survey_ticket(ctx, "understanding")
    if ticket is not None and ctx.params.get("v", "") in rules.UNDERSTANDING:
        record_understanding(ctx, ticket, ctx.params["v"])


def record_understanding(ctx: Context, ticket: Ticket, value: str) -> None:
    ticket.understanding = value
    if value == "poor":  # not understood: offer help before asking how satisfied they are
        help_choices = list(texts.HELP_CHOICES.items())
        ctx.reply(text(texts.NOT_UNDERSTOOD, quick=_buttons(postbacks.FOLLOWUP_HELP, ticket, help_choices)))
        return
    ask_satisfaction(ctx, ticket)


@on.postback(postbacks.FOLLOWUP_HELP)
def more_help(ctx: Context) -> None:
    """After "ยังไม่เข้าใจ": a call-back or more explanation reopens the request for staff; else go on to rating."""
    ticket = _own_ticket(ctx)
    if ticket is None:
        return
    value = ctx.params.get("v", "")
    if ticket.understanding != "poor" or ticket.status in ("reopened", "closed", "cancelled") \
            or value not in texts.HELP_CHOICES:
        ctx.reply(text(texts.FOLLOWUP_ALREADY))
        return
    if value == "fine":
        ask_satisfaction(ctx, ticket)
        return
    desk.reopen(ctx.session, ticket, ctx.now)
    phone = ctx.session.get(Requester, ticket.requester_id).phone  # type: ignore[union-attr]
    register_repo.add_entry(ctx.session, ticket, "note", "requester", ctx.now, texts.HELP_CHOICES[value])
    ctx.tell_staff(texts.staff_needs_help(ticket.number, ticket.subject, value == "call", phone))
    ctx.reply(text(texts.help_coming(value == "call", phone)))
    threads.follow(ctx, ticket)


@on.postback(postbacks.FOLLOWUP_RATE)
def rate(ctx: Context) -> None:
    """Take a tapped satisfaction rating."""
    ticket = _survey_ticket(ctx, "satisfaction")
    if ticket is not None and ctx.params.get("v", "") in {str(k) for k in rules.SATISFACTION}:
        record_rating(ctx, ticket, int(ctx.params["v"]))


def record_rating(ctx: Context, ticket: Ticket, value: int) -> None:
    """Record satisfaction, close the request, and offer to leave a comment."""
    ticket.satisfaction = value
    for status in ("followed_up", "closed"):
        if status in rules.TRANSITIONS[ticket.status]:
            register_repo.set_status(ctx.session, ticket, status, "requester", ctx.now)
    outcome = conv.start(register_flows.COMMENT, ctx.now, {"ticket_id": ticket.id})
    ctx.set_conversation(outcome.state)
    for reply in outcome.replies:
        say(ctx, reply)


@finishes("comment")
def save_comment(ctx: Context, requester: Requester, data: dict) -> None:
    """Keep the requester's comment from the follow-up survey (or just thank them when they skipped it)."""
    ticket = ctx.session.get(Ticket, int(data["ticket_id"]))
    if ticket is not None and data.get("comment"):
        ticket.comment = str(data["comment"])[:2000]
        register_repo.add_entry(ctx.session, ticket, "message_in", "requester", ctx.now, ticket.comment)
        ctx.reply(text(texts.COMMENT_THANKS))
    else:
        ctx.reply(text(texts.SURVEY_THANKS))
