"""What staff do to a record — answer into LINE, change its status — shared by the CLI and the admin page."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot import postbacks, texts
from bot.line import cards
from bot.line.messages import quick_postback, text
from bot.office import Office
from bot.register import followup, rules
from bot.storage import desk_repo, outbox_repo, register_repo, settings_repo
from bot.storage.models import TicketEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.storage.models import Ticket

ANSWERABLE = ("received", "in_progress", "reopened")
UNDO_WINDOW = timedelta(minutes=1)
CONFIRM = ("closed", "cancelled")  # changes the staff page asks about once more


class NotFound(LookupError):
    """No record has that number."""


def find(session: Session, number: str) -> Ticket:
    """Return the record with this number or raise NotFound."""
    ticket = register_repo.by_number(session, number)
    if ticket is None:
        raise NotFound(f"no request numbered {number.strip().upper()}")
    return ticket


def reply(session: Session, ticket: Ticket, body: str, staff: str | None, now: datetime, installed: Office,
          final: bool = True) -> list[int]:
    """Record a staff answer and queue it to the teacher's LINE chat.

    A final answer marks the record answered (a repair: resolved), asks "solved or still a problem?" and starts
    the follow-up; an interim one ("ช่างจะเข้าไปพรุ่งนี้") only marks it in progress.
    """
    if not body.strip():
        raise ValueError("the answer is empty")
    register_repo.add_entry(session, ticket, "message_out", f"staff:{staff or '-'}", now, body)
    if final:
        ticket.answer = body
        done = "resolved" if ticket.kind == "repair" else "answered"
        if ticket.status in ANSWERABLE and done in rules.TRANSITIONS[ticket.status]:
            set_status(session, ticket, done, staff, now, installed, tell=False)
    elif ticket.status == "received":
        set_status(session, ticket, "in_progress", staff, now, installed, tell=False)
    if ticket.first_response_at is None:  # a progress note is the manual's "contact back" too
        ticket.first_response_at = now
    # the teacher can say at once whether it helped: then no follow-up push is needed later
    outcomes = _outcomes(ticket) if final else []
    answer = [cards.staff_answer(ticket.number, body, staff, outcomes)]
    quote = register_repo.quote_of_last_message(session, ticket)
    if quote:  # a card cannot quote: a line above it does, in the same push (one message against the quota)
        answer.insert(0, text(texts.STAFF_ANSWER_QUOTE, quote_token=quote))
    return _to_teacher(session, ticket, answer, now, push=True)


def take_if_nobodys(session: Session, ticket: Ticket, username: str, staff: str, now: datetime) -> bool:
    """Give a request nobody has to the staff member answering it (race-safe); True if they took it."""
    if ticket.assigned_to is not None or not desk_repo.claim(session, ticket.id, username, now):
        return False
    register_repo.add_entry(session, ticket, "assign", f"staff:{staff}", now, username)
    return True


def set_status(session: Session, ticket: Ticket, status: str, staff: str | None, now: datetime, installed: Office,
               tell: bool = True) -> None:
    """Change a record's status as staff (the register's rules apply); an answer starts the follow-up clock.

    `installed`: the office as installed, under which the admin page's follow-up days and closures apply.

    The teacher hears of resolution at once (`tell`); of the others in the bot's next reply to them (Context).
    """
    register_repo.set_status(session, ticket, status, f"staff:{staff or '-'}", now)
    if status == "reopened":
        _restart_followup(ticket)
    elif followup.needs_followup(ticket.kind, status) and ticket.followup_state is None:
        office = settings_repo.office(session, installed)
        ticket.followup_due_at = followup.due_at(now, office)
        # a requester who is not on LINE is followed up by telephone: the inbox lists them for staff
        state = rules.FollowUp.SCHEDULED if register_repo.line_user_of(session, ticket) else rules.FollowUp.MANUAL
        ticket.followup_state = rules.next_followup(ticket.followup_state, state)
    if tell and status == "resolved":
        _to_teacher(session, ticket, [text(texts.status_news(ticket.number, ticket.subject, status),
                                           quick=_outcome_buttons(ticket))], now, push=True)


def reopen(session: Session, ticket: Ticket, now: datetime) -> None:
    """Reopen a request because its requester says it is not solved (the follow-up starts again later)."""
    register_repo.set_status(session, ticket, "reopened", "requester", now)
    _restart_followup(ticket)


def _restart_followup(ticket: Ticket) -> None:
    """Forget a reopened request's follow-up: it is scheduled again when the request is answered again."""
    ticket.followup_state = rules.next_followup(ticket.followup_state, None)
    ticket.followup_due_at = ticket.followup_asked_at = None


def _outcomes(ticket: Ticket) -> list[tuple[str, str]]:
    """Return the "solved / still a problem" choices for a request: (label, postback data)."""
    return [(label, postbacks.data(postbacks.FOLLOWUP_RESULT, t=ticket.id, v=value))
            for value, label in ((texts.FOLLOWUP_SOLVED, texts.FOLLOWUP_SOLVED_LABEL),
                                 (texts.FOLLOWUP_PROBLEM, texts.FOLLOWUP_PROBLEM_LABEL))]


def _outcome_buttons(ticket: Ticket) -> list[dict]:
    return [quick_postback(label, data, label) for label, data in _outcomes(ticket)]


def _to_teacher(session: Session, ticket: Ticket, messages: list[dict], now: datetime, push: bool) -> list[int]:
    """Queue a message to the requester's LINE chat: by a reply token not yet used (free), else pushed if `push`."""
    line_user = register_repo.line_user_of(session, ticket)
    if line_user is None:  # registered from a phone call or a letter: staff answer by that channel
        return []
    fresh = outbox_repo.unused_reply_token(session, line_user, now)
    if fresh is None and not push:
        return []
    rows = outbox_repo.enqueue(session, line_user, messages, now, reply_token=fresh[0] if fresh else None,
                               reply_expires_at=fresh[1] if fresh else None)
    return [row.id for row in rows]


def undoable(session: Session, ticket: Ticket, entry_id: int, staff: str | None, now: datetime) -> TicketEntry | None:
    """Return the change a staff member may still undo: theirs, the record's latest, under a minute old."""
    entry = session.get(TicketEntry, entry_id)
    latest = register_repo.entries(session, ticket)[-1:]
    if entry is None or entry.ticket_id != ticket.id or latest != [entry] or entry.kind not in ("status", "assign",
                                                                                                 "note"):
        return None
    if entry.actor != f"staff:{staff or '-'}" or now - entry.at > UNDO_WINDOW:
        return None
    if entry.kind == "status" and (ticket.status != entry.new_status or entry.text == texts.UNDONE
                                   or told_teacher(session, ticket, entry)):
        return None
    return entry


def told_teacher(session: Session, ticket: Ticket, entry: TicketEntry) -> bool:
    """Say whether a status change was pushed to the teacher at once (resolved): that cannot be taken back."""
    return entry.kind == "status" and entry.new_status == "resolved" and \
        register_repo.line_user_of(session, ticket) is not None


def undo(session: Session, ticket: Ticket, entry: TicketEntry, staff: str | None, now: datetime) -> None:
    """Put a record back as it was before `entry` (checked by `undoable`), and say so in its history."""
    actor = f"staff:{staff or '-'}"
    if entry.kind == "note":  # an internal note written a moment ago, seen by nobody outside: withdrawn
        session.delete(entry)
        return
    if entry.kind == "assign":
        before = [e for e in register_repo.entries(session, ticket) if e.kind == "assign" and e.id != entry.id]
        previous = before[-1].text if before and before[-1].text != "-" else None
        ticket.assigned_to = previous
        register_repo.add_entry(session, ticket, "assign", actor, now, previous or "-")
        return
    old = entry.old_status or rules.Status.RECEIVED
    register_repo.add_status_entry(session, ticket, ticket.status, old, actor, now, texts.UNDONE)
    ticket.status = old
    for column in ("first_response_at", "resolved_at", "closed_at"):  # only the times this change set
        if getattr(ticket, column) == entry.at:
            setattr(ticket, column, None)
    if ticket.followup_state in (rules.FollowUp.SCHEDULED, rules.FollowUp.MANUAL) and \
            not followup.needs_followup(ticket.kind, old):
        _restart_followup(ticket)
