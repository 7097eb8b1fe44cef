"""Answer what no other handler took, without being noisy in groups."""

from __future__ import annotations

from bot import texts
from bot.handlers import faq, followup_typed, groups, on, profile, requests, staff_desk, status, threads
from bot.handlers.context import Context
from bot.handlers.welcome import main_menu
from bot.line.messages import text
from bot.register import intent


@on.text_fallback
def any_text(ctx: Context) -> None:
    """Answer free text; in groups, only what concerns the group (its school, "ส่งแล้ว") or a mention.

    A conversation in progress had the text first (the router asks it). Then, in order: a typed answer to the
    follow-up, a greeting or thanks, a command in a sentence, a question about deadlines (from the calendar, unless
    the message is another group's work or a request), then what the learned decision says (bot/knowledge/decide.py):
    an FAQ answer, another group's work; with a request open, a detail for it or one tap to say which (threads.py);
    else a new request, small talk, suggestions or an honest "no answer".
    """
    if staff_desk.quoted(ctx):  # staff answering a request by quoting its card
        return
    if staff_desk.in_staff_group(ctx):
        staff_desk.group_chatter(ctx)
        return
    if ctx.in_group:
        groups.group_text(ctx)
        return
    if followup_typed.typed(ctx) or faq.small_talk(ctx) or command(ctx):
        return
    decision = faq.decide(ctx, ctx.text)
    if faq.answers(ctx, decision, ctx.text) or threads.join(ctx, decision):
        return
    if decision.action == "request":
        requests.start_request(ctx, decision.request or "consult")
    elif decision.action == "chat":
        faq.chat(ctx)
    else:
        faq.unsure(ctx, decision, ctx.text, ctx.event_id)


def command(ctx: Context) -> bool:
    """Do what a sentence asks for ("รบกวนแจ้งซ่อมคอมหน่อยค่ะ", "เรื่องที่แจ้งไว้ถึงไหนแล้วคะ"); True if it was one."""
    found = intent.command(ctx.text)
    if found == "track":
        status.track(ctx)
    elif found == "edit_profile":
        profile.edit_profile(ctx)
    elif found == "faq":
        faq.menu(ctx)
    elif found is not None:
        requests.start_request(ctx, found, command=True)
    return found is not None


@on.message("*")
def any_other_message(ctx: Context) -> None:
    """Acknowledge a picture, sticker or file sent outside a request, in 1:1 chats only."""
    if not ctx.in_group:
        ctx.reply(text(texts.HELP_NON_TEXT, quick=main_menu()))
