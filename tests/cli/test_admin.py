"""`bot admin hint`: what `make run` prints about the admin page, and the first account's command while none exists."""

from __future__ import annotations

from tests.conftest import PASSWORD

FIRST_ACCOUNT = '.venv/bin/bot admin create NAME --role admin --name "ชื่อ"'


def test_admin_hint_gives_the_first_account_command_until_an_account_can_log_in(cli):
    fresh = cli("admin", "hint")
    assert fresh.exit_code == 0 and "admin page: http://127.0.0.1:8000/admin/" in fresh.output
    assert FIRST_ACCOUNT in fresh.output
    created = cli("admin", "create", "somchai", "--role", "admin", "--name", "สมชาย ใจดี", input=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    later = cli("admin", "hint")
    assert later.exit_code == 0 and later.output == "admin page: http://127.0.0.1:8000/admin/\n"
    assert cli("admin", "deactivate", "somchai").exit_code == 0
    assert FIRST_ACCOUNT in cli("admin", "hint").output  # nobody can log in again: say how once more
