"""Back up and restore the database: SQLite's online backup, or pg_dump / pg_restore for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def _libpq(url: str) -> str:
    """Turn SQLAlchemy's postgresql+psycopg:// URL into one pg_dump understands."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)")
    return found


def backup(url: str, output: Path) -> None:
    """Write a consistent copy of the database to `output` while the helpdesk keeps running."""
    path = _sqlite_path(url)
    if path is not None:
        if not path.exists():
            raise BackupError(f"no database at {path}")
        with sqlite3.connect(path) as source, sqlite3.connect(output) as target:
            source.backup(target)
        return
    done = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(output),
                           "--dbname", _libpq(url)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or "pg_dump failed")


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with a backup (stop the web app and the scheduler first)."""
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    path = _sqlite_path(url)
    if path is not None:
        with sqlite3.connect(source) as backup_db:
            if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is not a healthy SQLite database")
            with sqlite3.connect(path) as target:
                backup_db.backup(target)
        return
    done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                           "--dbname", _libpq(url), str(source)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or "pg_restore failed")
