"""Repository functions for the FAQ learning loop."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.clock import BANGKOK
from bot.storage.db import upsert_insert
from bot.storage.models import FaqEntry, FaqHit, FaqMiss, Setting


def record_hit(session: Session, entry_id: str, now: datetime) -> None:
    """Count an answer the bot gave from an entry, per month."""
    month = now.astimezone(BANGKOK).strftime("%Y-%m")
    session.execute(upsert_insert(session, FaqHit).on_conflict_do_nothing(),
                    {"month": month, "entry_id": entry_id, "count": 0})
    session.execute(update(FaqHit).where(FaqHit.month == month, FaqHit.entry_id == entry_id)
                    .values(count=FaqHit.count + 1))


def hits(session: Session, months: Sequence[str]) -> dict[str, int]:
    """Return answers given per entry over these months (YYYY-MM)."""
    query = select(FaqHit.entry_id, FaqHit.count).where(FaqHit.month.in_(list(months)))
    totals: dict[str, int] = {}
    for entry_id, count in session.execute(query):
        totals[entry_id] = totals.get(entry_id, 0) + count
    return totals


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


VERSION_KEY = "faq_version"


def edited_entries(session: Session) -> list[dict]:
    """Return the entries staff edited or added, in their JSON form."""
    return [row.data for row in session.scalars(select(FaqEntry).order_by(FaqEntry.id))]


def save_entries(session: Session, entries: list[dict], now: datetime) -> None:
    """Store edited entries and bump the version, so every process rebuilds its index."""
    for data in entries:
        row = session.get(FaqEntry, data["id"]) or FaqEntry(id=data["id"])
        row.data, row.updated_at = data, now
        session.add(row)
    version = session.get(Setting, VERSION_KEY) or Setting(key=VERSION_KEY, value={"n": 0})
    version.value = {"n": int(version.value.get("n", 0)) + 1}
    session.add(version)


def version(session: Session) -> int:
    """Return the knowledge base's edit counter (0 when staff never edited it)."""
    row = session.get(Setting, VERSION_KEY)
    return int(row.value.get("n", 0)) if row else 0
