"""Build the engine and session factory; tune SQLite so several threads can share it safely."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BEGIN = "sqlite_begin"  # execution option: how a SQLite transaction begins
WRITE_WAIT_SECONDS = 30.0


def make_engine(url: str) -> Engine:
    """Create an engine for SQLite or PostgreSQL with the settings this app relies on."""
    # hide_parameters: bound values are teachers' names, phones and messages; no error text or log may carry them
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True)
    # Writers of this process queue here, handed over at once, instead of polling in SQLite's busy
    # handler, which sleeps up to 100 ms between tries; other processes still meet the busy timeout.
    writer = threading.Lock()

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let us issue BEGIN ourselves: pysqlite's implicit transactions start too late to be safe.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock up front, so a read-then-write transaction never fails with
        # "database is locked" halfway; SQLite serialises writers anyway. Pure readers opt out.
        mode = conn.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
        if mode == "IMMEDIATE":
            if not writer.acquire(timeout=WRITE_WAIT_SECONDS):
                raise TimeoutError(f"no SQLite write lock within {WRITE_WAIT_SECONDS} s")
            conn.info["holds_writer"] = True
        try:
            conn.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            _release(conn)
            raise

    def _release(conn):  # type: ignore[no-untyped-def]
        if conn.info.pop("holds_writer", False):
            writer.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)

    return engine


def database_away(exc: BaseException) -> bool:
    """Say whether a failure means the database is unreachable or busy (retry later), not that it refused data."""
    if isinstance(exc, sa_exc.DBAPIError):
        return exc.connection_invalidated or isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError)
    return isinstance(exc, TimeoutError | ConnectionError | sa_exc.TimeoutError)


def upsert_insert(session: Session, table: Any) -> Any:
    """Return an INSERT supporting on_conflict_do_nothing in the session's dialect (SQLite or PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory: one session per event, job or request."""
    return sessionmaker(engine, expire_on_commit=False)


def make_reader_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory for read-only work that must not hold SQLite's write lock."""
    return sessionmaker(engine.execution_options(**{SQLITE_BEGIN: "DEFERRED"}), expire_on_commit=False)


def readers_for(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """Return the read-only session factory on the same engine as `sessions`."""
    return make_reader_sessionmaker(sessions.kw["bind"])
