"""Fixtures for the admin page: a staff account and a logged-in test client that sends CSRF tokens."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.clock import utcnow
from bot.storage import staff_repo

PASSWORD = "correct-horse-battery"
TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


class Staff:
    """A test client logged in as a staff member; `post` adds the page's CSRF token like the browser does."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def token(self) -> str:
        page = self.client.get("/admin/login" if not self._logged_in() else "/admin/dashboard")
        found = TOKEN.search(page.get_data(as_text=True))
        assert found, "no CSRF token on the page"
        return found.group(1)

    def _logged_in(self) -> bool:
        with self.client.session_transaction() as session:
            return "uid" in session

    def login(self, username: str = "somchai", password: str = PASSWORD) -> Any:
        return self.client.post("/admin/login", data={"username": username, "password": password,
                                                       "csrf_token": self.token()})

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.client.post(url, data={**(data or {}), "csrf_token": self.token()}, **kw)


@pytest.fixture
def accounts(services):
    with services.sessions() as session, session.begin():
        staff_repo.create_user(session, "somchai", PASSWORD, "admin", "สมชาย ใจดี", utcnow())
        staff_repo.create_user(session, "malee", PASSWORD, "staff", "มาลี ศรีสุข", utcnow())


@pytest.fixture
def staff(client, accounts) -> Staff:
    logged = Staff(client)
    response = logged.login()
    assert response.status_code == 302, response.get_data(as_text=True)
    return logged
