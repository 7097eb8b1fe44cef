"""Repository functions for the register: numbers, records, their history, requesters and schools."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.register import rules
from bot.register.schools import SchoolRef
from bot.storage.db import upsert_insert
from bot.storage.models import Attachment, NumberSequence, Requester, School, Ticket, TicketEntry


def next_sequence(session: Session, key: str) -> int:
    """Take the next number of a sequence; the row lock makes it gapless and unique until commit."""
    session.execute(upsert_insert(session, NumberSequence).on_conflict_do_nothing(), {"key": key, "value": 0})
    return session.scalar(
        update(NumberSequence).where(NumberSequence.key == key).values(value=NumberSequence.value + 1)
        .returning(NumberSequence.value)
    )


def create_ticket(session: Session, requester: Requester, fields: dict[str, Any], prefix: str, now: datetime,
                  channel: str = "line", actor: str = "requester") -> Ticket:
    """Register a request under the next number of the fiscal year it arrived in."""
    year = rules.fiscal_year_be(now)
    sequence = next_sequence(session, rules.counter_key(prefix, year))
    ticket = Ticket(
        number=rules.format_number(prefix, year, sequence), fiscal_year=year, received_at=now, channel=channel,
        requester_id=requester.id, school_code=requester.school_code, status="received", updated_at=now,
        urgency=fields.get("urgency") or "normal", kind=fields["kind"], category=fields.get("category") or "other",
        subject=fields["subject"][:300], details=fields.get("details"), equipment=fields.get("equipment"),
        asset_number=fields.get("asset_number"), location=fields.get("location"),
    )
    session.add(ticket)
    session.flush()
    session.add(TicketEntry(ticket_id=ticket.id, at=now, actor=actor, kind="created", new_status="received"))
    return ticket


def add_entry(session: Session, ticket: Ticket, kind: str, actor: str, now: datetime, text: str | None = None,
              quote_token: str | None = None) -> None:
    """Add a message or note to a record's thread (a LINE message with its quote token)."""
    session.add(TicketEntry(ticket_id=ticket.id, at=now, actor=actor, kind=kind, text=text,
                            quote_token=quote_token or None))
    ticket.updated_at = now


def quote_of_last_message(session: Session, ticket: Ticket) -> str | None:
    """Return the quote token of the teacher's latest message in the thread (None if it had none)."""
    return session.scalar(select(TicketEntry.quote_token).where(TicketEntry.ticket_id == ticket.id,
                                                               TicketEntry.kind == "message_in")
                          .order_by(TicketEntry.at.desc(), TicketEntry.id.desc()).limit(1))


def set_status(session: Session, ticket: Ticket, new: str, actor: str, now: datetime) -> None:
    """Change a record's status if the register allows it, keeping the history and the times."""
    rules.check_transition(ticket.status, new)
    session.add(TicketEntry(ticket_id=ticket.id, at=now, actor=actor, kind="status",
                            old_status=ticket.status, new_status=new))
    ticket.status = new
    ticket.updated_at = now
    if new in ("answered", "resolved") and ticket.first_response_at is None:
        ticket.first_response_at = now
    if new == "resolved":
        ticket.resolved_at = now
    if new in ("closed", "cancelled"):
        ticket.closed_at = now
    if new == "reopened":
        ticket.closed_at = ticket.resolved_at = None


def add_status_entry(session: Session, ticket: Ticket, old: str, new: str, actor: str, now: datetime,
                     text: str | None = None) -> None:
    """Record a status change made outside the register's rules (a staff member's undo), in the history."""
    session.add(TicketEntry(ticket_id=ticket.id, at=now, actor=actor, kind="status", old_status=old, new_status=new,
                            text=text))
    ticket.updated_at = now


def by_number(session: Session, number: str) -> Ticket | None:
    """Find a record by its number (case and spaces ignored)."""
    return session.scalar(select(Ticket).where(Ticket.number == number.strip().upper()))


def tickets(session: Session, status: str | None = None, requester_id: int | None = None,
            open_only: bool = False) -> Sequence[Ticket]:
    """List records, newest first."""
    query = select(Ticket).order_by(Ticket.received_at.desc(), Ticket.id.desc())
    if status:
        query = query.where(Ticket.status == status)
    if requester_id is not None:
        query = query.where(Ticket.requester_id == requester_id)
    if open_only:
        query = query.where(Ticket.status.in_(rules.OPEN_STATUSES))
    return session.scalars(query).all()


def entries(session: Session, ticket: Ticket) -> Sequence[TicketEntry]:
    """Return a record's history and thread, oldest first."""
    return session.scalars(select(TicketEntry).where(TicketEntry.ticket_id == ticket.id)
                           .order_by(TicketEntry.at, TicketEntry.id)).all()


def requester_of_line(session: Session, line_user_id: str) -> Requester | None:
    """Return the requester behind a LINE user, if they have one (none is created)."""
    return session.scalar(select(Requester).where(Requester.line_user_id == line_user_id))


def requester_for_line(session: Session, line_user_id: str, now: datetime) -> Requester:
    """Return the requester behind a LINE user, creating an empty profile on first contact."""
    session.execute(upsert_insert(session, Requester).on_conflict_do_nothing(),
                    {"line_user_id": line_user_id, "created_at": now, "updated_at": now})
    requester = session.scalar(select(Requester).where(Requester.line_user_id == line_user_id))
    assert requester is not None
    return requester


def keep_attachment(session: Session, chat_id: str, message_id: str, content_type: str, data: bytes,
                    now: datetime, ticket_id: int | None = None) -> int:
    """Store a picture or file sent in chat; return its id."""
    attachment = Attachment(chat_id=chat_id, line_message_id=message_id, content_type=content_type, data=data,
                            received_at=now, ticket_id=ticket_id)
    session.add(attachment)
    session.flush()
    return attachment.id


def link_attachments(session: Session, ids: Iterable[int], ticket: Ticket) -> None:
    """Attach pictures sent during the conversation to the record it created."""
    ids = list(ids)
    if ids:
        session.execute(update(Attachment).where(Attachment.id.in_(ids)).values(ticket_id=ticket.id))


def attachments_count(session: Session, ticket: Ticket) -> int:
    """Count a record's attachments."""
    return len(session.scalars(select(Attachment.id).where(Attachment.ticket_id == ticket.id)).all())


def import_schools(session: Session, rows: Iterable[dict[str, str]]) -> int:
    """Insert or update schools from rows with school_code, name and district; return how many."""
    count = 0
    for row in rows:
        code, name = (row.get("school_code") or "").strip(), (row.get("name") or "").strip()
        if not code or not name:
            raise ValueError(f"row {count + 2}: school_code and name are required")
        school = session.get(School, code) or School(code=code)
        school.name, school.district = name, (row.get("district") or "").strip()
        session.add(school)
        count += 1
    return count


def has_schools(session: Session) -> bool:
    """Say whether the office has imported its school list."""
    return session.scalar(select(School.code).limit(1)) is not None


def school_refs(session: Session) -> list[SchoolRef]:
    """Return every school as the matcher's plain records."""
    return [SchoolRef(s.code, s.name, s.district) for s in session.scalars(select(School).order_by(School.code))]


def line_user_of(session: Session, ticket: Ticket) -> str | None:
    """Return the LINE user id of a record's requester, if they came through LINE."""
    return session.scalar(select(Requester.line_user_id).where(Requester.id == ticket.requester_id))


def status_news(session: Session, line_user_id: str, since: datetime, statuses: Iterable[str]) -> list[Ticket]:
    """Return the LINE user's records that staff moved to one of `statuses` after `since` and are still there."""
    wanted = tuple(statuses)
    changed = (select(TicketEntry.ticket_id).where(TicketEntry.kind == "status", TicketEntry.at > since,
                                                   TicketEntry.new_status.in_(wanted),
                                                   TicketEntry.actor.like("staff:%")))
    return list(session.scalars(select(Ticket).join(Requester, Requester.id == Ticket.requester_id).where(
        Requester.line_user_id == line_user_id, Ticket.id.in_(changed), Ticket.status.in_(wanted))
        .order_by(Ticket.id)))
