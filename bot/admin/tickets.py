"""One request: its thread, notes, assignment, status and the reply that goes into LINE; new requests by phone."""

from __future__ import annotations

import time
from collections.abc import Mapping

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from bot.admin.common import TEMPLATE_HELPERS, audit, db, services, staff_name, wake_workers
from bot.clock import BANGKOK, utcnow
from bot.knowledge import base
from bot.line.client import LineError
from bot.register import rules
from bot.storage import calendar_repo, register_repo, settings_repo, staff_repo
from bot.storage.models import Attachment, Requester, School, Ticket, TicketEntry
from bot.usecases import desk

QUOTA_CACHE_SECONDS = 300.0
_quota: dict[str, object] = {}


def quota_use() -> tuple[int, int | None] | None:
    """Return (used, limit) of this month's LINE messages, asked at most every five minutes; None if unknown."""
    if time.monotonic() - float(_quota.get("at", 0.0)) > QUOTA_CACHE_SECONDS:  # type: ignore[arg-type]
        try:
            line = services().line
            _quota.update(value=(line.consumption(), line.quota()), at=time.monotonic())
        except LineError:
            _quota.update(value=None, at=time.monotonic())
    return _quota.get("value")  # type: ignore[return-value]


def _ticket(number: str) -> Ticket:
    ticket = register_repo.by_number(db(), number)
    if ticket is None:
        abort(404)
    return ticket


def canned_answers() -> list[tuple[str, str, str]]:
    """Return (id, question, answer as the bot would say it) for every knowledge-base entry."""
    today = utcnow().astimezone(BANGKOK).date()
    rounds = calendar_repo.for_answers(db(), today)
    office = settings_repo.office(db(), services().settings.office)  # contact details as the bot quotes them
    return [(e.id, e.question, base.answer_text(e, rounds, today, office))
            for e in services().knowledge.current(db()).entries]


def show(number: str) -> str:
    ticket = _ticket(number)
    requester = db().get(Requester, ticket.requester_id)
    school = db().get(School, ticket.school_code) if ticket.school_code else None
    attachments = db().execute(select(Attachment.id, Attachment.content_type, Attachment.received_at)
                               .where(Attachment.ticket_id == ticket.id).order_by(Attachment.id)).all()
    names = staff_repo.display_names(db())
    wanted = request.args.get("confirm", "")
    confirm_status = wanted if wanted in desk.CONFIRM and wanted in rules.TRANSITIONS[ticket.status] else None
    return render_template(
        "admin/ticket.html", ticket=ticket, requester=requester, school=school, attachments=attachments,
        entries=register_repo.entries(db(), ticket),
        next_statuses=[k for k in rules.STATUSES if k in rules.TRANSITIONS[ticket.status]],
        confirm_status=confirm_status, undo=_undo_offer(ticket, names), staff_names=names,
        assignee=names.get(ticket.assigned_to or "", ticket.assigned_to),
        users=staff_repo.users(db()), canned=canned_answers(), quota=quota_use(),
        category_label=settings_repo.category_label(db(), ticket.category), **TEMPLATE_HELPERS,
    )


def _undo_offer(ticket: Ticket, names: dict[str, str]) -> dict[str, object] | None:
    """Say what the staff member just changed, if they may still undo it (theirs, latest, under a minute old)."""
    entry_id = request.args.get("changed", "")
    entry = db().get(TicketEntry, int(entry_id)) if entry_id.isdigit() else None
    if entry is None or entry.ticket_id != ticket.id or entry.actor != f"staff:{staff_name()}":
        return None
    undoable = desk.undoable(db(), ticket, entry.id, staff_name(), utcnow()) is not None
    if not undoable and not desk.told_teacher(db(), ticket, entry):
        return None
    if entry.kind == "note":
        said = "บันทึกภายในแล้ว (ผู้ขอไม่เห็น)"
    elif entry.kind == "assign":
        said = f"มอบหมายให้ {names.get(entry.text or '', entry.text) if entry.text != '-' else '(ไม่มี)'} แล้ว"
    else:
        said = (f"เปลี่ยนสถานะจาก \"{rules.STATUSES.get(entry.old_status or '', entry.old_status)}\" "
                f"เป็น \"{rules.STATUSES.get(entry.new_status or '', entry.new_status)}\" แล้ว")
    if not undoable:  # resolved: the teacher was told at once, so the page says it cannot be taken back
        said += " · ครูได้รับแจ้งทาง LINE แล้ว จึงเลิกทำไม่ได้ (เปลี่ยนสถานะต่อได้ที่ช่องด้านล่าง)"
    return {"said": said, "entry": entry.id if undoable else None}


def _changed(ticket: Ticket) -> Response:
    """Show the record after a change, offering to undo it for a minute."""
    db().flush()
    return redirect(url_for("admin.ticket", number=ticket.number, changed=register_repo.entries(db(), ticket)[-1].id))


def reply(number: str) -> Response:
    """Answer the requester: into LINE when they came through LINE, else recorded for the other channel."""
    ticket = _ticket(number)
    body = request.form.get("body", "").strip()
    if not body:
        flash("กรุณาพิมพ์คำตอบก่อนส่ง", "error")
        return redirect(url_for("admin.ticket", number=number))
    final = request.form.get("final", "1") != "0"
    desk.take_if_nobodys(db(), ticket, g.user.username, staff_name(), utcnow())  # whoever answers has it
    queued = desk.reply(db(), ticket, body[:4500], staff_name(), utcnow(), services().settings.office, final=final)
    audit("ticket.reply", ticket.number, chars=len(body), via_line=bool(queued), final=final)
    wake_workers()
    what = "คำตอบสุดท้าย" if final else "ความคืบหน้า"
    flash(f"ส่ง{what}เข้า LINE แล้ว" if queued else f"บันทึก{what}แล้ว (ผู้ขอไม่ได้ติดต่อผ่าน LINE: แจ้งทางช่องทางเดิม)")
    return redirect(url_for("admin.ticket", number=number))


def note(number: str) -> Response:
    """Add an internal note (never sent to the requester)."""
    ticket = _ticket(number)
    body = request.form.get("body", "").strip()
    if body:
        register_repo.add_entry(db(), ticket, "note", f"staff:{staff_name()}", utcnow(), body[:4000])
        audit("ticket.note", ticket.number)
        return _changed(ticket)
    flash("บันทึกภายในว่างอยู่: ไม่ได้บันทึกอะไร", "error")
    return redirect(url_for("admin.ticket", number=number))


def assign(number: str) -> Response:
    ticket = _ticket(number)
    who = request.form.get("staff", "").strip()
    if who and staff_repo.by_username(db(), who) is None:
        abort(400)
    if (who or None) == ticket.assigned_to:
        flash("ผู้รับผิดชอบคงเดิม")
        return redirect(url_for("admin.ticket", number=number))
    ticket.assigned_to = who or None
    register_repo.add_entry(db(), ticket, "assign", f"staff:{staff_name()}", utcnow(), who or "-")
    audit("ticket.assign", ticket.number, to=who)
    return _changed(ticket)


def status(number: str) -> Response:
    ticket = _ticket(number)
    new = request.form.get("status", "")
    if not new or new == ticket.status:
        flash("สถานะคงเดิม")
        return redirect(url_for("admin.ticket", number=number))
    if new in desk.CONFIRM and request.form.get("confirm") != "1":  # one careless tap must not close a case
        return redirect(url_for("admin.ticket", number=number, confirm=new, _anchor="confirm-status"))
    try:
        desk.set_status(db(), ticket, new, staff_name(), utcnow(), services().settings.office)
    except ValueError as exc:
        flash(f"เปลี่ยนสถานะไม่ได้: {exc}", "error")
        return redirect(url_for("admin.ticket", number=number))
    audit("ticket.status", ticket.number, status=new)
    wake_workers()  # the teacher may be told of the change
    return _changed(ticket)


def undo(number: str) -> Response:
    """Undo the staff member's last change to a record within a minute of making it."""
    ticket = _ticket(number)
    entry_id = request.form.get("entry", "")
    entry = desk.undoable(db(), ticket, int(entry_id), staff_name(), utcnow()) if entry_id.isdigit() else None
    if entry is None:
        flash("เลิกทำไม่ได้แล้ว (เกิน 1 นาที หรือมีการเปลี่ยนแปลงอื่นตามมา) เปลี่ยนกลับเองได้ที่ช่องด้านล่าง", "error")
        return redirect(url_for("admin.ticket", number=number))
    desk.undo(db(), ticket, entry, staff_name(), utcnow())
    audit("ticket.undo", ticket.number, kind=entry.kind)
    flash("เลิกทำแล้ว")
    return redirect(url_for("admin.ticket", number=number))


def attachment(attachment_id: int) -> Response:
    """Serve a picture or file a requester sent (to logged-in staff only, never as HTML)."""
    row = db().get(Attachment, attachment_id)
    if row is None:
        abort(404)
    inline = row.content_type.startswith("image/") and row.content_type != "image/svg+xml"
    response = Response(row.data, mimetype=row.content_type if inline else "application/octet-stream")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline" if inline else f"attachment; filename=file-{row.id}"
    return response


def _missing(form: Mapping[str, str]) -> dict[str, str]:
    """Return the form's required fields left empty (or not one of the choices), by name, with their labels."""
    missing = {key: label for key, label in (("name", "ชื่อผู้ขอ"), ("subject", "เรื่อง"))
               if not form.get(key, "").strip()}
    if form.get("channel") not in rules.CHANNELS or form.get("channel") == "line":
        missing["channel"] = "ช่องทาง"
    if form.get("kind") not in rules.KINDS:
        missing["kind"] = "ประเภท"
    return missing


def _register_from(form: dict[str, str]) -> Ticket:
    """Create the requester and the record for a request that did not come through LINE."""
    now = utcnow()
    school = db().get(School, form["school"]) if form.get("school") else None
    requester = Requester(
        name=form["name"].strip()[:200], position=form.get("position", "").strip()[:100] or None,
        school_code=school.code if school else None, phone=form.get("phone", "").strip()[:40] or None,
        school_name=school.name if school else (form.get("school_name", "").strip()[:200] or None),
        created_at=now, updated_at=now,
    )
    db().add(requester)
    db().flush()
    fields = {"kind": form["kind"], "category": form.get("category") or "other", "subject": form["subject"].strip(),
              "details": form.get("details", "").strip() or None,
              "urgency": form.get("urgency") if form.get("urgency") in rules.URGENCIES else "normal"}
    prefix = settings_repo.office(db(), services().settings.office).register_prefix
    return register_repo.create_ticket(db(), requester, fields, prefix, now, channel=form["channel"],
                                       actor=f"staff:{staff_name()}")


def new() -> str | Response:
    """Register a request that came by phone, in person, by e-mail or by letter."""
    missing: dict[str, str] = {}
    if request.method == "POST":
        missing = _missing(request.form)
        if not missing:
            ticket = _register_from(request.form)
            audit("ticket.create", ticket.number, channel=ticket.channel)
            flash(f"ลงทะเบียนเรื่อง {ticket.number} แล้ว")
            return redirect(url_for("admin.ticket", number=ticket.number))
    # a refused form comes back with everything typed, and the fields it needs marked
    error = "ยังลงทะเบียนไม่ได้ กรุณากรอก: " + ", ".join(missing.values()) if missing else None
    return render_template("admin/new_ticket.html", error=error, missing=missing, form=request.form,
                           schools=register_repo.school_refs(db()), categories=settings_repo.categories(db()),
                           channels={k: v for k, v in rules.CHANNELS.items() if k != "line"},
                           **TEMPLATE_HELPERS)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/r/<number>", "ticket", show)
    bp.add_url_rule("/r/<number>/reply", "ticket_reply", reply, methods=["POST"])
    bp.add_url_rule("/r/<number>/note", "ticket_note", note, methods=["POST"])
    bp.add_url_rule("/r/<number>/assign", "ticket_assign", assign, methods=["POST"])
    bp.add_url_rule("/r/<number>/status", "ticket_status", status, methods=["POST"])
    bp.add_url_rule("/r/<number>/undo", "ticket_undo", undo, methods=["POST"])
    bp.add_url_rule("/attachments/<int:attachment_id>", "attachment", attachment)
    bp.add_url_rule("/new", "new_ticket", new, methods=["GET", "POST"])

