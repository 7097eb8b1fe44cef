"""Who may see what: login, logout, throttling, CSRF, and every admin URL closed to visitors."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.models import Ticket
from bot.storage.models_admin import AuditLog
from tests.conftest import PASSWORD, Staff
from tests.helpers.live import admin_urls


def test_every_admin_url_sends_a_visitor_to_the_login_page(app, client):
    urls = list(admin_urls(app))
    assert len(urls) >= 20
    for endpoint, url, methods in urls:
        if endpoint in ("admin.login",):
            continue
        for method in methods:
            response = client.open(url, method=method)
            if method == "POST":  # refused before anything else: no token, no session
                assert response.status_code in (302, 400), (url, method, response.status_code)
            else:
                assert response.status_code == 302, (url, method)
                assert response.headers["Location"].startswith("/admin/login"), url


def test_a_post_without_a_csrf_token_is_refused_even_when_logged_in(staff, db):
    response = staff.client.post("/admin/new", data={"channel": "phone", "name": "x", "kind": "consult",
                                                     "subject": "ไม่มี token"})
    assert response.status_code == 400
    ok = staff.post("/admin/new", {"channel": "phone", "name": "ครูสมใจ", "kind": "consult", "subject": "มี token"})
    assert ok.status_code == 302
    db.rollback()
    assert db.scalars(select(Ticket.subject)).all() == ["มี token"]  # the refused post stored nothing


def test_login_logout_and_the_session_cookie(client, accounts, db):
    staff = Staff(client)
    response = staff.login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Location"] == "/admin/"
    assert "สมชาย ใจดี" in client.get("/admin/").get_data(as_text=True)
    staff.post("/admin/logout")
    assert client.get("/admin/").status_code == 302
    db.rollback()
    assert [a.action for a in db.scalars(select(AuditLog).order_by(AuditLog.id))] == ["login", "logout"]


def test_login_goes_back_only_to_admin_pages(client, accounts):
    staff = Staff(client)
    token = staff.token()
    response = client.post("/admin/login", data={"username": "somchai", "password": PASSWORD, "csrf_token": token,
                                                 "next": "https://evil.example/"})
    assert response.headers["Location"] == "/admin/"


def test_wrong_passwords_lock_the_account_for_that_address(client, accounts, db):
    staff = Staff(client)
    for _ in range(5):
        assert "ไม่ถูกต้อง" in staff.login(password="wrong-password-1").get_data(as_text=True)
    locked = staff.login()  # even the right password waits now
    assert "รอ 15 นาที" in locked.get_data(as_text=True)
    db.rollback()
    actions = [a.action for a in db.scalars(select(AuditLog))]
    assert actions.count("login.failed") == 5 and "login.locked" in actions


def test_staff_cannot_open_admin_only_pages(client, accounts):
    staff = Staff(client)
    staff.login("malee")
    for url, heading in (("/admin/settings", "ตั้งค่าสำนักงาน"), ("/admin/audit", "บันทึกการใช้งาน")):
        refused = client.get(url)
        assert refused.status_code == 403 and heading not in refused.get_data(as_text=True), url
    staff.post("/admin/logout")
    staff.login("somchai")  # the same pages open for an admin: the 403 was about the role
    assert "ตั้งค่าสำนักงาน" in client.get("/admin/settings").get_data(as_text=True)
    assert "บันทึกการใช้งาน" in client.get("/admin/audit").get_data(as_text=True)


@pytest.mark.parametrize("password", ["short", ""])
def test_accounts_need_a_long_password(cli, password):
    result = cli("admin", "create", "newbie", input=password + "\n")
    assert result.exit_code != 0 and "at least" in result.output


def test_admin_create_reads_the_password_from_stdin_and_can_log_in(cli, client):
    result = cli("admin", "create", "Wanchai", "--role", "admin", "--name", "วันชัย", input=PASSWORD + "\n")
    assert result.exit_code == 0 and "wanchai (admin)" in result.output
    assert Staff(client).login("wanchai").status_code == 302
