"""Where a teacher's requests stand: the open ones, or one by its number."""

from __future__ import annotations

from bot import texts
from bot.clock import BANGKOK
from bot.handlers import on
from bot.handlers.context import Context
from bot.handlers.forms import private_only, requester_of
from bot.handlers.welcome import main_menu
from bot.line import cards, flex
from bot.line.messages import text
from bot.register import rules
from bot.storage import register_repo
from bot.storage.models import Ticket
from bot.thai import short_datetime

NUMBER_PATTERN = r"(?i)[A-Z]{2,10}-\d{4}-\d{4,6}"


def view(ticket: Ticket) -> cards.RequestView:
    """Return a request as its card shows it."""
    return cards.RequestView(ticket.number, rules.KINDS[ticket.kind], ticket.subject, rules.STATUSES[ticket.status],
                             short_datetime(ticket.received_at.astimezone(BANGKOK)), ticket.answer)


@on.text(texts.MENU_TRACK, *texts.TRACK_WORDS)
def track(ctx: Context) -> None:
    if not private_only(ctx):
        return
    mine = register_repo.tickets(ctx.session, requester_id=requester_of(ctx).id, open_only=True)
    if not mine:
        ctx.reply(text(texts.NO_OPEN_REQUESTS, quick=main_menu()))
        return
    ctx.reply(cards.my_requests([view(t) for t in mine], quick=main_menu()))


@on.text(pattern=NUMBER_PATTERN)
def show(ctx: Context) -> None:
    """Show one request by its number (a number typed as a form's answer never gets here: the form asks first)."""
    if not private_only(ctx):
        return
    ticket = register_repo.by_number(ctx.session, ctx.text)
    if ticket is None or ticket.requester_id != requester_of(ctx).id:  # requesters see only their own
        ctx.reply(text(texts.NOT_YOUR_REQUEST, quick=main_menu()))
        return
    ctx.reply(flex.message(texts.request_alt(ticket.number), cards.request_bubble(view(ticket)), main_menu()))
