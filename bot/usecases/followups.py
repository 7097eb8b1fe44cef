"""Send due follow-ups (one push per requester) and close the ones left unanswered, exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot import postbacks, texts
from bot.line import cards
from bot.office import Office
from bot.register import followup, rules
from bot.register.rules import FollowUp, Status
from bot.storage import outbox_repo, register_repo, settings_repo
from bot.storage.db import readers_for
from bot.storage.models import Requester, Ticket
from bot.usecases.send_once import Claimed, Courier, send_once

PER_MESSAGE = 6  # one card each in a carousel (LINE allows 12); a follow-up asks about a few at most


@dataclass(frozen=True)
class DueFollowUp:
    """A follow-up to ask now, or an unanswered one to close."""

    ticket_id: int
    number: str
    subject: str
    line_user: str | None
    action: str  # ask | close


class Followups:
    """Ask about answered requests a few working days later; close them if nobody answers."""

    def __init__(self, sessions: sessionmaker[Session], sender: Courier, office: Office) -> None:
        self.sessions = sessions
        self.readers = readers_for(sessions)
        self.sender = sender
        self.office = office  # as installed: staff changes on the admin page apply over it

    def due(self, at: datetime) -> list[DueFollowUp]:
        """List follow-ups to ask (only within office hours) and requests to close for no response."""
        with self.readers() as session:
            return self._due(session, at)

    def _due(self, session: Session, at: datetime) -> list[DueFollowUp]:
        office = settings_repo.office(session, self.office)
        rows = session.execute(
            select(Ticket.id, Ticket.number, Ticket.subject, Requester.line_user_id, Ticket.followup_state,
                   Ticket.followup_due_at, Ticket.followup_asked_at)
            .join(Requester, Requester.id == Ticket.requester_id)
            .where(Ticket.followup_state.in_((FollowUp.SCHEDULED, FollowUp.ASKED)),
                   Ticket.status.in_((Status.ANSWERED, Status.RESOLVED)))
            .order_by(Ticket.followup_due_at, Ticket.id)
        ).all()
        out = []
        open_hours = followup.in_office_hours(at, office)
        for ticket_id, number, subject, user, state, due_at, asked_at in rows:
            if state == FollowUp.ASKED and asked_at is not None and at >= followup.gives_up_at(asked_at, office):
                out.append(DueFollowUp(ticket_id, number, subject, user, "close"))
            elif state == FollowUp.SCHEDULED and due_at is not None and due_at <= at and open_hours:
                out.append(DueFollowUp(ticket_id, number, subject, user, "ask"))
        return out

    def send_due(self, at: datetime) -> dict[str, int]:
        """Claim each due follow-up (so no other scheduler sends it), push one message per requester."""
        return send_once(self.sessions, lambda session: self._claim_due(session, at), self.sender)

    def _claim_due(self, session: Session, at: datetime) -> Claimed:
        """Close the unanswered, claim the ones to ask, and queue one question per requester."""
        claimed = Claimed()
        by_user: dict[str, list[DueFollowUp]] = {}
        for item in self._due(session, at):
            if item.action == "close":
                claimed.counts["closed"] += self._close(session, item, at)
            elif item.line_user:
                by_user.setdefault(item.line_user, []).append(item)
        for user, items in by_user.items():
            mine = self._claim(session, [i.ticket_id for i in items[:PER_MESSAGE]], at)
            if not mine:
                continue  # another scheduler asked already
            asked = [i for i in items if i.ticket_id in mine]
            outcomes = ((texts.FOLLOWUP_SOLVED, texts.FOLLOWUP_SOLVED_LABEL),
                        (texts.FOLLOWUP_PROBLEM, texts.FOLLOWUP_PROBLEM_LABEL))
            message = cards.followup_survey(
                texts.followup_question([(i.number, i.subject) for i in asked]),
                [(i.number, i.subject, [(label, postbacks.data(postbacks.FOLLOWUP_RESULT, t=i.ticket_id, v=value))
                                        for value, label in outcomes]) for i in asked])
            claimed.queued.extend(r.id for r in outbox_repo.enqueue(session, user, [message], self.sender.clock()))
            claimed.counts["asked"] += len(asked)
            claimed.counts["messages"] += 1
        return claimed

    def _claim(self, session: Session, ids: list[int], at: datetime) -> set[int]:
        """Mark scheduled follow-ups asked, only where they still are: the ones this run may send."""
        result = session.execute(update(Ticket).where(Ticket.id.in_(ids), Ticket.followup_state == FollowUp.SCHEDULED)
                                 .values(followup_state=rules.next_followup(FollowUp.SCHEDULED, FollowUp.ASKED),
                                         followup_asked_at=at).returning(Ticket.id))
        return {row[0] for row in result}

    def _close(self, session: Session, item: DueFollowUp, at: datetime) -> int:
        """Close a request nobody answered the follow-up of, recording why."""
        claimed = session.execute(update(Ticket).where(Ticket.id == item.ticket_id,
                                                       Ticket.followup_state == FollowUp.ASKED)
                                  .values(followup_state=rules.next_followup(FollowUp.ASKED, FollowUp.NO_RESPONSE),
                                          followup_result="no_response")
                                  .returning(Ticket.id)).first()
        if claimed is None:
            return 0
        ticket = session.get(Ticket, item.ticket_id, populate_existing=True)
        assert ticket is not None
        register_repo.add_entry(session, ticket, "note", "system:followup", at,
                                rules.FOLLOWUP_RESULTS["no_response"])
        register_repo.set_status(session, ticket, Status.CLOSED, "system:followup", at)
        return 1
