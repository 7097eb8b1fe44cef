"""Personal data by LINE user: export everything held (PDPA access), anonymise it (erasure), purge old bodies."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.storage.models import (
    Attachment,
    Chat,
    InboxEvent,
    OutboxMessage,
    Requester,
    RoundCompletion,
    SchoolGroup,
    Ticket,
    TicketEntry,
)

ERASED = "(ลบตามคำขอตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล)"


def _plain(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for column in row.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def export(session: Session, line_user_id: str) -> dict[str, Any]:
    """Return everything the helpdesk holds about a LINE user, as plain JSON-ready data."""
    requester = session.scalar(select(Requester).where(Requester.line_user_id == line_user_id))
    tickets = session.scalars(select(Ticket).where(Ticket.requester_id == requester.id)).all() if requester else []
    ticket_ids = [t.id for t in tickets]
    entries = session.scalars(select(TicketEntry).where(TicketEntry.ticket_id.in_(ticket_ids))).all()
    attachments = session.scalars(select(Attachment).where(
        (Attachment.chat_id == line_user_id) | Attachment.ticket_id.in_(ticket_ids))).all()
    return {
        "line_user_id": line_user_id,
        "profile": _plain(requester) if requester else None,
        "requests": [_plain(t) for t in tickets],
        "request_history": [_plain(e) for e in entries],
        "attachments": [_plain(a, ("data",)) | {"data_base64": base64.b64encode(a.data).decode()}
                        for a in attachments],
        "messages_received": [_plain(e) for e in session.scalars(
            select(InboxEvent).where(InboxEvent.user_id == line_user_id).order_by(InboxEvent.event_ts))],
        "messages_sent": [_plain(m) for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.chat_id == line_user_id).order_by(OutboxMessage.id))],
        "conversation_state": session.scalar(select(Chat.conversation).where(Chat.chat_id == line_user_id)),
    }


def pseudonym(line_user_id: str) -> str:
    """A stand-in id that keeps one person's rows together for statistics without saying who they are."""
    return "erased-" + hashlib.sha256(line_user_id.encode()).hexdigest()[:16]


def erase(session: Session, line_user_id: str) -> dict[str, int]:
    """Anonymise a LINE user's personal data; keep the register's statistics (kinds, times, ratings)."""
    alias = pseudonym(line_user_id)
    counts: dict[str, int] = {}
    requester = session.scalar(select(Requester).where(Requester.line_user_id == line_user_id))
    if requester is not None:
        requester.line_user_id, requester.name, requester.display_name = alias, None, None
        requester.position = requester.phone = None
        tickets = session.scalars(select(Ticket).where(Ticket.requester_id == requester.id)).all()
        for ticket in tickets:
            ticket.subject, ticket.details, ticket.answer, ticket.comment = ERASED, None, None, None
            ticket.asset_number = ticket.location = None
        ids = [t.id for t in tickets]
        counts["requests"] = len(ids)
        session.execute(update(TicketEntry).where(TicketEntry.ticket_id.in_(ids), TicketEntry.text.is_not(None))
                        .values(text=ERASED))
        counts["attachments"] = session.execute(delete(Attachment).where(Attachment.ticket_id.in_(ids))).rowcount
    counts["attachments"] = counts.get("attachments", 0) + session.execute(
        delete(Attachment).where(Attachment.chat_id == line_user_id)).rowcount
    counts["messages_received"] = session.execute(
        update(InboxEvent).where(InboxEvent.user_id == line_user_id)
        .values(payload={"erased": True}, user_id=alias)).rowcount
    session.execute(update(InboxEvent).where(InboxEvent.chat_id == line_user_id).values(chat_id=alias))
    counts["messages_sent"] = session.execute(
        update(OutboxMessage).where(OutboxMessage.chat_id == line_user_id)
        .values(messages=[], chat_id=alias, reply_token=None)).rowcount
    session.execute(update(Chat).where(Chat.chat_id == line_user_id).values(chat_id=alias, conversation=None))
    session.execute(update(RoundCompletion).where(RoundCompletion.done_by == line_user_id).values(done_by=None))
    session.execute(update(SchoolGroup).where(SchoolGroup.linked_by == line_user_id).values(linked_by=None))
    return counts


def purge(session: Session, before: datetime) -> dict[str, int]:
    """Delete pictures and message bodies older than `before` (the register's records stay)."""
    return {
        "attachments": session.execute(delete(Attachment).where(Attachment.received_at < before)).rowcount,
        "messages_received": session.execute(
            update(InboxEvent).where(InboxEvent.received_at < before,
                                     InboxEvent.status.in_(("done", "skipped", "dead")))
            .values(payload={"purged": True})).rowcount,
        "messages_sent": session.execute(
            update(OutboxMessage).where(OutboxMessage.created_at < before,
                                        OutboxMessage.status.in_(("sent", "failed", "expired")))
            .values(messages=[])).rowcount,
    }
