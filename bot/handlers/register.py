"""Requests into the register from a 1:1 chat: profile, consultation, repair, other requests, status."""

from __future__ import annotations

from datetime import timedelta

from bot import conversation as conv
from bot import texts
from bot.clock import BANGKOK
from bot.handlers import on
from bot.handlers.context import Context
from bot.handlers.welcome import main_menu
from bot.line.messages import quick_text, text
from bot.register import flows as register_flows
from bot.register import intent, rules
from bot.storage import chats_repo, register_repo, settings_repo
from bot.storage.models import Requester, Ticket
from bot.thai import short_datetime

NUMBER_PATTERN = r"(?i)[A-Z]{2,10}-\d{4}-\d{4,6}"


def say(ctx: Context, reply: conv.Reply) -> None:
    """Send an engine reply with its choices as quick replies."""
    ctx.reply(text(reply.text, quick=[quick_text(c) for c in reply.choices[:13]]))


def requester_of(ctx: Context) -> Requester:
    """Return the requester behind this chat, remembering the LINE display name on first contact."""
    requester = register_repo.requester_for_line(ctx.session, ctx.user_id or ctx.chat_id, ctx.now)
    if requester.display_name is None and requester.name is None and ctx.user_id:
        requester.display_name = ctx.display_name(ctx.user_id)  # offered as a button in the profile step
    return requester


def flows_for(ctx: Context, requester: Requester) -> dict[str, conv.Flow]:
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
    """Store the new state and answer; act on a finished flow."""
    chats_repo.set_conversation(ctx.session, ctx.chat_id, outcome.state)
    for reply in outcome.replies:
        say(ctx, reply)
    if outcome.cancelled:
        ctx.reply(text(texts.CANCELLED, quick=main_menu()))
    elif outcome.finished is not None and flow == "profile":
        save_profile(ctx, requester, outcome.finished)
        pending = outcome.finished.get("then")
        if pending:
            apply(ctx, requester, flows, pending["flow"], conv.start(flows[pending["flow"]], ctx.now, pending["data"]))
    elif outcome.finished is not None and flow == "thread":
        to_thread(ctx, requester, outcome.finished)
    elif outcome.finished is not None and flow == "comment":
        save_comment(ctx, outcome.finished)
    elif outcome.finished is not None:
        register(ctx, requester, outcome.finished)


def save_profile(ctx: Context, requester: Requester, data: dict) -> None:
    requester.name, requester.position = data["name"], data["position"]
    requester.school_code, requester.school_name = data["school"], data["school_name"]
    requester.phone = data.get("phone")
    requester.updated_at = ctx.now
    ctx.reply(text(f"{texts.PROFILE_SAVED}\n{requester.name} · {requester.position} · {data['school_name']}"))


def register(ctx: Context, requester: Requester, data: dict) -> None:
    """Put a finished request into the register, confirm it, and tell the staff group."""
    fields = dict(data)
    if fields["kind"] == "repair":
        fields.setdefault("category", "computer")
    office = ctx.office
    ticket = register_repo.create_ticket(ctx.session, requester, fields, office["register_prefix"], ctx.now)
    register_repo.link_attachments(ctx.session, [a["id"] for a in data.get("attachments", [])], ticket)
    targets = [t.text for t in rules.TARGETS]
    ctx.reply(text(texts.registered(ticket.number, rules.KINDS[ticket.kind], targets), quick=main_menu()))
    if office["staff_group_id"]:
        school = requester.school_name or "-"
        ctx.push(office["staff_group_id"], text(texts.staff_new_request(
            ticket.number, school, rules.KINDS[ticket.kind], settings_repo.category_label(ctx.session, ticket.category),
            ticket.subject, rules.URGENCIES[ticket.urgency])))


def continue_conversation(ctx: Context) -> bool:
    """Feed a text to the chat's conversation, if one is going on; True if it took the text."""
    state = chats_repo.conversation(ctx.session, ctx.chat_id)
    if not state:
        return False
    if conv.is_expired(state, ctx.now, timedelta(minutes=ctx.settings.conversation_idle_minutes)):
        chats_repo.set_conversation(ctx.session, ctx.chat_id, None)
        ctx.reply(text(texts.EXPIRED))
        return False
    requester = requester_of(ctx)
    flows = flows_for(ctx, requester)
    apply(ctx, requester, flows, state["flow"], conv.answer(flows, state, ctx.text, ctx.now))
    return True


def private_only(ctx: Context) -> bool:
    """In a group, point people to the 1:1 chat instead; True if the handler should go on."""
    if ctx.in_group:
        ctx.reply(text(texts.GROUP_PRIVATE))
        return False
    return True


@on.text(texts.MENU_CONSULT, "ขอคำปรึกษา", "แจ้งปัญหา")
def consult(ctx: Context) -> None:
    if private_only(ctx):
        begin(ctx, "consult", {"kind": "consult"})


@on.text(texts.MENU_REPAIR, "แจ้งซ่อมอุปกรณ์")
def repair(ctx: Context) -> None:
    if private_only(ctx):
        begin(ctx, "repair", {"kind": "repair"})


@on.text(*texts.REQUEST_KEYWORDS.values())
def other_request(ctx: Context) -> None:
    if private_only(ctx):
        kind = next(k for k, word in texts.REQUEST_KEYWORDS.items() if word == ctx.text.strip())
        begin(ctx, "request", {"kind": kind, "category": "vconf" if kind == "vconf" else "other"})


@on.text(texts.EDIT_PROFILE)
def edit_profile(ctx: Context) -> None:
    if private_only(ctx):
        requester = requester_of(ctx)
        flows = flows_for(ctx, requester)
        apply(ctx, requester, flows, "profile", conv.start(flows["profile"], ctx.now))


def describe(ticket: Ticket) -> str:
    when = short_datetime(ticket.received_at.astimezone(BANGKOK))
    return texts.status_line(ticket.number, ticket.subject, rules.STATUSES[ticket.status], when, ticket.answer)


@on.text(texts.MENU_TRACK, "ติดตาม", "สถานะ")
def track(ctx: Context) -> None:
    if not private_only(ctx):
        return
    mine = register_repo.tickets(ctx.session, requester_id=requester_of(ctx).id, open_only=True)
    if not mine:
        ctx.reply(text(texts.NO_OPEN_REQUESTS, quick=main_menu()))
        return
    ctx.reply(text("\n".join([texts.OPEN_REQUESTS, *(describe(t) for t in mine[:10])]), quick=main_menu()))


@on.text(pattern=NUMBER_PATTERN)
def show(ctx: Context) -> None:
    if not private_only(ctx) or continue_conversation(ctx):  # a number can be the answer the bot waits for
        return
    ticket = register_repo.by_number(ctx.session, ctx.text)
    if ticket is None or ticket.requester_id != requester_of(ctx).id:  # requesters see only their own
        ctx.reply(text(texts.NOT_YOUR_REQUEST, quick=main_menu()))
        return
    ctx.reply(text(describe(ticket), quick=main_menu()))


@on.message("image")
@on.message("file")
def attachment(ctx: Context) -> None:
    """Keep a picture or file with the request being filled in, or with the newest open request."""
    if ctx.in_group:
        return
    state = chats_repo.conversation(ctx.session, ctx.chat_id)
    requester = requester_of(ctx)
    open_tickets = [] if state else register_repo.tickets(ctx.session, requester_id=requester.id, open_only=True)
    if not state and not open_tickets:
        ctx.reply(text(texts.HELP_NON_TEXT, quick=main_menu()))
        return
    message = ctx.raw["message"]
    data = ctx.content(message["id"])  # a LINE failure raises: the event is retried, nothing lost
    content_type = "application/octet-stream" if message["type"] == "file" else "image/jpeg"
    ticket_id = open_tickets[0].id if open_tickets else None  # the newest open request's thread
    kept = register_repo.keep_attachment(ctx.session, ctx.chat_id, message["id"], content_type, data, ctx.now,
                                         ticket_id)
    if open_tickets:
        register_repo.add_entry(ctx.session, open_tickets[0], "message_in", "requester", ctx.now,
                                f"[{message['type']}]")
        ctx.reply(text(texts.thread_added(open_tickets[0].number), quick=main_menu()))
        return
    state = conv.add_attachment(state, {"id": kept, "type": message["type"]}, ctx.now)
    chats_repo.set_conversation(ctx.session, ctx.chat_id, state)
    count = len(state["data"]["attachments"])
    say(ctx, conv.Reply(texts.PHOTO_RECEIVED.format(count=count)))
    say(ctx, conv.current_prompt(flows_for(ctx, requester), state))


def join_thread(ctx: Context) -> bool:
    """Add a message to the requester's open request (asking which, if several); True if it did."""
    requester = requester_of(ctx)
    open_tickets = register_repo.tickets(ctx.session, requester_id=requester.id, open_only=True)
    if not open_tickets or intent.guess(ctx.text):  # a message that reads like a new request starts one
        return False
    if len(open_tickets) == 1:
        to_thread(ctx, requester, {"ticket": open_tickets[0].number, "text": ctx.text})
        return True
    flows = flows_for(ctx, requester)
    known = {"numbers": [t.number for t in open_tickets], "text": ctx.text}
    apply(ctx, requester, flows, "thread", conv.start(flows["thread"], ctx.now, known))
    return True


def save_comment(ctx: Context, data: dict) -> None:
    """Keep the requester's comment from the follow-up survey (or just thank them when they skipped it)."""
    ticket = ctx.session.get(Ticket, int(data["ticket_id"]))
    if ticket is not None and data.get("comment"):
        ticket.comment = str(data["comment"])[:2000]
        register_repo.add_entry(ctx.session, ticket, "message_in", "requester", ctx.now, ticket.comment)
        ctx.reply(text(texts.COMMENT_THANKS))
    else:
        ctx.reply(text(texts.SURVEY_THANKS))


def to_thread(ctx: Context, requester: Requester, data: dict) -> None:
    if data["ticket"] == texts.NEW_REQUEST:
        begin(ctx, "consult", {"kind": "consult", "subject": data["text"][:300]})
        return
    ticket = register_repo.by_number(ctx.session, data["ticket"])
    assert ticket is not None and ticket.requester_id == requester.id
    register_repo.add_entry(ctx.session, ticket, "message_in", "requester", ctx.now, data["text"])
    ctx.reply(text(texts.thread_added(ticket.number), quick=main_menu()))


def start_request(ctx: Context, kind: str) -> None:
    """Start a request of `kind` from a message that asks for it, keeping what the message already says."""
    guessed = intent.guess(ctx.text)
    if guessed is not None and guessed[0] == kind == "repair":
        begin(ctx, *guessed)
        return
    known = {"kind": kind, "subject": ctx.text.strip()[: register_flows.FIELD_SIZES["subject"]]}
    if kind in ("repair", "consult"):
        begin(ctx, kind, known)
    else:  # borrow, access and vconf share one flow
        begin(ctx, "request", {**known, "category": "vconf" if kind == "vconf" else "other"})
