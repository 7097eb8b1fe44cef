"""What staff do to a record — answer into LINE, change its status — shared by the CLI and the admin page."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot import texts
from bot.line.messages import quick_postback, text
from bot.register import followup
from bot.storage import outbox_repo, register_repo, settings_repo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.storage.models import Ticket

ANSWERABLE = ("received", "in_progress", "reopened")


class NotFound(LookupError):
    """No record has that number."""


def find(session: Session, number: str) -> Ticket:
    """Return the record with this number or raise NotFound."""
    ticket = register_repo.by_number(session, number)
    if ticket is None:
        raise NotFound(f"no request numbered {number.strip().upper()}")
    return ticket


def reply(session: Session, ticket: Ticket, body: str, staff: str | None, now: datetime) -> list[int]:
    """Record a staff answer, mark the record answered, and queue the answer to the teacher's LINE chat."""
    if not body.strip():
        raise ValueError("the answer is empty")
    register_repo.add_entry(session, ticket, "message_out", f"staff:{staff or '-'}", now, body)
    ticket.answer = body
    if ticket.status in ANSWERABLE:
        set_status(session, ticket, "answered", staff, now)
    line_user = register_repo.line_user_of(session, ticket)
    if line_user is None:  # registered from a phone call or a letter: staff answer by that channel
        return []
    # the teacher can say at once whether it helped: then no follow-up push is needed later
    quick = [quick_postback(label, f"followup.result?t={ticket.id}&v={value}", label)
             for value, label in ((texts.FOLLOWUP_SOLVED, texts.FOLLOWUP_SOLVED_LABEL),
                                  (texts.FOLLOWUP_PROBLEM, texts.FOLLOWUP_PROBLEM_LABEL))]
    # a reply token the bot has not used yet is free of quota; otherwise the answer is pushed
    fresh = outbox_repo.unused_reply_token(session, line_user, now)
    rows = outbox_repo.enqueue(session, line_user, [text(texts.staff_reply(ticket.number, body, staff), quick=quick)],
                               now, reply_token=fresh[0] if fresh else None,
                               reply_expires_at=fresh[1] if fresh else None)
    return [row.id for row in rows]


def set_status(session: Session, ticket: Ticket, status: str, staff: str | None, now: datetime) -> None:
    """Change a record's status as staff (the register's rules apply); an answer starts the follow-up clock."""
    register_repo.set_status(session, ticket, status, f"staff:{staff or '-'}", now)
    if status == "reopened":
        ticket.followup_state = ticket.followup_due_at = ticket.followup_asked_at = None
    elif followup.needs_followup(ticket.kind, status) and ticket.followup_state is None:
        office = settings_repo.office(session, followup.DEFAULTS)
        ticket.followup_due_at = followup.due_at(now, office)
        # a requester who is not on LINE is followed up by telephone: the inbox lists them for staff
        ticket.followup_state = "scheduled" if register_repo.line_user_of(session, ticket) else "manual"
