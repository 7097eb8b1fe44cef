"""Answer what no other handler took, without being noisy in groups."""

from __future__ import annotations

from bot import texts
from bot.handlers import faq, groups, on, register
from bot.handlers.context import Context
from bot.handlers.welcome import main_menu
from bot.knowledge import matcher
from bot.line.messages import text


@on.text_fallback
def any_text(ctx: Context) -> None:
    """Answer free text; in groups, only what concerns the group (its school, "ส่งแล้ว") or a mention.

    In order: a conversation in progress, small talk, a plain-Thai repair, a confident FAQ answer, a message
    about an open request, FAQ suggestions, a plain-Thai consultation, and last an offer to ask staff.
    """
    if ctx.in_group:
        groups.group_text(ctx)
        return
    if register.continue_conversation(ctx) or faq.small_talk(ctx) or register.plain_request(ctx, "repair"):
        return
    result = matcher.match(ctx.faq, ctx.text)
    if faq.answer_confidently(ctx, result) or register.join_thread(ctx):
        return
    if result.suggestions or not register.plain_request(ctx, "consult"):
        faq.answer_otherwise(ctx, result)


@on.message("*")
def any_other_message(ctx: Context) -> None:
    """Acknowledge a picture, sticker or file sent outside a request, in 1:1 chats only."""
    if not ctx.in_group:
        ctx.reply(text(texts.HELP_NON_TEXT, quick=main_menu()))
