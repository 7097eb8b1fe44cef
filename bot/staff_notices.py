"""Tell ICT staff something: a notice on the admin page (once per key) and a message in their LINE group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.line.messages import text
from bot.storage import outbox_repo, reminders_repo, settings_repo
from bot.storage.models import OutboxMessage


def tell_staff(session: Session, staff_group_id: str, note: str, now: datetime, *, key: str | None = None,
               kind: str = "info", quick: Sequence[dict[str, Any]] = ()) -> list[OutboxMessage] | None:
    """Leave a notice (once per `key`) and queue it to the staff group; None if that key was told before.

    Returns the queued outbox rows (none without a staff group, or while LINE's monthly quota is used up).
    """
    if key is not None and not reminders_repo.notify(session, key, kind, note, now):
        return None
    blocked = settings_repo.quota_block(session)
    if not staff_group_id or (blocked is not None and blocked > now):
        return []
    return outbox_repo.enqueue(session, staff_group_id, [text(note, quick=quick)], now)
