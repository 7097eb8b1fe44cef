"""Greet people who add the Official Account, and groups that invite it."""

from __future__ import annotations

from bot import texts
from bot.handlers import on
from bot.handlers.context import Context
from bot.line.messages import quick_text, text
from bot.storage import chats_repo


def main_menu() -> list[dict]:
    """Return the quick-reply menu offered after a greeting or when the bot is unsure."""
    return [quick_text(label) for label in texts.MAIN_MENU]


@on.event("follow")
def follow(ctx: Context) -> None:
    """Welcome a new follower with the privacy notice and the menu."""
    chats_repo.set_followed(ctx.session, ctx.chat_id, True)
    name = ctx.display_name(ctx.user_id) if ctx.user_id else None  # a greeting without the name still greets
    ctx.reply(text(texts.welcome(name)), text(texts.PRIVACY_NOTICE, quick=main_menu()))


@on.event("unfollow")
def unfollow(ctx: Context) -> None:
    """Remember that the user blocked the Official Account, so nothing is pushed to them."""
    chats_repo.set_followed(ctx.session, ctx.chat_id, False)


@on.text(texts.GROUP_ID_KEYWORD)
def group_id(ctx: Context) -> None:
    """Tell staff a group's id, for STAFF_GROUP_ID."""
    if ctx.in_group:
        ctx.reply(text(texts.group_id(ctx.chat_id)))
