"""What bound staff do from LINE — claim, answer, change a status, see what waits — as the admin page does it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.clock import BANGKOK
from bot.line import staff_cards
from bot.office import Office
from bot.register import rules
from bot.register.targets import Target, target
from bot.storage import desk_repo, register_repo, settings_repo, staff_repo
from bot.storage.models import Requester, School, Ticket
from bot.storage.models_admin import StaffUser
from bot.texts import staff as st
from bot.thai import age_text, short_datetime
from bot.usecases import desk

# the requests that wait on staff: answered and resolved ones wait on the teacher or the follow-up
WAITING = (rules.Status.RECEIVED, rules.Status.IN_PROGRESS, rules.Status.REOPENED)
THREAD_LINES = 3  # the latest messages a detail card shows


@dataclass(frozen=True)
class Item:
    """A request waiting on staff, with who asked, from which school, its target and who has it."""

    ticket: Ticket
    requester: Requester
    school: School | None
    target: Target
    assignee: str | None  # the staff member's name


@dataclass(frozen=True)
class Claim:
    """How a tap on "รับเรื่อง" ended: claimed, yours (already), taken (by `holder`) or closed."""

    result: str
    holder: str | None = None


def item(session: Session, ticket: Ticket, office: Office, now: datetime) -> Item:
    """Return one request as the staff cards show it."""
    requester = session.get(Requester, ticket.requester_id)
    assert requester is not None, "every request has its requester"
    school = session.get(School, ticket.school_code) if ticket.school_code else None
    assignee = staff_repo.display_names(session).get(ticket.assigned_to or "", ticket.assigned_to)
    return Item(ticket, requester, school, target(ticket.received_at, ticket.first_response_at, now,
                                                  office.closed_days()), assignee)


def waiting(session: Session, office: Office, now: datetime, username: str | None = None,
            unassigned: bool = False) -> list[Item]:
    """Return the requests waiting on staff (or on one of them): late ones first, then the longest waiting."""
    closed, known = office.closed_days(), staff_repo.display_names(session)
    found = [Item(t, r, s, target(t.received_at, t.first_response_at, now, closed),
                  known.get(t.assigned_to or "", t.assigned_to))
             for t, r, s in desk_repo.to_do(session, WAITING, assigned_to=username, unassigned=unassigned)]
    return sorted(found, key=lambda i: (not i.target.late, i.ticket.received_at, i.ticket.id))


def view(session: Session, item: Item, full: bool = False) -> staff_cards.StaffView:
    """Return a request as the staff cards show it (`full`: with details, thread and status buttons)."""
    t, r = item.ticket, item.requester
    who = " · ".join(filter(None, [r.name or r.display_name, r.position, r.phone])) or "-"
    if item.target.late:
        due = st.LATE
    elif t.first_response_at is None:
        due = st.answer_by(short_datetime(item.target.answer_by.astimezone(BANGKOK)))
    else:
        due = rules.STATUSES[t.status]
    extra: dict = {}
    if full:
        entries = [e for e in register_repo.entries(session, t) if e.kind in ("message_in", "message_out") and e.text]
        thread = tuple(f"{st.TEACHER if e.kind == 'message_in' else e.actor.removeprefix('staff:')}: {e.text}"
                       for e in entries[-THREAD_LINES:])
        extra = {"details": t.details, "equipment": t.equipment, "asset": t.asset_number, "location": t.location,
                 "thread": thread, "statuses": next_statuses(t)}
    kind = f"{rules.KINDS[t.kind]} · {settings_repo.category_label(session, t.category)}"
    return staff_cards.StaffView(
        t.id, t.number, kind, t.subject, item.school.name if item.school else r.school_name or "-",
        who, rules.URGENCIES[t.urgency], t.urgency != "normal", rules.STATUSES[t.status], item.assignee,
        age_text(item.target.age), due, item.target.late, **extra)


def next_statuses(ticket: Ticket) -> tuple[tuple[str, str], ...]:
    """Return the status buttons the register allows from here: in progress, done, closed."""
    allowed = rules.TRANSITIONS[ticket.status]
    done = rules.Status.RESOLVED if ticket.kind == "repair" else rules.Status.ANSWERED
    label = st.SET_DONE["repair" if ticket.kind == "repair" else "other"]
    return tuple((name, key) for name, key, status in ((st.SET_IN_PROGRESS, "in_progress", rules.Status.IN_PROGRESS),
                                                       (label, "done", done),
                                                       (st.SET_CLOSED, "closed", rules.Status.CLOSED))
                 if status in allowed)


def claim(session: Session, ticket: Ticket, user: StaffUser, now: datetime) -> Claim:
    """Give a request to `user` unless someone has it; of two taps at once, one gets it and the other hears who."""
    if ticket.status not in rules.OPEN_STATUSES:
        return Claim("closed")
    if desk.take_if_nobodys(session, ticket, user.username, user.display_name, now):
        staff_repo.audit(session, user, "ticket.assign", now, ticket.number, {"to": user.username, "via": "line"})
        return Claim("claimed")
    session.refresh(ticket)  # whoever was quicker has committed by now
    if ticket.assigned_to == user.username:
        return Claim("yours")
    return Claim("taken", staff_repo.display_names(session).get(ticket.assigned_to or "", ticket.assigned_to))


def claim_next(session: Session, office: Office, user: StaffUser, now: datetime) -> Ticket | None:
    """Claim the request that has waited longest among nobody's (late ones first); None if there is none."""
    for candidate in waiting(session, office, now, unassigned=True):
        if claim(session, candidate.ticket, user, now).result == "claimed":
            return candidate.ticket
    return None


def answer(session: Session, ticket: Ticket, body: str, user: StaffUser, now: datetime, installed: Office,
           final: bool = True) -> bool:
    """Answer the requester as `user` (into LINE when they came by LINE); return whether it goes to LINE."""
    desk.take_if_nobodys(session, ticket, user.username, user.display_name, now)  # whoever answers has it
    queued = desk.reply(session, ticket, body[:4500], user.display_name, now, installed, final=final)
    staff_repo.audit(session, user, "ticket.reply", now, ticket.number,
                     {"chars": len(body), "via_line": bool(queued), "final": final, "via": "line"})
    return bool(queued)


def set_status(session: Session, ticket: Ticket, status: str, user: StaffUser, now: datetime,
               installed: Office) -> None:
    """Change a request's status as `user` (the register's rules apply; TransitionError if they refuse)."""
    if status == "done":  # "เสร็จ": a repair is resolved, anything else answered
        status = rules.Status.RESOLVED if ticket.kind == "repair" else rules.Status.ANSWERED
    desk.set_status(session, ticket, status, user.display_name, now, installed)
    staff_repo.audit(session, user, "ticket.status", now, ticket.number, {"status": status, "via": "line"})


@dataclass(frozen=True)
class Day:
    """The day's figures for staff: received, answered, closed; what waits, how much is late, how much is yours."""

    day: datetime
    new: int
    answered: int
    closed: int
    waiting: int
    late: int
    mine: int


def today(session: Session, office: Office, user: StaffUser, now: datetime) -> Day:
    """Count today's work (Bangkok time) and what still waits."""
    start = datetime.combine(now.astimezone(BANGKOK).date(), time(0), BANGKOK)
    counts = desk_repo.day_counts(session, start, start + timedelta(days=1))
    open_ = waiting(session, office, now)
    return Day(start, counts["new"], counts["answered"], counts["closed"], len(open_),
               sum(i.target.late for i in open_), sum(i.ticket.assigned_to == user.username for i in open_))
