"""Tell ICT staff something: a notice on the admin page (once per key) and a message in their LINE group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.line.messages import text
from bot.office import Office
from bot.storage import notices_repo, outbox_repo, settings_repo
from bot.storage.models import OutboxMessage


def tell_staff(session: Session, installed: Office, note: str, now: datetime, *, key: str | None = None,
               kind: str = "info", quick: Sequence[dict[str, Any]] = (), card: dict[str, Any] | None = None,
               ticket_id: int | None = None) -> list[OutboxMessage] | None:
    """Leave a notice (once per `key`) and queue it to the staff group; None if that key was told before.

    `installed` is the office as installed; the staff group staff set on the admin page wins. The group gets the
    `card` if there is one (about request `ticket_id`: quoting it acts on that request), else the note as text.
    Returns the queued outbox rows (none without a staff group, or while LINE's monthly quota is used up).
    """
    if key is not None and not notices_repo.notify(session, key, kind, note, now):
        return None
    group = settings_repo.office(session, installed).staff_group_id
    blocked = settings_repo.quota_block(session)
    if not group or (blocked is not None and blocked > now):
        return []
    return outbox_repo.enqueue(session, group, [card or text(note, quick=quick)], now, ticket_id=ticket_id)
