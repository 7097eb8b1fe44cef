"""Answer questions from the knowledge base, and learn from the ones it cannot answer."""

from __future__ import annotations

from datetime import date

from bot import postbacks, texts
from bot.clock import BANGKOK
from bot.handlers import forms, on
from bot.handlers.context import Context
from bot.handlers.registry import parse_postback
from bot.handlers.welcome import main_menu
from bot.knowledge import base, groups, matcher, model, smalltalk, timely
from bot.knowledge.decide import Decision, calendar_may_answer
from bot.knowledge.decide import decide as decide_for
from bot.knowledge.text import normalize
from bot.line import cards
from bot.line.messages import quick_postback, quick_text, text
from bot.storage import calendar_repo, faq_repo, settings_repo
from bot.storage.models import InboxEvent
from bot.thai import short_label

CALENDAR_ANSWER = "calendar"  # the id under which answers about deadlines are counted and rated
POPULAR = ("dmc-term2", "dmc-term1", "bobec-window", "dltv-no-signal", "forgot-password", "internet-down",
           "how-repair", "office-contact")


def _entry(ctx: Context, entry_id: str) -> matcher.Entry | None:
    return next((e for e in ctx.faq.entries if e.id == entry_id), None)


def _show(ctx: Context, entry: matcher.Entry) -> None:
    today: date = ctx.now.astimezone(BANGKOK).date()
    body = base.answer_text(entry, calendar_repo.for_answers(ctx.session, today), today, ctx.office)
    _answer(ctx, entry.id, body, entry.question,
            texts.faq_source(settings_repo.category_label(ctx.session, entry.category)))


def _answer(ctx: Context, answer_id: str, body: str, title: str, source: str | None = None) -> None:
    """Answer with a card and ask whether it helped (a "no" is logged for staff)."""
    faq_repo.record_hit(ctx.session, answer_id, ctx.now)
    ctx.reply(cards.faq_answer(title, body, source, [
        (texts.FAQ_YES, postbacks.data(postbacks.FAQ_HELPFUL, id=answer_id, v=1)),
        (texts.FAQ_NO, postbacks.data(postbacks.FAQ_HELPFUL, id=answer_id, v=0))]))


def answer_dates(ctx: Context, question: str) -> bool:
    """Answer a question about deadlines (from the calendar), years or working days, relative to today.

    True if it was one.
    """
    today: date = ctx.now.astimezone(BANGKOK).date()
    body = timely.reply(question, today, lambda: calendar_repo.for_answers(ctx.session, today))
    if not body:
        return False
    _answer(ctx, CALENDAR_ANSWER, body, texts.FAQ_CALENDAR_TITLE)
    return True


def _suggestions(ctx: Context, ids: tuple[str, ...]) -> list[dict]:
    entries = [e for e in (_entry(ctx, i) for i in ids) if e]
    return [quick_postback(short_label(e.question), postbacks.data(postbacks.FAQ_SHOW, id=e.id), e.question)
            for e in entries]


@on.text(texts.MENU_FAQ, "faq", "ถามคำถาม")
def menu(ctx: Context) -> None:
    ctx.reply(text(texts.FAQ_INTRO, quick=_suggestions(ctx, POPULAR)))


@on.postback(postbacks.FAQ_SHOW)
def show(ctx: Context) -> None:
    entry = _entry(ctx, parse_postback(ctx.raw["postback"]["data"])[1].get("id", ""))
    if entry is not None:
        _show(ctx, entry)


@on.postback(postbacks.FAQ_HELPFUL)
def helpful(ctx: Context) -> None:
    params = parse_postback(ctx.raw["postback"]["data"])[1]
    if params.get("v") == "1":
        ctx.reply(text(texts.FAQ_THANKS))
        return
    entry = _entry(ctx, params.get("id", ""))
    faq_repo.record_miss(ctx.session, "not_helpful", entry.question if entry else "?", params.get("id", ""),
                         ctx.now, entry.id if entry else None)
    ctx.reply(text(texts.FAQ_SORRY, quick=[quick_text(texts.MENU_CONSULT)]))


@on.postback(postbacks.FAQ_CONSULT)
def consult_from_question(ctx: Context) -> None:
    """Open a consultation whose subject is the question the FAQ could not answer."""
    event_id = ctx.id_param("event")
    original = ctx.session.get(InboxEvent, event_id) if event_id is not None else None
    # the postback names an earlier event: only the sender's own question may be reused
    question = original.payload.get("message", {}).get("text", "") if original and original.chat_id == ctx.chat_id \
        else ""
    known = {"kind": "consult", "subject": question[:300]} if question else {"kind": "consult"}
    forms.begin(ctx, "consult", known)


def small_talk(ctx: Context) -> bool:
    """Answer a greeting or thanks briefly; True if the message was one."""
    found = smalltalk.kind(ctx.text)
    if found is None:
        return False
    ctx.reply(text(texts.GREETING if found == "greeting" else texts.THANKS_REPLY, quick=main_menu()))
    return True


def decide(ctx: Context, question: str) -> Decision:
    """Decide what to do with a message: answer, suggest, start a request, redirect, chat or refuse."""
    return decide_for(ctx.faq, model.shipped(), question)


def answers(ctx: Context, decision: Decision, question: str) -> bool:
    """Answer from the calendar or the knowledge base, or say whose work it is; True if one of those fitted."""
    if calendar_may_answer(decision) and answer_dates(ctx, question):
        return True
    if decision.action == "answer":
        entry = _entry(ctx, decision.entry or "")
        assert entry is not None
        _show(ctx, entry)
    elif decision.action == "other":
        not_ours(ctx, question)
    return decision.action in ("answer", "other")


def unsure(ctx: Context, decision: Decision, question: str, event_id: int | None) -> None:
    """Offer the closest entries when there are some, else say honestly there is no answer."""
    if decision.action == "suggest":
        suggest(ctx, decision, question, event_id)
    else:
        refuse(ctx, question, event_id)


def respond(ctx: Context, question: str, event_id: int | None) -> None:
    """Treat a message as a question, whatever else it could be (the teacher said it is one)."""
    decision = decide(ctx, question)
    if not answers(ctx, decision, question):
        unsure(ctx, decision, question, event_id)


def suggest(ctx: Context, decision: Decision, question: str, event_id: int | None) -> None:
    """Offer the closest entries as buttons, and log the question for staff."""
    faq_repo.record_miss(ctx.session, "unsure", question, normalize(question), ctx.now)
    ctx.reply(text(texts.FAQ_SUGGEST, quick=[*_suggestions(ctx, decision.suggestions), _to_staff(event_id)]))


def _to_staff(event_id: int | None) -> dict:
    """Return the button that hands the question (the message of event `event_id`) to staff as a consultation."""
    return quick_postback(texts.FAQ_OPEN_CONSULT, postbacks.data(postbacks.FAQ_CONSULT, event=event_id),
                          texts.FAQ_OPEN_CONSULT)


def not_ours(ctx: Context, question: str) -> None:
    """Say the question is another group's work, naming it and its contact where the office set one."""
    key = groups.which(question)
    contacts = ctx.office.group_contacts
    # staff see what was sent elsewhere too: a question that was theirs after all can be taught
    faq_repo.record_miss(ctx.session, "redirected", question, normalize(question), ctx.now)
    ctx.reply(text(texts.not_ours(groups.name(key) if key else None, contacts.get(key) if key else None),
                   quick=main_menu()))


def chat(ctx: Context) -> None:
    ctx.reply(text(texts.CHAT_REPLY, quick=main_menu()))


def refuse(ctx: Context, question: str, event_id: int | None) -> None:
    """Say honestly that there is no answer, and offer to hand the question to staff; log it."""
    faq_repo.record_miss(ctx.session, "unanswered", question, normalize(question), ctx.now)
    ctx.reply(text(texts.FAQ_NONE, quick=[_to_staff(event_id), *main_menu()]))
