"""Queries behind the statistics report: the register in order, streamed, and the FAQ's figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clock import BANGKOK
from bot.stats.report import Record
from bot.storage import faq_repo
from bot.storage.models import FaqMiss, Requester, School, Ticket
from bot.storage.models_admin import StaffUser

BATCH = 2000  # rows fetched at a time: 100,000 requests never sit in memory at once


def register_rows(session: Session, start: datetime, end: datetime) -> Iterator[Record]:
    """Yield the requests received in [start, end) in the register's order (by number within the year)."""
    t, r, s, u = Ticket, Requester, School, StaffUser
    query = (
        select(t.number, t.received_at, t.channel, t.kind, t.category, t.urgency, t.status, t.subject, t.details,
               func.coalesce(r.name, r.display_name), r.position, r.phone, t.school_code,
               func.coalesce(s.name, r.school_name), s.district,
               func.coalesce(u.display_name, t.assigned_to),  # a record keeps the username; people read names
               t.first_response_at, t.resolved_at, t.closed_at, t.followup_result, t.understanding, t.satisfaction,
               t.comment, t.equipment, t.asset_number, t.location)
        .join(r, r.id == t.requester_id).outerjoin(s, s.code == t.school_code)
        .outerjoin(u, u.username == t.assigned_to)
        .where(t.received_at >= start, t.received_at < end)
        .order_by(t.received_at, t.id)
        .execution_options(yield_per=BATCH)
    )
    for row in session.execute(query):
        yield Record(*row)


def received_per_day(session: Session, start: datetime, end: datetime) -> Counter[date]:
    """Count the requests received in [start, end) by their day in Bangkok."""
    query = select(Ticket.received_at).where(Ticket.received_at >= start, Ticket.received_at < end)
    return Counter(moment.astimezone(BANGKOK).date() for moment in session.scalars(query))


def count(session: Session, start: datetime, end: datetime) -> int:
    """Count the requests in a period (to show progress while exporting)."""
    return session.scalar(select(func.count()).select_from(Ticket)
                          .where(Ticket.received_at >= start, Ticket.received_at < end)) or 0


def faq_answers(session: Session, months: Sequence[str]) -> dict[str, int]:
    """Return how often the bot answered with each entry in these months."""
    return faq_repo.hits(session, months)


def top_unanswered(session: Session, start: datetime, end: datetime, limit: int = 10) -> list[tuple[str, int]]:
    """Return the questions most often left unanswered (or answered unhelpfully) lately in the period."""
    query = (select(FaqMiss.question, FaqMiss.count).where(FaqMiss.last_at >= start, FaqMiss.first_at < end)
             .order_by(FaqMiss.count.desc(), FaqMiss.last_at.desc()).limit(limit))
    return [(question, n) for question, n in session.execute(query)]
