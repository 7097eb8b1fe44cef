"""Queries behind the admin page: the inbox with its filters and counters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from bot.register import rules
from bot.storage.models import Requester, School, Ticket

URGENCY_RANK = case({"critical": 0, "urgent": 1}, value=Ticket.urgency, else_=2)


@dataclass(frozen=True)
class Filters:
    """What staff narrowed the inbox to; empty fields do not filter."""

    status: str = "open"  # a status key, "open" (every open status) or "" (all)
    kind: str = ""
    category: str = ""
    school: str = ""
    staff: str = ""
    since: datetime | None = None
    until: datetime | None = None
    q: str = ""


def _where(query: Select[Any], f: Filters) -> Select[Any]:
    if f.status == "open":
        query = query.where(Ticket.status.in_(rules.OPEN_STATUSES))
    elif f.status:
        query = query.where(Ticket.status == f.status)
    for column, value in ((Ticket.kind, f.kind), (Ticket.category, f.category), (Ticket.school_code, f.school),
                          (Ticket.assigned_to, f.staff)):
        if value:
            query = query.where(column == value)
    if f.since:
        query = query.where(Ticket.received_at >= f.since)
    if f.until:
        query = query.where(Ticket.received_at < f.until)
    if f.q.strip():
        like = f"%{f.q.strip()}%"
        query = query.where(or_(Ticket.number.ilike(like), Ticket.subject.ilike(like), Ticket.details.ilike(like),
                                Requester.name.ilike(like), Requester.display_name.ilike(like),
                                School.name.ilike(like), Requester.school_name.ilike(like)))
    return query


def search(session: Session, f: Filters, limit: int = 200) -> Sequence[tuple[Ticket, Requester, School | None]]:
    """Return matching records, most urgent first, then oldest first (they have waited longest)."""
    query = (select(Ticket, Requester, School).join(Requester, Requester.id == Ticket.requester_id)
             .outerjoin(School, School.code == Ticket.school_code))
    query = _where(query, f).order_by(URGENCY_RANK, Ticket.received_at, Ticket.id).limit(limit)
    return [(t, r, s) for t, r, s in session.execute(query)]


def counters(session: Session) -> dict[str, int]:
    """Count records by status, plus "open" for every open one."""
    counts = {status: n for status, n in session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))}
    counts["open"] = sum(n for status, n in counts.items() if status in rules.OPEN_STATUSES)
    return counts


def latest_id(session: Session) -> int:
    """Return the newest record's id (the inbox page polls it to show new requests)."""
    return session.scalar(select(func.max(Ticket.id))) or 0


def staff_names(session: Session) -> list[str]:
    """Return everyone a record was ever assigned to, for the filter."""
    return [n for n in session.scalars(select(Ticket.assigned_to).distinct()) if n]
