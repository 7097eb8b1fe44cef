"""Queries behind the staff desk (the admin page and the staff group): the lists, their filters and counters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, or_, select, update
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


def to_do(session: Session, statuses: Sequence[str], assigned_to: str | None = None, unassigned: bool = False,
          limit: int = 500) -> Sequence[tuple[Ticket, Requester, School | None]]:
    """Return the records in `statuses` (of one staff member, or nobody's), oldest first."""
    query = (select(Ticket, Requester, School).join(Requester, Requester.id == Ticket.requester_id)
             .outerjoin(School, School.code == Ticket.school_code).where(Ticket.status.in_(statuses)))
    if assigned_to is not None:
        query = query.where(Ticket.assigned_to == assigned_to)
    if unassigned:
        query = query.where(Ticket.assigned_to.is_(None))
    return [(t, r, s) for t, r, s in session.execute(query.order_by(Ticket.received_at, Ticket.id).limit(limit))]


def claim(session: Session, ticket_id: int, username: str, now: datetime) -> bool:
    """Assign a record to `username` only if nobody has it: of two taps at once, exactly one wins."""
    result = session.execute(update(Ticket).where(Ticket.id == ticket_id, Ticket.assigned_to.is_(None))
                             .values(assigned_to=username, updated_at=now))
    return result.rowcount == 1


def day_counts(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    """Count the records received, first answered and closed between `start` and `end`."""
    def count(column: Any) -> int:
        return session.scalar(select(func.count()).where(column >= start, column < end)) or 0

    return {"new": count(Ticket.received_at), "answered": count(Ticket.first_response_at),
            "closed": count(Ticket.closed_at)}
