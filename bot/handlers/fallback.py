"""Answer what no other handler took, without being noisy in groups."""

from __future__ import annotations

from bot import texts
from bot.handlers import on, register
from bot.handlers.context import Context
from bot.handlers.welcome import main_menu
from bot.line.messages import text


@on.text_fallback
def any_text(ctx: Context) -> None:
    """Answer a conversation in progress, or a plain-Thai request, or offer the menu; quiet in groups."""
    if ctx.in_group:
        if ctx.mentions_bot:
            ctx.reply(text(texts.GROUP_PRIVATE))
        return
    if register.continue_conversation(ctx) or register.join_thread(ctx) or register.plain_request(ctx):
        return
    ctx.reply(text(texts.HELP, quick=main_menu()))


@on.message("*")
def any_other_message(ctx: Context) -> None:
    """Acknowledge a picture, sticker or file sent outside a request, in 1:1 chats only."""
    if not ctx.in_group:
        ctx.reply(text(texts.HELP_NON_TEXT, quick=main_menu()))
