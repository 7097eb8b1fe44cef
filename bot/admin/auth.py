"""Logging in and out of the admin page, with throttling and an audit trail."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from bot.admin import query
from bot.admin.common import TEMPLATE_HELPERS, audit, db, services
from bot.clock import utcnow
from bot.storage import staff_repo
from bot.storage.models_admin import StaffUser


def current_user(session_db: Session) -> StaffUser | None:
    """Return the active staff member whose server-side session this browser's cookie names, or None."""
    token, now = session.get("sid"), utcnow()
    found = staff_repo.session_user(session_db, token, now) if isinstance(token, str) else None
    if found is None:
        return None
    user, last_seen = found
    if now - last_seen > staff_repo.TOUCH_EVERY:
        if request.method == "POST":
            staff_repo.touch_session(session_db, token, now)
        else:  # pages read through a reader session: the write gets a short transaction of its own
            with services().sessions() as writer, writer.begin():
                staff_repo.touch_session(writer, token, now)
    return user


def admin_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Allow a view to admins only (staff get 403)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None or g.user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _safe_next(target: str | None) -> str:
    """Return where to go after logging in: only a path inside this site, never one that splits a header."""
    if target and query.plain("next", target).startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.request_list")


def login() -> str | Response:
    """Show the login form; check the password, counting failures per username and address."""
    error = None
    if request.method == "POST":
        target = _safe_next(request.form.get("next"))  # a bad one is refused before anyone is logged in
        username = request.form.get("username", "").strip().lower()
        key = f"{username}|{request.remote_addr}"
        now = utcnow()
        locked = staff_repo.locked_until(db(), key, now)
        if locked is not None:
            error = "พยายามเข้าสู่ระบบผิดหลายครั้ง กรุณารอ 15 นาทีแล้วลองใหม่"
            staff_repo.audit(db(), None, "login.locked", now, username=username, ip=request.remote_addr)
        else:
            user = staff_repo.authenticate(db(), username, request.form.get("password", ""), key, now)
            if user is None:
                error = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
                staff_repo.audit(db(), None, "login.failed", now, username=username, ip=request.remote_addr)
            else:
                session.clear()  # a new session id at login: no fixation
                session["sid"] = staff_repo.start_session(db(), user, now)
                session.permanent = True
                g.user = user
                audit("login")
                return redirect(target)
    return render_template("admin/login.html", error=error, next=request.args.get("next", ""))


def logout() -> Response:
    """Log out (a POST, so another site cannot do it for you)."""
    audit("logout")
    token = session.get("sid")
    if isinstance(token, str):
        staff_repo.end_session(db(), token)  # a copy of the cookie stops working too
    session.clear()
    return redirect(url_for("admin.login"))


def line_link() -> str:
    """Show whether the staff member's LINE account is bound; a POST makes a one-time code to bind it."""
    code = None
    if request.method == "POST":
        code = staff_repo.new_line_code(db(), db().get(StaffUser, g.user.id), utcnow())
        audit("line.code")
    return render_template("admin/line_link.html", code=code, minutes=staff_repo.LINE_CODE_LIFETIME.seconds // 60,
                           bound=bool(g.user.line_user_id), **TEMPLATE_HELPERS)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/logout", "logout", logout, methods=["POST"])
    bp.add_url_rule("/line", "line_link", line_link, methods=["GET", "POST"])
