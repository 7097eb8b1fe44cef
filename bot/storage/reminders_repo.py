"""Repository functions for reminder sends and round completions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.storage.db import upsert_insert
from bot.storage.models import ReminderSend, RoundCompletion


def recorded(session: Session, round_ids: Iterable[int]) -> set[tuple[int, str, str]]:
    """Return (round id, offset, group id) of every reminder already sent or skipped for these rounds."""
    ids = list(round_ids)
    if not ids:
        return set()
    query = select(ReminderSend.round_id, ReminderSend.offset, ReminderSend.group_id).where(
        ReminderSend.round_id.in_(ids))
    return {tuple(row) for row in session.execute(query)}


def record(session: Session, round_id: int, offset: str, group_id: str, due_at: datetime, status: str,
           now: datetime, members: int | None = None) -> int | None:
    """Claim a (round, reminder, group) key; return the new row's id, or None if someone else claimed it."""
    insert = upsert_insert(session, ReminderSend.__table__).on_conflict_do_nothing().returning(ReminderSend.id)
    return session.scalar(insert, {"round_id": round_id, "offset": offset, "group_id": group_id,
                                   "due_at": due_at, "status": status, "members": members, "created_at": now})


def record_many(session: Session, rows: Sequence[dict]) -> dict[tuple[int, str, str], int]:
    """Claim many (round id, offset, group id) keys at once; return the new rows' ids by the keys this call got."""
    if not rows:
        return {}
    table = ReminderSend.__table__
    statement = upsert_insert(session, table).on_conflict_do_nothing().returning(
        table.c.id, table.c.round_id, table.c.offset, table.c.group_id)
    return {(round_id, offset, group_id): send_id
            for send_id, round_id, offset, group_id in session.execute(statement, list(rows))}


def send_counts(session: Session, round_id: int) -> dict[str, int]:
    query = select(ReminderSend.status, func.count()).where(ReminderSend.round_id == round_id).group_by(
        ReminderSend.status)
    return {status: count for status, count in session.execute(query)}


def completions(session: Session, round_ids: Iterable[int]) -> set[tuple[int, str]]:
    """Return (round id, school code) for every school that finished one of these rounds."""
    ids = list(round_ids)
    if not ids:
        return set()
    query = select(RoundCompletion.round_id, RoundCompletion.school_code).where(RoundCompletion.round_id.in_(ids))
    return {tuple(row) for row in session.execute(query)}


def mark_done(session: Session, round_id: int, school_code: str, by: str | None, group_id: str | None,
              now: datetime) -> bool:
    """Record that a school finished a round; False if it was already recorded."""
    # RETURNING says whether the row went in; rowcount after ON CONFLICT DO NOTHING is not reliable everywhere
    insert = upsert_insert(session, RoundCompletion.__table__).on_conflict_do_nothing().returning(
        RoundCompletion.round_id)
    return session.scalar(insert, {"round_id": round_id, "school_code": school_code, "done_at": now,
                                   "done_by": by, "group_id": group_id}) is not None


def unmark_done(session: Session, round_id: int, school_code: str) -> bool:
    """Take back a completion (entered by mistake)."""
    row = session.get(RoundCompletion, (round_id, school_code))
    if row is None:
        return False
    session.delete(row)
    return True
