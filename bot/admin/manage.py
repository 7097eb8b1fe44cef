"""Managing the office on the admin page: calendar and completion, groups and schools, settings, audit log."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date, time

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from bot.admin import manage_faq, query
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
from bot.texts import forms
from bot.thai import be_date, normalize
from bot.usecases import group_claims


def calendar() -> str:
    rounds = calendar_repo.rounds(db())
    done = {r.id: len({c for rid, c in reminders_repo.completions(db(), [r.id]) if rid == r.id}) for r in rounds}
    schools = len(register_repo.school_refs(db()))
    return render_template("admin/calendar.html", rounds=rounds, done=done, schools=schools,
                           reminders=reminders, **TEMPLATE_HELPERS)


DATE_FIELDS = {"opens": forms.OPENS, "closes": forms.CLOSES, "data_as_of": forms.DATA_AS_OF}


def _round_dates(form: Mapping[str, str]) -> tuple[dict[str, date | None], dict[str, str]]:
    """Read the round form's dates; refusals by field, in Thai."""
    days: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    for key, field in DATE_FIELDS.items():
        try:
            days[key] = query.typed_date(field, form.get(key, ""))
        except ValueError as exc:
            days[key], errors[key] = None, str(exc)
        else:
            if days[key] is None and key != "data_as_of":
                errors[key] = forms.date_missing(field)
    opens, closes = days["opens"], days["closes"]
    if opens and closes and closes < opens:
        errors["closes"] = forms.CLOSES_BEFORE_OPENS
    return days, errors


def round_edit(round_id: int) -> str | Response:
    """Change a round's dates, announcement and reminders (dates change by announcement)."""
    current = calendar_repo.get(db(), round_id)
    if current is None:
        abort(404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        days, errors = _round_dates(request.form)
        data = calendar_repo.to_dict(current) | {key: day and day.isoformat() for key, day in days.items()} | {
            key: request.form.get(key, "").strip() or None for key in ("name", "system", "remind_time")}
        data["announcement"] = request.form.get("announcement", "").strip()
        data["reminders"] = request.form.get("reminders", "").split()
        if not errors:
            try:
                calendar_repo.save(db(), calendar_repo.from_dict(data), utcnow())
            except ValueError as exc:
                errors[""] = f"บันทึกไม่ได้: {exc}"
            else:
                audit("calendar.save", f"{current.key}-{current.academic_year}", opens=data["opens"],
                      closes=data["closes"])
                flash("บันทึกปฏิทินแล้ว")
                return redirect(url_for("admin.round_edit", round_id=round_id))
    done = {code: True for _, code in reminders_repo.completions(db(), [round_id])}
    # a refused form comes back as it was typed
    shown = request.form if errors else {"name": current.name, "system": current.system,
                                         "opens": be_date(current.opens), "closes": be_date(current.closes),
                                         "data_as_of": be_date(current.data_as_of),
                                         "remind_time": current.remind_time.strftime("%H:%M"),
                                         "reminders": " ".join(current.offsets), "announcement": current.announcement}
    return render_template("admin/round.html", round=current, form=shown, errors=errors,
                           schools=register_repo.school_refs(db()), done=done,
                           sends=reminders_repo.send_counts(db(), round_id), reminders=reminders(current),
                           **TEMPLATE_HELPERS)


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
    return _groups_page()


def _groups_page(typed: Mapping[str, str] | None = None, error: str | None = None) -> str:
    """Show the groups, their claims and the school list (`typed`: a refused school box, kept as typed)."""
    rows = groups_repo.all_groups(db())
    pending = [(grp, school) for grp, school in rows if groups_repo.pending(grp)]
    rivals = {grp.group_id: groups_repo.others_with_school(db(), grp) for grp, _ in pending}
    return render_template("admin/groups.html", groups=rows, pending=pending, rivals=rivals,
                           claim_id=group_claims.claim_id, schools=register_repo.school_refs(db()),
                           notices=notices_repo.notices(db(), 20), typed=typed or {}, error=error,
                           AREA_WIDE=forms.AREA_WIDE, **TEMPLATE_HELPERS)


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


def _school_choice(typed: str) -> str | None:
    """Return what the school box means: "" (no school), "area", a school code; None if it names no school."""
    text = normalize(typed)
    if text in ("", normalize(forms.NO_SCHOOL)):
        return ""
    if text in ("area", normalize(forms.AREA_WIDE)):
        return "area"
    code = text.split()[0]
    if code.isdigit():  # "1034150001 บ้านหนองบัว" as the list offers it, or the code alone
        return code if db().get(School, code) is not None else None
    names = {text, text.removeprefix("โรงเรียน").strip()}
    found = [s.code for s in register_repo.school_refs(db()) if normalize(s.name) in names]
    return found[0] if len(found) == 1 else None


def group_link(group_id: str) -> str | Response:
    """Link a group to the school typed or picked in its box (staff set it: in force at once)."""
    group = groups_repo.get(db(), group_id)
    if group is None:
        abort(404)
    typed, by = request.form.get("school", ""), f"staff:{g.user.username}"
    choice = _school_choice(typed)
    if choice is None:
        return _groups_page({group_id: typed}, forms.unknown_school(typed))
    if choice == "":
        groups_repo.unlink(db(), group)
    elif choice == "area":
        groups_repo.link(db(), group, None, "staff", utcnow(), approved_by=by)
    else:
        groups_repo.link(db(), group, choice, "staff", utcnow(), approved_by=by)
    audit("group.link", group_id, school=choice)
    flash(f"บันทึกโรงเรียนของกลุ่ม {group.name or group_id} แล้ว")
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


def _closures(typed: str) -> list[str]:
    """Read the office's extra closed days (one a line, or separated by spaces or commas) as ISO dates."""
    days: set[date | None] = set()
    for piece in re.split(r"[\n,;]+", typed):
        try:
            days.add(query.typed_date(forms.CLOSURES, piece))
        except ValueError:  # several dates on one line: "02/01/2570 03/01/2570"
            days.update(query.typed_date(forms.CLOSURES, word) for word in piece.split())
    return sorted(day.isoformat() for day in days if day)


LINE_GROUP_ID = re.compile(r"[CR][0-9a-fA-F]{20,40}")  # a group's (or room's) id as LINE gives it (C + 32 hex)


@admin_only
def office_settings() -> str | Response:
    """Office name and contact, register prefix, staff LINE group, follow-up days, closures."""
    base = services().settings.office
    error = None
    if request.method == "POST":
        form = request.form
        try:
            closures = _closures(form.get("closures", ""))
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
            staff_group = (form.get("staff_group_id", "").split() or [""])[0]  # "C… (ชื่อกลุ่ม)" from the list
            if staff_group and not LINE_GROUP_ID.fullmatch(staff_group):
                raise ValueError("groupId ของกลุ่มเจ้าหน้าที่ต้องเป็นรหัสที่ขึ้นต้นด้วย C ตามด้วยตัวอักษรและตัวเลข "
                                 "เลือกจากรายการกลุ่มที่บอทอยู่ หรือดูได้ที่หน้า กลุ่ม/โรงเรียน (ไม่ใช่ชื่อกลุ่ม)")
        except ValueError as exc:
            error = str(exc)
        else:
            values = {key: form.get(key, "").strip() for key in ("name", "phone", "hours")}
            values["staff_group_id"] = staff_group
            settings_repo.set_office(db(), values | {"register_prefix": prefix, "followup_days": followup,
                                                     "closures": closures, "no_response_days": no_response,
                                                     "opens_at": opens, "closes_at": closes,
                                                     "group_contacts": {k: v for k, v in contacts.items() if v}})
            audit("settings.save", "office")
            flash("บันทึกการตั้งค่าแล้ว")
            return redirect(url_for("admin.office_settings"))
    office = settings_repo.office(db(), base)
    closures = request.form.get("closures", "") if error else "\n".join(
        be_date(date.fromisoformat(day)) for day in office.closures)
    line_groups = [grp for grp, _ in groups_repo.all_groups(db()) if grp.active]
    return render_template("admin/settings.html", office=office, closures=closures, error=error,
                           users=staff_repo.users(db()), groups=office_groups.GROUPS, line_groups=line_groups,
                           typed_group=request.form.get("staff_group_id") if error else None, **TEMPLATE_HELPERS)


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
