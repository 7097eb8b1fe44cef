"""Gunicorn settings for the helpdesk (`gunicorn -c deploy/gunicorn.conf.py 'bot:create_app()'`)."""

import multiprocessing
import os

from bot.settings import Settings, SettingsError

try:
    _settings = Settings.from_env()
except SettingsError as exc:  # SystemExit: gunicorn prints a traceback for any Exception in its config file
    raise SystemExit(f"helpdesk settings: {exc}") from None
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process when the simulator keeps its fake LINE in memory, or when SQLite (one writer at a time) is the
# database: threads share a write queue there. PostgreSQL takes a process per core and more.
_single = _settings.simulator or _settings.database_url.startswith("sqlite")
workers = 1 if _single else int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# LINE waits 2 s for the webhook's answer; the webhook only stores events, so anything near this is a fault.
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# One line per request: client, request line, status, size, time, and the request id the app logs under.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
