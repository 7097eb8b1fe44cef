"""The rich menu's buttons that are not a form: the collection calendar and how to reach the ICT staff."""

from __future__ import annotations

from bot import texts
from bot.clock import BANGKOK
from bot.handlers import on
from bot.handlers.context import Context
from bot.handlers.welcome import main_menu
from bot.line.messages import text
from bot.storage import calendar_repo
from bot.thai import long_date

SHOWN_ROUNDS = 6


@on.text(texts.MENU_CALENDAR, "ปฏิทิน", "กำหนดส่งข้อมูล")
def calendar(ctx: Context) -> None:
    """List the rounds open now or coming next, with their dates in BE and the days left."""
    today = ctx.now.astimezone(BANGKOK).date()
    coming = sorted((r for r in calendar_repo.for_answers(ctx.session, today) if r.closes >= today),
                    key=lambda r: (r.closes, r.name))[:SHOWN_ROUNDS]
    if not coming:
        ctx.reply(text(texts.NO_ROUNDS, quick=main_menu()))
        return
    rows = [(r.name, long_date(r.opens), long_date(r.closes), (r.closes - today).days if r.opens <= today else None)
            for r in coming]
    ctx.reply(text(texts.calendar_list(rows), quick=main_menu()))


@on.text(texts.MENU_CONTACT, "ติดต่อ")
def contact(ctx: Context) -> None:
    """Give the office's name, telephone and hours (as staff set them on the admin page)."""
    office = ctx.office
    ctx.reply(text(texts.contact(office.name, office.phone, office.hours), quick=main_menu()))
