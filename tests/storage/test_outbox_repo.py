"""Which request a sent card was about, kept from LINE's message ids (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select

from bot.storage import outbox_repo, register_repo
from bot.storage.models import SentCard, Ticket

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def test_cards_are_remembered_once_and_a_request_erased_meanwhile_fails_nothing(services):
    with services.sessions() as session, session.begin():
        requester = register_repo.requester_for_line(session, "Ucards", NOW)
        kept = register_repo.create_ticket(session, requester, {"kind": "consult", "subject": "ก"}, "ICT", NOW).id
        erased = register_repo.create_ticket(session, requester, {"kind": "consult", "subject": "ข"}, "ICT", NOW).id
    with services.sessions() as session, session.begin():
        session.execute(delete(Ticket).where(Ticket.id == erased))
    with services.sessions() as session, session.begin():  # the sender records what LINE said it sent
        outbox_repo.remember_cards(session, [(kept, "Cstaff", ["101", "102"]), (erased, "Cstaff", ["103"])], NOW)
        outbox_repo.remember_cards(session, [(kept, "Cstaff", ["101"])], NOW)  # a second sender's record
    with services.sessions() as session:
        assert sorted(session.scalars(select(SentCard.line_message_id))) == ["101", "102"]
        assert outbox_repo.ticket_of_card(session, "Cstaff", "102") == kept
        assert outbox_repo.ticket_of_card(session, "Cother", "102") is None  # another chat's message id
