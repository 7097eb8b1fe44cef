"""Shared fixtures: both databases, a fake LINE server on loopback, the app, and a signed-webhook helper."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from bot import create_app
from bot.clock import utcnow
from bot.settings import Settings
from bot.simulator import events as ev
from bot.simulator.api import standalone_app
from bot.simulator.fake_line import FakeLine
from bot.storage import migrate, staff_repo
from bot.storage.db import make_engine, make_reader_sessionmaker

CHANNEL_SECRET = "test-channel-secret"
ACCESS_TOKEN = "test-access-token"
_db_names = itertools.count(1)


def _postgres_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("REQUIRE_POSTGRES"))


# ---------------------------------------------------------------- databases
@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """Give a PostgreSQL superuser URL: TEST_POSTGRES_URL, or a throwaway cluster started here."""
    given = os.environ.get("TEST_POSTGRES_URL")
    if given:
        yield given
        return
    from tests.pg_cluster import Cluster

    try:
        cluster = Cluster()
        url = cluster.start()
    except Exception as exc:
        if _postgres_required():
            pytest.fail(f"PostgreSQL is required for this run but could not start: {exc}")
        yield None
        return
    try:
        yield url
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str | None) -> str | None:
    """Migrate a template database once; each test copies it (much faster than migrating)."""
    if postgres_server is None:
        return None
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS helpdesk_template"))
        conn.execute(text("CREATE DATABASE helpdesk_template"))
    admin.dispose()
    url = make_url(postgres_server).set(database="helpdesk_template").render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return postgres_server


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate a template SQLite file once; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "helpdesk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Give a freshly migrated database URL, once per database kind."""
    if request.param == "sqlite":
        target = tmp_path / "helpdesk.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    server = request.getfixturevalue("postgres_template")
    if server is None:
        pytest.skip("PostgreSQL not available here (make test installs and starts it)")
    name = f"helpdesk_test_{os.getpid()}_{next(_db_names)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE helpdesk_template"))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


# ---------------------------------------------------------------- fake LINE
@pytest.fixture(scope="session")
def fake_line_server() -> Iterator[tuple[FakeLine, str]]:
    """Run the fake Messaging API on a loopback port for the whole session."""
    fake = FakeLine(CHANNEL_SECRET, ACCESS_TOKEN)
    server = make_server("127.0.0.1", 0, standalone_app(fake), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def fake_line(fake_line_server: tuple[FakeLine, str]) -> FakeLine:
    """Give the fake LINE platform, emptied for this test."""
    fake = fake_line_server[0]
    fake.reset()
    return fake


# ---------------------------------------------------------------- the app
@pytest.fixture
def settings(db_url: str, fake_line_server: tuple[FakeLine, str]) -> Settings:
    """Settings for a test app: real database, fake LINE, no background threads."""
    return Settings(
        database_url=db_url,
        line_channel_secret=CHANNEL_SECRET,
        line_channel_access_token=ACCESS_TOKEN,
        line_api_base=fake_line_server[1],
        secret_key="test-secret-key-of-at-least-32-characters",
        background_workers=0,
        line_timeout_seconds=2.0,
        testing=True,
    )


@pytest.fixture
def app(settings: Settings, fake_line: FakeLine) -> Iterator[Any]:
    """Build the app against the test database and the fake LINE."""
    application = create_app(settings)
    yield application
    services = application.extensions["helpdesk"]
    services.pump.stop()
    services.line.close()
    services.engine.dispose()


@pytest.fixture
def services(app: Any) -> Any:
    return app.extensions["helpdesk"]


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def db(services: Any) -> Iterator[Any]:
    """Give a reading session on the test database; call `db.rollback()` to see what workers wrote since."""
    with make_reader_sessionmaker(services.engine)() as session:
        yield session


@pytest.fixture
def process(services: Any) -> Callable[[], int]:
    """Run the inbox and outbox workers in this thread until there is nothing left to do."""
    return lambda: services.pump.run_until_idle()


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Any]:
    """Run a `bot …` command against the test database and the fake LINE; return click's result."""
    from click.testing import CliRunner

    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    env = {"DATABASE_URL": settings.database_url, "LINE_CHANNEL_SECRET": settings.line_channel_secret,
           "LINE_CHANNEL_ACCESS_TOKEN": settings.line_channel_access_token, "LINE_API_BASE": settings.line_api_base,
           "SECRET_KEY": settings.secret_key}
    runner = CliRunner()
    return lambda *args, input=None: runner.invoke(main, list(args), env=env, input=input, catch_exceptions=False)


class Webhook:
    """Sign and post webhook bodies to the app as LINE does."""

    def __init__(self, client: Any, fake: FakeLine) -> None:
        self.client = client
        self.fake = fake

    def post(self, *events: dict[str, Any], body: bytes | None = None, signature: str | None = None,
             headers: dict[str, str] | None = None) -> Any:
        """Post events (or a raw body), signed unless a signature is given."""
        raw = body if body is not None else ev.envelope(list(events))
        sent = {"Content-Type": "application/json"}
        sent["x-line-signature"] = signature if signature is not None else ev.sign(raw, CHANNEL_SECRET)
        sent.update(headers or {})
        return self.client.post("/callback", data=raw, headers=sent)

    def __call__(self, *events: dict[str, Any]) -> Any:
        response = self.post(*events)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    def text(self, user: str, body: str, group: str | None = None, **kw: Any) -> dict[str, Any]:
        """Post a text message from a user and return the event."""
        event = self.fake.user_event("message", user, group, message=ev.text_message(body, **kw))
        self(event)
        return event

    def follow(self, user: str) -> dict[str, Any]:
        """Post a follow event from a user and return it."""
        event = self.fake.user_event("follow", user)
        self(event)
        return event


@pytest.fixture
def webhook(client: Any, fake_line: FakeLine) -> Webhook:
    return Webhook(client, fake_line)


class Clock:
    """A clock the test moves by hand; it starts a second ahead so what the test stores now is due."""

    def __init__(self) -> None:
        from datetime import timedelta

        from bot.clock import utcnow

        self.now = utcnow() + timedelta(seconds=1)

    def __call__(self) -> Any:
        return self.now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def run_concurrently(target: Callable[..., Any], arguments: list[tuple[Any, ...]]) -> None:
    """Run `target` once per argument tuple, all in their own threads at once, and wait for them."""
    threads = [threading.Thread(target=target, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# ---------------------------------------------------------------- school groups
def link_approved(session: Any, group: Any, school_code: str | None, by: str, at: Any) -> None:
    """Link a group as a member claims it and approve the claim as staff do (setup for linked groups)."""
    from bot.storage import groups_repo

    groups_repo.link(session, group, school_code, by, at)
    assert groups_repo.approve(session, group, "staff:test", at)


def approve_group(services: Any, group_id: str) -> None:
    """Approve a group's pending claim in the database, as staff would (setup for dialogues after approval)."""
    from bot.storage import groups_repo

    with services.sessions() as session, session.begin():
        group = groups_repo.get(session, group_id)
        assert group is not None and groups_repo.approve(session, group, "staff:test", utcnow())


# ---------------------------------------------------------------- a live server and a real browser
@pytest.fixture
def live(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[str, Any]]:
    """Serve the app in simulator mode (no LINE credentials) with background workers, like `make run`."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = tmp_path / "sim.sqlite3"
    shutil.copy(sqlite_template, db)
    base = f"http://127.0.0.1:{port}"
    app = create_app(Settings(database_url=f"sqlite:///{db}", base_url=base, background_workers=1))
    app.config["ADMIN_POLL_MS"] = 1000  # the inbox looks for new requests every second instead of ten
    assert app.extensions["helpdesk"].settings.simulator
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.extensions["helpdesk"].flask_app = app  # lets a test walk the live app's URL map
    yield base, app.extensions["helpdesk"]
    server.shutdown()
    app.extensions["helpdesk"].pump.stop()
    app.extensions["helpdesk"].engine.dispose()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Launch Debian's Chromium through Playwright (required in CI, skipped elsewhere if missing)."""
    playwright = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (make test installs it)")
        pytest.skip("chromium not installed (make test installs it)")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield launched
        launched.close()


# ---------------------------------------------------------------- the admin page
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
            return "sid" in session

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


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Report the phone-Thai files' shares, and how many varied dialogues reached the same record."""
    from tests.helpers.variants import ROBUSTNESS, TYPING

    for name, grades in sorted(config.stash.get(TYPING, {}).items()):
        per = ", ".join(f"{c} {grades.right[c]}/{n}" for c, n in sorted(grades.total.items()))
        terminalreporter.write_line(f"typing {name}: {grades.share():.1%} read as meant ({per})")
    counts = config.stash.get(ROBUSTNESS, {})
    if counts:
        ran, passed = sum(r for r, _ in counts.values()), sum(p for _, p in counts.values())
        terminalreporter.write_line(f"robustness: {ran} varied dialogues of {len(counts)} scripts replayed, "
                                    f"{passed} reached the same register record")
