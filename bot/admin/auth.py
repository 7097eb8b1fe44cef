"""Logging in and out of the admin page, with throttling and an audit trail."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from bot.admin.common import audit, db
from bot.clock import utcnow
from bot.storage import staff_repo
from bot.storage.models_admin import StaffUser


def current_user(session_db: Session) -> StaffUser | None:
    """Return the logged-in, still active staff member, or None."""
    uid = session.get("uid")
    user = session_db.get(StaffUser, uid) if isinstance(uid, int) else None
    return user if user is not None and user.active else None


def admin_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Allow a view to admins only (staff get 403)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None or g.user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _safe_next(target: str | None) -> str:
    """Return where to go after logging in: only a path inside this site."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.inbox")


def login() -> str | Response:
    """Show the login form; check the password, counting failures per username and address."""
    error = None
    if request.method == "POST":
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
                session["uid"] = user.id
                session.permanent = True
                g.user = user
                audit("login")
                return redirect(_safe_next(request.form.get("next")))
    return render_template("admin/login.html", error=error, next=request.args.get("next", ""))


def logout() -> Response:
    """Log out (a POST, so another site cannot do it for you)."""
    audit("logout")
    session.clear()
    return redirect(url_for("admin.login"))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/logout", "logout", logout, methods=["POST"])
