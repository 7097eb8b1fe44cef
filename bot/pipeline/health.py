"""GET /healthz for a monitor, and one request id per log line: no secrets or personal data in either."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import datetime

from flask import Blueprint, Flask, current_app, g, has_request_context, jsonify, request
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from bot.clock import utcnow
from bot.storage import settings_repo
from bot.storage.db import readers_for
from bot.storage.models import InboxEvent, OutboxMessage

bp = Blueprint("health", __name__)
SCHEDULER_STALE_SECONDS = 180  # the scheduler beats every minute; three missed beats is a fault
OUTBOX_STALE_SECONDS = 600  # a message waiting this long means LINE or the workers are in trouble
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _age(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report the database, the scheduler's heartbeat and the backlogs; 503 when something needs a person."""
    services = current_app.extensions["helpdesk"]
    now = utcnow()
    try:
        with readers_for(services.sessions)() as session:
            beat = settings_repo.scheduler_heartbeat(session)
            pending, oldest = session.execute(
                select(func.count(), func.min(OutboxMessage.created_at)).where(OutboxMessage.status.in_(
                    ("pending", "sending")))).one()
            failed = session.scalar(select(func.count()).select_from(OutboxMessage)
                                    .where(OutboxMessage.status == "failed")) or 0
            events = dict(session.execute(select(InboxEvent.status, func.count()).where(
                InboxEvent.status.in_(("pending", "failed", "dead"))).group_by(InboxEvent.status)).all())
    except Exception as exc:  # the monitor needs an answer even when the database is gone
        logging.getLogger(__name__).error("health check: database unreachable: %s", type(exc).__name__)
        return jsonify(status="down", database="unreachable"), 503
    beat_age, oldest_age = _age(beat, now), _age(oldest, now)
    scheduler_ok = beat_age is not None and beat_age <= SCHEDULER_STALE_SECONDS
    outbox_ok = oldest_age is None or oldest_age <= OUTBOX_STALE_SECONDS
    problems: list[str] = []  # what a person should look at, in words a monitor can show as they are
    if beat_age is None:
        problems.append("scheduler: no heartbeat yet (is `bot scheduler` running?)")
    elif not scheduler_ok:
        problems.append(f"scheduler: last heartbeat {beat_age} s ago (limit {SCHEDULER_STALE_SECONDS} s)")
    if not outbox_ok:
        problems.append(f"outbox: a message has waited {oldest_age} s (limit {OUTBOX_STALE_SECONDS} s)")
    body = {
        "status": "ok" if not problems else "degraded",
        "problems": problems,
        "database": "ok",
        "scheduler": {"last_beat_seconds_ago": beat_age, "fresh": scheduler_ok},
        "outbox": {"pending": pending, "oldest_pending_seconds": oldest_age, "failed": failed},
        "inbox": {"pending": events.get("pending", 0) + events.get("failed", 0), "dead": events.get("dead", 0)},
    }
    return jsonify(body), 200 if body["status"] == "ok" else 503


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every log record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def install(app: Flask) -> None:
    """Serve /healthz and give each request an id (LINE's or the proxy's X-Request-Id when it looks sane)."""
    app.register_blueprint(bp)

    @app.before_request
    def request_id() -> None:
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex[:12]

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "-")
        return response
