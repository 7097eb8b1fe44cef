"""A teacher's messages about requests already open: which request, pictures, a reopened request, new or not."""

from __future__ import annotations

from bot import conversation as conv
from bot import texts
from bot.handlers import faq, forms, on, requests
from bot.handlers.context import Context
from bot.handlers.welcome import main_menu
from bot.knowledge import smalltalk
from bot.knowledge.decide import Decision
from bot.line.messages import text
from bot.register import flows as register_flows
from bot.register import intent
from bot.storage import register_repo
from bot.storage.models import Requester, Ticket

MAX_LISTED = 10
FOLLOWED = ("reopened", "received", "in_progress")  # a request the chat stays on after a reopen


def _open(ctx: Context, requester: Requester) -> list[Ticket]:
    return list(register_repo.tickets(ctx.session, requester_id=requester.id, open_only=True))


def _ask_which(ctx: Context, requester: Requester, tickets: list[Ticket], known: dict) -> None:
    flows = forms.flows_for(ctx, requester)
    known = {**known, "open": [[t.number, t.subject] for t in tickets[:MAX_LISTED]]}
    forms.apply(ctx, requester, flows, "thread", conv.start(flows["thread"], ctx.now, known))


def join(ctx: Context, decision: Decision) -> bool:
    """Handle a message from a teacher with open requests; True if it did (False: no request is open).

    A message that reads like a detail joins the one open request; one that reads like a new question or a new
    problem, or any message when several are open, gets one tap: which request, a new one, or a question.
    """
    requester = forms.requester_of(ctx)
    tickets = _open(ctx, requester)
    if not tickets:
        return False
    guessed = intent.guess(ctx.text)
    reads_new = decision.action in ("suggest", "request") or guessed is not None
    if len(tickets) == 1 and not reads_new:
        add(ctx, tickets[0], ctx.text)
        return True
    kind = guessed[0] if guessed else decision.request
    _ask_which(ctx, requester, tickets, {"text": ctx.text, "asks": reads_new, "kind": kind or "consult",
                                         "event": ctx.event_id})
    return True


def add(ctx: Context, ticket: Ticket, message: str) -> None:
    """Add a teacher's message to a request's thread, and say so."""
    # the message of this event can be quoted by staff's answer later; one carried over from a tap cannot
    quote = (ctx.raw.get("message") or {}).get("quoteToken") if message == ctx.text else None
    register_repo.add_entry(ctx.session, ticket, "message_in", "requester", ctx.now, message, quote_token=quote)
    ctx.reply(text(texts.thread_added(ticket.number), quick=main_menu()))


@forms.finishes("thread")
def chosen(ctx: Context, requester: Requester, data: dict) -> None:
    """Act on the teacher's tap: add to that request, start a new one, or answer it as a question."""
    message, choice = str(data.get("text") or ""), data["ticket"]
    attachments = list(data.get("attachments") or [])
    if choice == texts.NEW_REQUEST:
        if not data.get("asks"):  # a picture or a detail: a new consultation that keeps it
            known = {"kind": "consult", "attachments": attachments}
            if message:
                known["subject"] = message[:300]
            forms.begin(ctx, "consult", known)
            return
        requests.start_request(ctx, data.get("kind") or "consult", message)
        return
    if choice == texts.A_QUESTION:
        faq.respond(ctx, message, data.get("event"))
        return
    ticket = register_repo.by_number(ctx.session, choice)
    if ticket is None or ticket.requester_id != requester.id:  # closed or gone since the buttons were offered
        ctx.reply(text(texts.NOT_YOUR_REQUEST, quick=main_menu()))
        return
    register_repo.link_attachments(ctx.session, [a["id"] for a in attachments], ticket)
    add(ctx, ticket, message or " ".join(f"[{a['type']}]" for a in attachments))


def follow(ctx: Context, ticket: Ticket) -> None:
    """Let the teacher's next messages (and pictures) go to this request, until the chat goes quiet."""
    state = conv.start(register_flows.MORE, ctx.now, {"ticket": ticket.number}).state
    ctx.set_conversation(state)


@on.conversation(register_flows.MORE.name, quiet_expiry=True)  # it ends unsaid when the chat goes quiet
def more(ctx: Context, state: dict) -> bool:
    """Add what the teacher tells about the reopened request to it; False for anything else (answered as usual).

    Questions, greetings and commands are not details: they are answered as usual and the chat stays on the request
    until it goes quiet or the request is settled; "ยกเลิก" ends it.
    """
    ticket = register_repo.by_number(ctx.session, state["data"]["ticket"])
    if ticket is None or ticket.requester_id != forms.requester_of(ctx).id or ticket.status not in FOLLOWED:
        ctx.set_conversation(None)
        return False
    if conv.form_command(ctx.text, optional=False) == "cancel":
        ctx.set_conversation(None)
        ctx.reply(text(texts.following_ended(ticket.number), quick=main_menu()))
        return True
    if (on.keyword(ctx.text, menu_only=True) or smalltalk.kind(ctx.text) or intent.command(ctx.text)
            or intent.asks(ctx.text)):
        return False
    add(ctx, ticket, ctx.text)  # a message to staff, kept as the teacher wrote it
    return True


@on.message("image")
@on.message("file")
def attachment(ctx: Context) -> None:
    """Keep a picture or file with the request being filled in, or with an open request (asking which, if several)."""
    if ctx.in_group:
        return
    state = ctx.conversation
    requester = forms.requester_of(ctx)
    following = state["data"]["ticket"] if state and state["flow"] == "more" else None
    filling = state is not None and state["flow"] not in ("more", "comment")
    tickets = [] if filling else _open(ctx, requester)
    if following:
        tickets = [t for t in tickets if t.number == following] or tickets
    if not filling and not tickets:
        ctx.reply(text(texts.HELP_NON_TEXT, quick=main_menu()))
        return
    message = ctx.raw["message"]
    data = ctx.content(message["id"])  # a LINE failure raises: the event is retried, nothing lost
    content_type = "application/octet-stream" if message["type"] == "file" else "image/jpeg"
    ticket_id = tickets[0].id if len(tickets) == 1 else None
    kept = register_repo.keep_attachment(ctx.session, ctx.chat_id, message["id"], content_type, data, ctx.now,
                                         ticket_id)
    if len(tickets) == 1:
        add(ctx, tickets[0], f"[{message['type']}]")
        if following:
            follow(ctx, tickets[0])
        return
    if tickets:  # several open: the picture waits, unlinked, for the teacher's tap
        _ask_which(ctx, requester, tickets, {"text": "", "attachments": [{"id": kept, "type": message["type"]}]})
        return
    assert state is not None
    state = conv.add_attachment(state, {"id": kept, "type": message["type"]}, ctx.now)
    ctx.set_conversation(state)
    count = len(state["data"]["attachments"])
    forms.say(ctx, conv.Reply(texts.PHOTO_RECEIVED.format(count=count)))
    forms.say(ctx, conv.current_prompt(forms.flows_for(ctx, requester), state))
