"""Repository functions for notices to staff: each said once per key, listed on the admin page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.db import upsert_insert
from bot.storage.models import StaffNotice


def notify(session: Session, key: str, kind: str, text: str, now: datetime) -> bool:
    """Leave a notice for staff once per key; False if it was already there."""
    insert = upsert_insert(session, StaffNotice.__table__).on_conflict_do_nothing().returning(StaffNotice.id)
    return session.scalar(insert, {"key": key, "kind": kind, "text": text, "created_at": now}) is not None


def has_notice(session: Session, key: str) -> bool:
    """Say whether a notice with this key was left already."""
    return session.scalar(select(StaffNotice.id).where(StaffNotice.key == key)) is not None


def notices(session: Session, limit: int = 50) -> Sequence[StaffNotice]:
    """Return the newest notices for staff."""
    return session.scalars(select(StaffNotice).order_by(StaffNotice.id.desc()).limit(limit)).all()
