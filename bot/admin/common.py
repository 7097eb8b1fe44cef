"""What every admin view needs: the app's services, the request's session and user, the audit log, filters."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import current_app, g, request

from bot import texts
from bot.clock import BANGKOK, utcnow
from bot.register import rules
from bot.storage import staff_repo
from bot.thai import long_date, short_datetime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.services import Services


def services() -> Services:
    return current_app.extensions["helpdesk"]


def db() -> Session:
    """Return this request's database session (committed after a successful response)."""
    return g.db


def audit(action: str, target: str | None = None, **detail: Any) -> None:
    """Record what the logged-in staff member did (a page view that matters, like an export, in its own write)."""
    if request.method == "POST":
        staff_repo.audit(db(), g.user, action, utcnow(), target, detail or None, request.remote_addr)
        return
    with services().sessions() as session, session.begin():
        user = session.get(type(g.user), g.user.id) if g.get("user") else None
        staff_repo.audit(session, user, action, utcnow(), target, detail or None, request.remote_addr)


def staff_name() -> str:
    return g.user.display_name if g.get("user") else "-"


def wake_workers() -> None:
    """Ask the background workers to send what this request queued as soon as it commits."""
    g.wake_workers = True


def when(moment: datetime | None) -> str:
    """Format a stored time for Thai readers, in Bangkok time."""
    return short_datetime(moment.astimezone(BANGKOK)) if moment else "–"


def actor(name: str) -> str:
    """Name who did something in a request's history as staff read it: ผู้แจ้ง, ระบบติดตามผล, a staff member."""
    return texts.ACTORS.get(name) or name.removeprefix("staff:")


TEMPLATE_HELPERS = {
    "actor": actor, "SEND_STATES": texts.SEND_STATES,
    "when": when, "long_date": long_date, "KINDS": rules.KINDS, "STATUSES": rules.STATUSES,
    "URGENCIES": rules.URGENCIES, "CHANNELS": rules.CHANNELS,
}
