"""The admin page for ICT staff (/admin): the request list, requests, knowledge base, calendar, groups, settings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from bot.admin import auth, dashboard, manage, query, request_list, stats, tickets
from bot.admin.common import services
from bot.storage.db import readers_for

PUBLIC = ("admin.login", "admin.static")
# No other site may frame a page (clickjacking), and no cache keeps what staff saw (teachers' personal data)
HEADERS = {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'", "Cache-Control": "no-store"}


def admin_blueprint() -> Blueprint:
    """Return the /admin blueprint with every page; only the login page is open to visitors."""
    bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static")
    for module in (auth, request_list, tickets, manage, dashboard, stats):
        module.register(bp)

    @bp.before_request
    def open_session_and_require_login() -> Response | None:
        for name, value in request.args.items(multi=True):
            query.plain(name, value)  # no page takes one; in `next=` a line break would split the redirect
        # Pages only read: on SQLite a write transaction would hold the one write lock while a page (or a year's
        # report) renders, and LINE's webhook would wait. Forms (POST) get a write transaction.
        factory = services().sessions if request.method == "POST" else readers_for(services().sessions)
        g.db = factory()
        g.db.begin()
        g.user = auth.current_user(g.db)
        if g.user is None and request.endpoint not in PUBLIC:
            session.pop("sid", None)
            return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
        return None

    @bp.after_request
    def commit(response: Response) -> Response:
        db = g.get("db")
        if db is not None and db.in_transaction() and response.status_code < 400:
            db.commit()
            if g.get("wake_workers"):
                services().pump.wake()
        return response

    @bp.teardown_request
    def close(_: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.rollback()
            db.close()

    return bp


def install(app: Flask, csrf: Any) -> None:
    """Mount the admin page and protect its forms."""
    app.register_blueprint(admin_blueprint())
    app.add_url_rule("/", "root", lambda: redirect(url_for("admin.request_list")))
    csrf.init_app(app)

    @app.after_request
    def protect(response: Response) -> Response:
        # on the app, not the blueprint: also a 404 under /admin and a refused CSRF token get them
        if request.path == "/admin" or request.path.startswith("/admin/"):
            response.headers.update(HEADERS)
        return response
