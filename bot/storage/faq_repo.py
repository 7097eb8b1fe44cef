"""Repository functions for the FAQ learning loop."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.storage.db import upsert_insert
from bot.storage.models import FaqMiss


def record_miss(session: Session, kind: str, question: str, normalized: str, now: datetime,
                entry_id: str | None = None) -> None:
    """Count a missed question (the same normalised text counts up instead of repeating)."""
    key = normalized[:500] or question[:500]
    session.execute(upsert_insert(session, FaqMiss).on_conflict_do_nothing(),
                    {"kind": kind, "question": question[:500], "normalized": key, "entry_id": entry_id,
                     "count": 0, "first_at": now, "last_at": now})
    session.execute(update(FaqMiss).where(FaqMiss.kind == kind, FaqMiss.normalized == key)
                    .values(count=FaqMiss.count + 1, last_at=now, question=question[:500]))


def misses(session: Session, limit: int = 50) -> Sequence[FaqMiss]:
    """Return missed questions, most frequent first."""
    return session.scalars(select(FaqMiss).order_by(FaqMiss.count.desc(), FaqMiss.last_at.desc()).limit(limit)).all()
