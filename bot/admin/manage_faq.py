"""Knowledge base on the admin page: entries, editing, and the queue of questions the bot could not answer."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import delete

from bot.admin.common import TEMPLATE_HELPERS, audit, db, services
from bot.clock import utcnow
from bot.knowledge import base
from bot.storage import faq_repo, settings_repo
from bot.storage.models import FaqMiss


def _entries() -> dict[str, dict]:
    return {e.id: base.entry_to_dict(e) for e in services().knowledge.current(db()).entries}


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def faq_list() -> str:
    return render_template("admin/faq_list.html", entries=list(_entries().values()),
                           misses=faq_repo.misses(db(), 100), **TEMPLATE_HELPERS)


def faq_edit(entry_id: str) -> str | Response:
    """Edit an entry (or add one with a new id); every worker answers with it at once."""
    entries = _entries()
    data = entries.get(entry_id) or {"id": entry_id, "category": "other", "question": "", "phrasings": [],
                                     "keywords": [], "answer": "", "related": []}
    error = None
    if request.method == "POST":
        form = request.form
        data = {"id": entry_id, "category": form.get("category", "other").strip(),
                "question": form.get("question", "").strip(), "phrasings": _lines(form.get("phrasings", "")),
                "keywords": _lines(form.get("keywords", "")), "answer": form.get("answer", "").strip(),
                "related": [r for r in _lines(form.get("related", "")) if r in entries]}
        try:
            base.entry_from_dict(data)
        except ValueError as exc:
            error = str(exc)
        else:
            faq_repo.save_entries(db(), [data], utcnow())
            audit("faq.save", entry_id)
            flash(f"บันทึกคำถาม {entry_id} แล้ว บอทใช้คำตอบใหม่ทันที")
            return redirect(url_for("admin.faq_list"))
    return render_template("admin/faq_edit.html", entry=data, error=error,
                           categories=settings_repo.categories(db()), **TEMPLATE_HELPERS)


def faq_new() -> Response:
    entry_id = re.sub(r"[^a-z0-9-]", "-", request.form.get("id", "").strip().lower())[:60].strip("-")
    if not entry_id:
        abort(400)
    return redirect(url_for("admin.faq_edit", entry_id=entry_id))


def miss_to_phrasing(miss_id: int) -> Response:
    """Teach an entry the missed question as another phrasing, and take it off the queue."""
    miss = db().get(FaqMiss, miss_id)
    entries = _entries()
    target = request.form.get("entry", "")
    if miss is None or target not in entries:
        abort(400)
    data = entries[target]
    data["phrasings"] = [*data["phrasings"], miss.question]
    faq_repo.save_entries(db(), [data], utcnow())
    db().execute(delete(FaqMiss).where(FaqMiss.normalized == miss.normalized))
    audit("faq.phrasing", target, question=miss.question)
    flash(f"เพิ่ม \"{miss.question}\" เป็นอีกแบบของคำถาม {target} แล้ว")
    return redirect(url_for("admin.faq_list"))


def miss_dismiss(miss_id: int) -> Response:
    miss = db().get(FaqMiss, miss_id)
    if miss is not None:
        db().delete(miss)
        audit("faq.dismiss", None, question=miss.question)
    return redirect(url_for("admin.faq_list"))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/faq", "faq_list", faq_list)
    bp.add_url_rule("/faq/new", "faq_new", faq_new, methods=["POST"])
    bp.add_url_rule("/faq/<entry_id>", "faq_edit", faq_edit, methods=["GET", "POST"])
    bp.add_url_rule("/faq/misses/<int:miss_id>/phrasing", "faq_miss_phrasing", miss_to_phrasing, methods=["POST"])
    bp.add_url_rule("/faq/misses/<int:miss_id>/dismiss", "faq_miss_dismiss", miss_dismiss, methods=["POST"])
