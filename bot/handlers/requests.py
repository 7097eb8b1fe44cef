"""Requests into the register from a 1:1 chat: consultation, repair and the other requests, started and filed."""

from __future__ import annotations

from bot import conversation as conv
from bot import texts, thai
from bot.handlers import on, staff_desk, status
from bot.handlers.context import Context
from bot.handlers.forms import begin, finishes, private_only
from bot.handlers.welcome import main_menu
from bot.line import cards
from bot.line.messages import text
from bot.register import flows as register_flows
from bot.register import intent, rules
from bot.storage import register_repo
from bot.storage.models import Requester


@on.text(texts.MENU_CONSULT, "ขอคำปรึกษา", "แจ้งปัญหา", "ปรึกษา")
def consult(ctx: Context) -> None:
    if private_only(ctx):
        begin(ctx, "consult", {"kind": "consult"})


@on.text(texts.MENU_REPAIR, "แจ้งซ่อมอุปกรณ์", "ซ่อม", "แจ้งเสีย")
def repair(ctx: Context) -> None:
    if private_only(ctx):
        begin(ctx, "repair", {"kind": "repair"})


@on.text(*texts.REQUEST_KEYWORDS.values())
def other_request(ctx: Context) -> None:
    if private_only(ctx):
        kind = next(k for k, word in texts.REQUEST_KEYWORDS.items() if conv.said(ctx.text, (word,)))
        begin(ctx, "request", {"kind": kind, "category": "vconf" if kind == "vconf" else "other"})


@finishes("consult", "repair", "request")
def register(ctx: Context, requester: Requester, data: dict) -> None:
    """Put a finished request into the register, confirm it, and tell the staff group."""
    fields = dict(data)
    if fields["kind"] == "repair":  # the equipment tapped or typed last says which group of systems it is
        fields["category"] = intent.EQUIPMENT_CATEGORY.get(fields.get("equipment") or "", fields.get("category")
                                                           or "computer")
    as_typed = [str(t) for t in data.get("as_typed", [])]
    if data.get("handed_over"):  # the teacher handed it to staff before the form was done: keep what they typed
        fields["subject"] = fields.get("subject") or (as_typed[0] if as_typed else rules.KINDS[fields["kind"]])
        fields["details"] = "\n".join(filter(None, [fields.get("details"), *as_typed])) or None
    ticket = register_repo.create_ticket(ctx.session, requester, fields, ctx.office.register_prefix, ctx.now)
    register_repo.link_attachments(ctx.session, [a["id"] for a in data.get("attachments", [])], ticket)
    if data.get("handed_over"):
        register_repo.add_entry(ctx.session, ticket, "note", "requester", ctx.now, texts.HANDED_OVER_NOTE)
    ctx.reply(cards.receipt(status.view(ticket), [t.text for t in rules.TARGETS], quick=main_menu()))
    flags = [texts.unlisted_school(requester.school_name or "-")  # staff check who this is
             if requester.school_code is None and register_repo.has_schools(ctx.session) else None,
             texts.HANDED_OVER_NOTE if data.get("handed_over") else None]
    card = staff_desk.new_request_card(ctx, ticket, "\n".join(filter(None, flags)) or None)
    ctx.tell_staff(card["altText"], card=card, ticket_id=ticket.id)


def start_request(ctx: Context, kind: str, message: str | None = None, *, command: bool = False) -> None:
    """Start a request of `kind` from a message that asks for it, keeping what the message already says.

    A message that asks whether it can be done here ("…ผ่านบอทได้ไหม") is answered "yes" first. A `command`
    ("ขอแจ้งซ่อมโปรเจคเตอร์ค่ะ") is no subject, but the equipment or system it names is kept.
    """
    message = ctx.text if message is None else message
    if intent.asks_if_possible(message):
        ctx.reply(text(texts.YES_HERE))
    known: dict = {"kind": kind}
    guessed = intent.guess(message)
    if guessed is not None and guessed[0] == kind and (command or kind == "repair"):
        known.update(guessed[1])
    if command:
        known.pop("subject", None)
    else:
        known.setdefault("subject", thai.answer_text(message)[: register_flows.FIELD_SIZES["subject"]])
    if kind in ("repair", "consult"):
        begin(ctx, kind, known)
    else:  # borrow, access and vconf share one flow
        begin(ctx, "request", {**known, "category": "vconf" if kind == "vconf" else "other"})
