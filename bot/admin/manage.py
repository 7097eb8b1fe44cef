"""Managing the office on the admin page: calendar and completion, groups and schools, settings, audit log."""

from __future__ import annotations

import csv
import io
from datetime import date, time

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from bot.admin import manage_faq
from bot.admin.auth import admin_only
from bot.admin.common import TEMPLATE_HELPERS, audit, db, services, wake_workers
from bot.clock import utcnow
from bot.collection_calendar import reminders
from bot.knowledge import groups as office_groups
from bot.storage import (
    calendar_repo,
    groups_repo,
    notices_repo,
    outbox_repo,
    register_repo,
    reminders_repo,
    settings_repo,
    staff_repo,
)
from bot.storage.models import School
from bot.usecases import group_claims


def calendar() -> str:
    rounds = calendar_repo.rounds(db())
    done = {r.id: len({c for rid, c in reminders_repo.completions(db(), [r.id]) if rid == r.id}) for r in rounds}
    schools = len(register_repo.school_refs(db()))
    return render_template("admin/calendar.html", rounds=rounds, done=done, schools=schools,
                           reminders=reminders, **TEMPLATE_HELPERS)


def round_edit(round_id: int) -> str | Response:
    """Change a round's dates, announcement and reminders (dates change by announcement)."""
    current = calendar_repo.get(db(), round_id)
    if current is None:
        abort(404)
    error = None
    if request.method == "POST":
        data = calendar_repo.to_dict(current) | {
            key: request.form.get(key, "").strip() or None
            for key in ("name", "system", "opens", "closes", "data_as_of", "remind_time")
        }
        data["announcement"] = request.form.get("announcement", "").strip()
        data["reminders"] = request.form.get("reminders", "").split()
        try:
            calendar_repo.save(db(), calendar_repo.from_dict(data), utcnow())
        except ValueError as exc:
            error = f"บันทึกไม่ได้: {exc}"
        else:
            audit("calendar.save", f"{current.key}-{current.academic_year}", opens=data["opens"],
                  closes=data["closes"])
            flash("บันทึกปฏิทินแล้ว")
            return redirect(url_for("admin.round_edit", round_id=round_id))
    done = {code: True for _, code in reminders_repo.completions(db(), [round_id])}
    return render_template("admin/round.html", round=current, error=error, schools=register_repo.school_refs(db()),
                           done=done, sends=reminders_repo.send_counts(db(), round_id),
                           reminders=reminders(current), **TEMPLATE_HELPERS)


def round_done(round_id: int) -> Response:
    """Mark (or unmark) a school as having entered its data, on its behalf."""
    code = request.form.get("school", "")
    if calendar_repo.get(db(), round_id) is None or db().get(School, code) is None:
        abort(400)
    if request.form.get("undo"):
        reminders_repo.unmark_done(db(), round_id, code)
    else:
        reminders_repo.mark_done(db(), round_id, code, "staff", None, utcnow())
    audit("round.done", f"{round_id}:{code}", undo=bool(request.form.get("undo")))
    return redirect(url_for("admin.round_edit", round_id=round_id))


def groups() -> str:
    rows = groups_repo.all_groups(db())
    pending = [(grp, school) for grp, school in rows if groups_repo.pending(grp)]
    rivals = {grp.group_id: groups_repo.others_with_school(db(), grp) for grp, _ in pending}
    return render_template("admin/groups.html", groups=rows, pending=pending, rivals=rivals,
                           claim_id=group_claims.claim_id, schools=register_repo.school_refs(db()),
                           notices=notices_repo.notices(db(), 20), **TEMPLATE_HELPERS)


def group_decide(group_id: str, approve: bool) -> Response:
    """Approve or reject a group's claim made in LINE, and tell the group."""
    group = groups_repo.get_for_update(db(), group_id)
    if group is None:
        abort(404)
    decision = group_claims.decide(db(), group, request.form.get("claim", ""), approve, f"staff:{g.user.username}",
                                   utcnow())
    if decision.message is not None:
        outbox_repo.enqueue(db(), group_id, [decision.message], utcnow())
        wake_workers()
    audit("group.approve" if approve else "group.reject", group_id, outcome=decision.outcome)
    flash(decision.answer, "message" if decision.outcome in ("approved", "rejected") else "error")
    return redirect(url_for("admin.groups"))


def group_approve(group_id: str) -> Response:
    return group_decide(group_id, approve=True)


def group_reject(group_id: str) -> Response:
    return group_decide(group_id, approve=False)


def group_link(group_id: str) -> Response:
    group = groups_repo.get(db(), group_id)
    if group is None:
        abort(404)
    choice, by = request.form.get("school", ""), f"staff:{g.user.username}"
    # staff set it themselves: in force at once
    if choice == "":
        groups_repo.unlink(db(), group)
    elif choice == "area":
        groups_repo.link(db(), group, None, "staff", utcnow(), approved_by=by)
    elif db().get(School, choice) is not None:
        groups_repo.link(db(), group, choice, "staff", utcnow(), approved_by=by)
    else:
        abort(400)
    audit("group.link", group_id, school=choice)
    return redirect(url_for("admin.groups"))


def schools_import() -> Response:
    """Import the school list from a CSV upload (school_code,name,district)."""
    upload = request.files.get("file")
    try:
        rows = list(csv.DictReader(io.StringIO(upload.read().decode("utf-8-sig")))) if upload else []
        if not rows or not {"school_code", "name"} <= set(rows[0]):
            raise ValueError("ต้องมีคอลัมน์ school_code และ name")
        count = register_repo.import_schools(db(), rows)
    except (ValueError, UnicodeDecodeError) as exc:
        flash(f"นำเข้าไม่ได้: {exc} (ไม่ได้นำเข้าข้อมูลใด)", "error")
        db().rollback()
        return redirect(url_for("admin.groups"))
    audit("schools.import", None, count=count)
    flash(f"นำเข้าโรงเรียน {count} แห่งแล้ว")
    return redirect(url_for("admin.groups"))


@admin_only
def office_settings() -> str | Response:
    """Office name and contact, register prefix, staff LINE group, follow-up days, closures."""
    base = services().settings.office
    error = None
    if request.method == "POST":
        form = request.form
        try:
            closures = sorted({date.fromisoformat(d).isoformat() for d in form.get("closures", "").split()})
            followup = int(form.get("followup_days") or 2)
            if not 1 <= followup <= 3:
                raise ValueError("ติดตามผลหลังตอบ 1–3 วันทำการตามคู่มือ")
            no_response = int(form.get("no_response_days") or 3)
            if not 1 <= no_response <= 10:
                raise ValueError("ปิดเรื่องเมื่อไม่ตอบกลับภายใน 1–10 วันทำการ")
            opens, closes = (time.fromisoformat(form.get(k) or d).strftime("%H:%M")
                             for k, d in (("opens_at", "08:30"), ("closes_at", "16:30")))
            if opens >= closes:
                raise ValueError("เวลาเปิดต้องก่อนเวลาปิด")
            prefix = form.get("register_prefix", "").strip().upper()
            if prefix and not prefix.isalnum():
                raise ValueError("คำนำหน้าเลขที่เรื่องใช้ตัวอักษรหรือตัวเลขเท่านั้น")
            contacts = {key: form.get(f"group_{key}", "").strip()[:200] for key in office_groups.GROUPS}
        except ValueError as exc:
            error = str(exc)
        else:
            values = {key: form.get(key, "").strip() for key in ("name", "phone", "hours", "staff_group_id")}
            settings_repo.set_office(db(), values | {"register_prefix": prefix, "followup_days": followup,
                                                     "closures": closures, "no_response_days": no_response,
                                                     "opens_at": opens, "closes_at": closes,
                                                     "group_contacts": {k: v for k, v in contacts.items() if v}})
            audit("settings.save", "office")
            flash("บันทึกการตั้งค่าแล้ว")
            return redirect(url_for("admin.office_settings"))
    return render_template("admin/settings.html", office=settings_repo.office(db(), base), error=error,
                           users=staff_repo.users(db()), groups=office_groups.GROUPS, **TEMPLATE_HELPERS)


@admin_only
def audit_log() -> str:
    return render_template("admin/audit.html", rows=staff_repo.audit_log(db()), **TEMPLATE_HELPERS)


def register(bp: Blueprint) -> None:
    manage_faq.register(bp)
    bp.add_url_rule("/calendar", "calendar", calendar)
    bp.add_url_rule("/calendar/<int:round_id>", "round_edit", round_edit, methods=["GET", "POST"])
    bp.add_url_rule("/calendar/<int:round_id>/done", "round_done", round_done, methods=["POST"])
    bp.add_url_rule("/groups", "groups", groups)
    bp.add_url_rule("/groups/<group_id>/link", "group_link", group_link, methods=["POST"])
    bp.add_url_rule("/groups/<group_id>/approve", "group_approve", group_approve, methods=["POST"])
    bp.add_url_rule("/groups/<group_id>/reject", "group_reject", group_reject, methods=["POST"])
    bp.add_url_rule("/schools/import", "schools_import", schools_import, methods=["POST"])
    bp.add_url_rule("/settings", "office_settings", office_settings, methods=["GET", "POST"])
    bp.add_url_rule("/audit", "audit_log", audit_log)
