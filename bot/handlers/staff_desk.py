"""Staff work from LINE: claim a new request, see it, answer it (quoting its card or typing), change its status.

Only staff who bound their LINE account act, in the staff group or their own 1:1 chat; everything is answered by
reply token (free). What they do lands on the register's history under their name, as from the admin page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import wraps

from bot import postbacks
from bot.handlers import on
from bot.handlers.context import Context
from bot.handlers.registry import Handler
from bot.line import staff_cards
from bot.line.messages import quick_postback, text
from bot.register import rules
from bot.storage import notices_repo, outbox_repo, register_repo, staff_repo
from bot.storage.models import Ticket
from bot.storage.models_admin import StaffUser
from bot.texts import staff as st
from bot.thai import answer_text, command_key, long_date, tidy
from bot.usecases import staff_desk

VERBS = "|".join(sorted({*st.ANSWER_VERBS, *st.PROGRESS_VERBS, *st.VERB_STATUS, *st.CLAIM_VERBS, *st.SHOW_VERBS},
                        key=len, reverse=True))
StaffStep = Callable[[Context, StaffUser], None]
COMMAND = rf"(?is)(?P<verb>{VERBS})\s*(?P<number>[A-Z]{{2,10}}-\d{{4}}-\d{{4,6}})(?:\s+(?P<body>.*))?"


def in_staff_group(ctx: Context) -> bool:
    return ctx.in_group and ctx.chat_id == ctx.office.staff_group_id  # a 1:1 chat never reads the settings


def acting_staff(ctx: Context) -> StaffUser | None:
    """Return the bound staff member acting here (the staff group, or their 1:1 chat); tell an unbound one once."""
    user = staff_repo.by_line_user(ctx.session, ctx.user_id) if ctx.user_id else None
    if user is not None and (not ctx.in_group or in_staff_group(ctx)):
        return user
    if user is None and in_staff_group(ctx) and ctx.user_id and notices_repo.notify(
            ctx.session, f"line-unbound:{ctx.user_id}", "staff", st.NOT_BOUND_NOTICE, ctx.now):
        ctx.reply(text(st.NOT_BOUND))
    return None


def staff_command(*keywords: str, pattern: str | None = None) -> Callable[[StaffStep], Handler]:
    """Route a typed staff command to `step(ctx, user)` for bound staff; anyone else's words go on to the fallback.

    In the staff group an unbound member is told once and nothing else happens; elsewhere (a teacher's chat) the
    words are a teacher's and get a teacher's answer.
    """

    def register(step: StaffStep) -> Handler:
        @on.text(*keywords, pattern=pattern, menu=False)
        @wraps(step)
        def handler(ctx: Context) -> bool | None:
            user = acting_staff(ctx)
            if user is None:
                return None if in_staff_group(ctx) else False
            step(ctx, user)
            return None

        return handler

    return register


def new_request_card(ctx: Context, ticket: Ticket, note: str | None = None) -> dict:
    """The card that tells the staff group of a new request (`note`: what staff should know first)."""
    item = staff_desk.item(ctx.session, ticket, ctx.office, ctx.now)
    return staff_cards.new_request(replace(staff_desk.view(ctx.session, item), note=note))


def show(ctx: Context, ticket: Ticket) -> None:
    """Answer with a request's details; quoting that card later acts on the request."""
    item = staff_desk.item(ctx.session, ticket, ctx.office, ctx.now)
    ctx.reply_about(ticket.id, staff_cards.detail(staff_desk.view(ctx.session, item, full=True)))


def claim(ctx: Context, user: StaffUser, ticket: Ticket) -> None:
    outcome = staff_desk.claim(ctx.session, ticket, user, ctx.now)
    if outcome.result == "claimed":
        ctx.reply(text(st.claimed(user.display_name, ticket.number)))
    elif outcome.result == "yours":
        ctx.reply(text(st.already_yours(ticket.number)))
    elif outcome.result == "taken":
        ctx.reply(text(st.claimed_by_other(outcome.holder or "-", ticket.number)))
    else:
        ctx.reply(text(st.not_open(ticket.number, rules.STATUSES[ticket.status])))


def answer(ctx: Context, user: StaffUser, ticket: Ticket, body: str, final: bool) -> None:
    if not body.strip():
        ctx.reply(text(st.EMPTY_ANSWER.format(number=ticket.number)))
        return
    to_line = staff_desk.answer(ctx.session, ticket, body, user, ctx.now, ctx.settings.office, final=final)
    ctx.reply(text(st.answered(ticket.number, rules.STATUSES[ticket.status], to_line) if final
                   else st.progress_sent(ticket.number, to_line)))


def set_status(ctx: Context, user: StaffUser, ticket: Ticket, status: str) -> None:
    try:
        staff_desk.set_status(ctx.session, ticket, status, user, ctx.now, ctx.settings.office)
    except rules.TransitionError:
        wanted = st.SET_DONE["repair" if ticket.kind == "repair" else "other"] if status == "done" else \
            rules.STATUSES.get(status, status)
        ctx.reply(text(st.status_refused(ticket.number, rules.STATUSES[ticket.status], wanted)))
        return
    ctx.reply(text(st.status_set(ticket.number, rules.STATUSES[ticket.status], user.display_name)))


def act(ctx: Context, user: StaffUser, ticket: Ticket, verb: str, body: str) -> None:
    """Do what a staff member typed about a request: answer, report progress, change status, claim, show."""
    if verb in st.ANSWER_VERBS or verb in st.PROGRESS_VERBS:
        answer(ctx, user, ticket, body, final=verb in st.ANSWER_VERBS)
    elif verb in st.VERB_STATUS:
        set_status(ctx, user, ticket, st.VERB_STATUS[verb])
    elif verb in st.CLAIM_VERBS:
        claim(ctx, user, ticket)
    else:
        show(ctx, ticket)


@staff_command(pattern=COMMAND)
def command(ctx: Context, user: StaffUser) -> None:
    """Do "ตอบ ICT-2570-0001 ข้อความ", "ปิด ICT-2570-0001" … as typed by bound staff."""
    # as typed, so an answer keeps its particles; else as the router matched it ("ปิดICT-2570-0001ครับ")
    found = re.fullmatch(COMMAND, tidy(ctx.text).strip()) or re.fullmatch(COMMAND, answer_text(ctx.text))
    assert found is not None, "the router matched this pattern"
    ticket = register_repo.by_number(ctx.session, found["number"])
    if ticket is None:
        ctx.reply(text(st.NOT_FOUND))
        return
    act(ctx, user, ticket, found["verb"], found["body"] or "")


def quoted(ctx: Context) -> bool:
    """Act on the request whose card a message quotes (LINE's reply); False if it quotes no such card."""
    quoted_id = (ctx.raw.get("message") or {}).get("quotedMessageId")
    ticket_id = outbox_repo.ticket_of_card(ctx.session, ctx.chat_id, str(quoted_id)) if quoted_id else None
    if ticket_id is None:
        return False
    user = acting_staff(ctx)
    ticket = ctx.session.get(Ticket, ticket_id)
    if user is None or ticket is None:
        return in_staff_group(ctx)  # told once; a teacher never gets staff cards to quote
    typed = tidy(ctx.text).strip()
    verb = next((v for v in VERBS.split("|") if command_key(typed) == command_key(v)), None)
    if verb is not None and verb not in st.ANSWER_VERBS:
        act(ctx, user, ticket, verb, "")
        return True
    lead = next((v for v in (*st.PROGRESS_VERBS, *st.ANSWER_VERBS) if typed.startswith(v)), "")
    answer(ctx, user, ticket, typed[len(lead):].strip(" :"), final=lead not in st.PROGRESS_VERBS)
    return True


def group_chatter(ctx: Context) -> None:
    """Stay quiet in the staff group's own talk; a mention of the bot gets the staff commands."""
    if ctx.mentions_bot:
        ctx.reply(text(st.HELP_TEXT))


def _ticket_of(ctx: Context) -> Ticket | None:
    ticket_id = ctx.id_param("t")
    ticket = ctx.session.get(Ticket, ticket_id) if ticket_id is not None else None
    if ticket is None:
        ctx.reply(text(st.STALE))
    return ticket


@on.postback(postbacks.STAFF_CLAIM)
def claim_tapped(ctx: Context) -> None:
    user = acting_staff(ctx)
    ticket = _ticket_of(ctx) if user is not None else None
    if user is not None and ticket is not None:
        claim(ctx, user, ticket)


@on.postback(postbacks.STAFF_SHOW)
def show_tapped(ctx: Context) -> None:
    user = acting_staff(ctx)
    ticket = _ticket_of(ctx) if user is not None else None
    if ticket is not None:
        show(ctx, ticket)


@on.postback(postbacks.STAFF_STATUS)
def status_tapped(ctx: Context) -> None:
    """Change the status a card's button names; closing asks once more."""
    user = acting_staff(ctx)
    ticket = _ticket_of(ctx) if user is not None else None
    status = ctx.params.get("s", "")
    if user is None or ticket is None or status not in ("in_progress", "done", "closed"):
        return
    if status == "closed" and ctx.params.get("ok") != "1":
        sure = postbacks.data(postbacks.STAFF_STATUS, t=ticket.id, s="closed", ok=1)
        ctx.reply(text(st.confirm_close(ticket.number), quick=[
            quick_postback(st.CONFIRM_CLOSE, sure, f"{st.CONFIRM_CLOSE} {ticket.number}"),
            quick_postback(st.KEEP_OPEN, postbacks.data(postbacks.STAFF_SHOW, t=ticket.id), st.KEEP_OPEN)]))
        return
    set_status(ctx, user, ticket, status)


def _waiting(ctx: Context, user: StaffUser, head: str, empty: str, mine: bool) -> None:
    items = staff_desk.waiting(ctx.session, ctx.office, ctx.now, username=user.username if mine else None)
    if not items:
        ctx.reply(text(empty))
        return
    title = (st.mine_head if mine else st.backlog_head)(len(items), sum(i.target.late for i in items))
    shown = [staff_desk.view(ctx.session, i) for i in items[:staff_cards.MAX_ROWS]]
    ctx.reply(staff_cards.waiting(title, shown, len(items)))


@staff_command(st.BACKLOG, "งานค้างทั้งหมด", "เรื่องค้าง")
def backlog(ctx: Context, user: StaffUser) -> None:
    """List the requests waiting on staff, late ones first, then the longest waiting."""
    _waiting(ctx, user, st.BACKLOG, st.BACKLOG_EMPTY, mine=False)


@staff_command(st.MINE, "งานของฉัน")
def mine(ctx: Context, user: StaffUser) -> None:
    _waiting(ctx, user, st.MINE, st.MINE_EMPTY, mine=True)


@staff_command(st.NEXT, "รับงานถัดไป")
def take_next(ctx: Context, user: StaffUser) -> None:
    """Claim the request that has waited longest among nobody's, and show it."""
    ticket = staff_desk.claim_next(ctx.session, ctx.office, user, ctx.now)
    if ticket is None:
        ctx.reply(text(st.NEXT_NONE))
        return
    ctx.reply(text(st.claimed(user.display_name, ticket.number)))
    show(ctx, ticket)


@staff_command(st.TODAY, "สรุปงานวันนี้")
def today(ctx: Context, user: StaffUser) -> None:
    day = staff_desk.today(ctx.session, ctx.office, user, ctx.now)
    ctx.reply(text(st.today(long_date(day.day.date()), day.new, day.answered, day.closed, day.waiting, day.late,
                            day.mine)))


@staff_command(st.HELP, "คำสั่ง")
def staff_help(ctx: Context, user: StaffUser) -> None:
    ctx.reply(text(st.HELP_TEXT))
