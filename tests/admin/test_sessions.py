"""Admin sessions live on the server: logout, deactivation and a new password end them; pages are never framed."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select, update

from bot.clock import utcnow
from bot.storage import staff_repo
from bot.storage.models_admin import StaffSession
from tests.conftest import PASSWORD, Staff
from tests.helpers.live import admin_urls

COOKIE = "session"


def logged_in(app, username: str = "somchai") -> Staff:
    staff = Staff(app.test_client())
    assert staff.login(username).status_code == 302
    return staff


def copy_of(app, staff: Staff):
    """Return another browser holding the same session cookie, as someone who copied it would."""
    other = app.test_client()
    other.set_cookie(COOKIE, staff.client.get_cookie(COOKIE).value)
    return other


def test_a_copied_cookie_works_until_logout_and_never_after(app, accounts):
    staff = logged_in(app)
    thief = copy_of(app, staff)
    seen = thief.get("/admin/")
    assert seen.status_code == 200 and "สมชาย ใจดี" in seen.get_data(as_text=True)  # logged in as somchai
    assert staff.post("/admin/logout").status_code == 302
    refused = thief.get("/admin/")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/admin/login")
    assert staff.get("/admin/").status_code == 302


def test_two_sessions_of_one_user_are_independent(app, accounts):
    office, home = logged_in(app), logged_in(app)
    office.post("/admin/logout")
    still = home.get("/admin/")
    assert still.status_code == 200 and "สมชาย ใจดี" in still.get_data(as_text=True)
    ended = office.get("/admin/")
    assert ended.status_code == 302 and ended.headers["Location"].startswith("/admin/login")


def test_the_table_keeps_only_a_hash_of_the_session_id(app, accounts, db):
    staff = logged_in(app)
    with staff.client.session_transaction() as session:
        sid = session["sid"]
    db.rollback()
    [row] = db.scalars(select(StaffSession))
    assert row.token_hash == hashlib.sha256(sid.encode()).hexdigest() and sid not in row.token_hash
    assert row.created_at <= row.last_seen_at <= utcnow()


def test_a_new_password_or_deactivation_ends_every_session_of_that_user(app, services, accounts):
    somchai, somchai_too, malee = logged_in(app), logged_in(app), logged_in(app, "malee")
    with services.sessions() as session, session.begin():
        staff_repo.create_user(session, "somchai", PASSWORD + "-new", "admin", None, utcnow())
    assert somchai.get("/admin/").status_code == 302 and somchai_too.get("/admin/").status_code == 302
    assert malee.get("/admin/").status_code == 200
    with services.sessions() as session, session.begin():
        staff_repo.set_active(session, "malee", False)
    assert malee.get("/admin/").status_code == 302
    with services.sessions() as session:
        assert session.scalars(select(StaffSession)).all() == []


def test_an_idle_session_expires_on_the_server(app, services, accounts):
    staff = logged_in(app)
    with services.sessions() as session, session.begin():
        for row in session.scalars(select(StaffSession)):
            row.last_seen_at = utcnow() - timedelta(hours=13)
    assert staff.client.get_cookie(COOKIE) is not None  # the browser still sends its cookie
    expired = staff.get("/admin/")
    assert expired.status_code == 302 and expired.headers["Location"].startswith("/admin/login")


def test_a_session_in_use_records_when_it_was_last_seen(app, services, accounts):
    staff = logged_in(app)

    def last_seen():
        with services.sessions() as session:
            return session.scalars(select(StaffSession.last_seen_at)).one()

    def set_last_seen(moment):
        with services.sessions() as session, session.begin():
            session.execute(update(StaffSession).values(last_seen_at=moment))

    set_last_seen(utcnow() - timedelta(hours=11))
    assert staff.get("/admin/").status_code == 200  # a page only reads: the touch has a write of its own
    assert utcnow() - last_seen() < timedelta(minutes=1)
    token = staff.token()
    set_last_seen(utcnow() - timedelta(hours=11))
    form = staff.client.post("/admin/new", data={"channel": "phone", "csrf_token": token})
    assert form.status_code == 200  # a form: the touch commits with the form's own transaction
    assert utcnow() - last_seen() < timedelta(minutes=1)
    set_last_seen(utcnow() - timedelta(minutes=1))
    staff.get("/admin/")
    assert utcnow() - last_seen() > timedelta(seconds=50)  # not a write on every page view


def test_deactivate_from_the_cli(cli, app, accounts):
    staff = logged_in(app, "malee")
    result = cli("admin", "deactivate", "malee")
    assert result.exit_code == 0 and "malee" in result.output
    assert staff.get("/admin/").status_code == 302
    assert Staff(app.test_client()).login("malee").status_code == 200  # the form again: refused
    assert cli("admin", "deactivate", "nobody").exit_code != 0


SECURITY_HEADERS = {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'",
                    "Cache-Control": "no-store"}


def test_every_admin_response_forbids_framing_and_caching(app, staff):
    visitor = app.test_client()
    urls = [*admin_urls(app), ("admin.static", "/admin/static/admin.css", ["GET"]),
            ("missing", "/admin/no-such-page", ["GET"])]
    for _, url, methods in urls:
        for client in (staff.client, visitor):
            for method in methods:
                response = client.open(url, method=method)
                for name, value in SECURITY_HEADERS.items():
                    assert response.headers.get(name) == value, (url, method, response.status_code, name)
