"""Migrations match the models, go down and up again, and `bot db upgrade` works on a fresh file."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect

from bot.cli import main
from bot.storage import (
    migrate,
    models_admin,  # noqa: F401 (registers the admin tables on Base)
)
from bot.storage.models import Base


def test_migrations_match_the_models(services):
    with services.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_downgrade_and_upgrade_again(services):
    migrate.downgrade(services.engine, "base")
    assert set(inspect(services.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(services.engine)
    assert {"inbox_event", "outbox_message", "chat"} <= set(inspect(services.engine).get_table_names())
    assert migrate.current(services.engine) == migrate.head()


def test_cli_db_upgrade_on_a_fresh_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    url = f"sqlite:///{tmp_path / 'instance' / 'new.sqlite3'}"
    runner = CliRunner()
    refused = runner.invoke(main, ["faq", "ask", "DMC คืออะไร"], env={"DATABASE_URL": url})
    assert refused.exit_code == 1 and "run `bot db upgrade` first" in refused.output, refused.output
    backup = runner.invoke(main, ["backup", str(tmp_path / "before.sqlite3")], env={"DATABASE_URL": url})
    assert backup.exit_code == 0, backup.output  # a backup before upgrading must always work
    result = runner.invoke(main, ["db", "upgrade"], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert f"database at revision {migrate.head()}" in result.output
    again = runner.invoke(main, ["db", "current"], env={"DATABASE_URL": url})
    assert again.output.strip().endswith(migrate.head())
    asked = runner.invoke(main, ["faq", "ask", "DMC คืออะไร", "--json"], env={"DATABASE_URL": url})
    assert asked.exit_code == 0 and '"entry": "dmc-what"' in asked.output, asked.output


def test_no_bound_parameter_reaches_an_error_message(services):
    """Personal data in a failed statement must not end up in the exception text (and so in the logs)."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from bot.clock import utcnow
    from bot.storage.models_admin import StaffUser

    def user(name: str) -> StaffUser:
        return StaffUser(username="same", display_name=name, password_hash="x", role="staff", active=True,
                         created_at=utcnow())

    with pytest.raises(IntegrityError) as caught, services.sessions() as session, session.begin():
        session.add(user("ครูลับเฉพาะ 0812345678"))
        session.flush()
        session.add(user("ครูลับเฉพาะ 0899999999"))
        session.flush()
    assert "0899999999" not in str(caught.value) and "ลับเฉพาะ" not in str(caught.value)
    assert "INSERT INTO staff_user" in str(caught.value)  # the statement itself still helps whoever debugs
