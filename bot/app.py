"""The app factory: the one place that reads settings and builds the engine, LINE client and workers."""

from __future__ import annotations

import gc
import logging
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.engine import make_url

from bot import admin, handlers
from bot.clock import utcnow
from bot.line.client import LineClient
from bot.pipeline import health, webhook
from bot.pipeline.inbox import Processor
from bot.pipeline.intake import Intake
from bot.pipeline.outbox import Sender
from bot.pipeline.worker import Pump
from bot.services import Services
from bot.settings import DEFAULT_INSTANCE, Settings
from bot.storage.db import make_engine, make_sessionmaker
from bot.usecases.faq_index import Knowledge
from bot.usecases.followups import Followups
from bot.usecases.reminders import Reminders
from bot.usecases.reports import Reports

log = logging.getLogger("bot")

MAX_WEBHOOK_BYTES = 1024 * 1024  # LINE's webhook bodies are a few KB; refuse anything absurd
SIMULATOR_HISTORY = "simulator-chats.jsonl"
SIMULATOR_SECRET = "simulator-secret-key"  # only without SECRET_KEY, which real LINE credentials require


def _configure_logging(level: str) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        for handler in root.handlers:
            handler.addFilter(health.RequestIdFilter())
    logging.getLogger("bot").setLevel(level)


def instance_file(database_url: str, name: str) -> Path | None:
    """Return a file of the simulator's beside the SQLite file (instance/ under `make run`); None for a throwaway."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return DEFAULT_INSTANCE.resolve() / name
    if url.database in (None, "", ":memory:"):
        return None  # a throwaway database has a throwaway chat
    return Path(url.database).resolve().parent / name


def simulator_history(database_url: str) -> Path | None:
    """Return where the simulator keeps its chats."""
    return instance_file(database_url, SIMULATOR_HISTORY)


def simulator_secret(database_url: str) -> str:
    """Return the trial's own secret key, made once and kept, so logins last across restarts and workers."""
    path = instance_file(database_url, SIMULATOR_SECRET)
    if path is None:
        return secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: of several workers starting at once, one writes it and the others read it
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)  # the first worker is still writing it
        raise RuntimeError(f"{path} is empty: delete it and start again") from None
    with os.fdopen(handle, "w") as out:
        out.write(secrets.token_hex(32))
    return path.read_text().strip()


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app and its services; start background workers if the settings ask for them."""
    settings = (settings or Settings.from_env()).check()
    _configure_logging(settings.log_level)
    app = Flask(__name__)
    # check() let an empty key through only for the simulator: a key kept in instance/ then serves every worker
    secret = settings.secret_key or simulator_secret(settings.database_url)
    app.config.update(SECRET_KEY=secret, MAX_CONTENT_LENGTH=MAX_WEBHOOK_BYTES, TESTING=settings.testing)

    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    line = LineClient(settings.access_token, settings.api_base, settings.data_api_base,
                      settings.line_timeout_seconds, settings.line_rate_limit)
    router = handlers.load()
    sender = Sender(sessions, line, settings.outbox_max_attempts, office=settings.office)
    knowledge = Knowledge()  # indexed once per process (loads the Thai word dictionary); staff edits reload it
    processor = Processor(sessions, router, line, sender, settings, knowledge=knowledge)
    office = settings.office
    reminders = Reminders(sessions, sender, line, timedelta(minutes=settings.reminder_grace_minutes), office)
    services = Services(settings, engine, sessions, line, router, sender, processor,
                        Pump(processor, sender, settings.background_workers), Intake(sessions, utcnow), knowledge,
                        reminders, Followups(sessions, sender, office),
                        Reports(sessions, knowledge, office, settings.base_url, sender))
    app.extensions["helpdesk"] = services
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.base_url.startswith("https://"),  # behind TLS the cookie never goes plain
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12), WTF_CSRF_TIME_LIMIT=None,  # a token lasts the session
    )
    csrf = CSRFProtect()
    app.register_blueprint(webhook.bp)
    health.install(app)
    if settings.proxy_count:  # trust X-Forwarded-For/-Proto from exactly that many proxies, no more
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_count, x_proto=settings.proxy_count)  # type: ignore[method-assign]
    csrf.exempt(webhook.bp)  # LINE signs its posts; it has no session to carry a token
    admin.install(app, csrf)

    if settings.simulator and settings.serve_simulator and not settings.line_api_base:
        from bot.simulator.fake_line import FakeLine
        from bot.simulator.page import simulator_blueprint

        services.fake_line = FakeLine(settings.channel_secret, settings.access_token,
                                      history=simulator_history(settings.database_url))
        simulator = simulator_blueprint(services.fake_line)
        app.register_blueprint(simulator)
        for name, blueprint in app.blueprints.items():  # the simulator page and its fake LINE API, nested
            if name.split(".")[0] == simulator.name:
                csrf.exempt(blueprint)  # development only; they post JSON without a session
        log.warning("no LINE credentials: the LINE simulator is at %s/dev/line/", settings.base_url)

    # What start-up loaded (the SDK's model classes, SQLAlchemy, the knowledge index) lives as long as the process:
    # without this, every full garbage collection walks it all again, stalling whatever request or broadcast
    # happens to trigger it. (No gc.collect() first: it would cost start-up to spare a little garbage.)
    gc.freeze()
    if settings.background_workers:
        services.pump.start()
    return app
