"""Register storage on both databases: gapless numbers under concurrency and across fiscal years, history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.register.rules import TransitionError
from bot.storage import register_repo
from bot.storage.models import Ticket
from tests.conftest import run_concurrently

FIELDS = {"kind": "consult", "category": "dmc", "subject": "นำเข้าข้อมูล DMC ไม่ได้"}


def make_requester(services, user="Ureq"):
    with services.sessions() as session, session.begin():
        return register_repo.requester_for_line(session, user, datetime.now(UTC)).id


def create(services, requester_id, now, prefix="ICT", fail=False):
    with services.sessions() as session, session.begin():
        requester = session.get(register_repo.Requester, requester_id)
        ticket = register_repo.create_ticket(session, requester, FIELDS, prefix, now)
        if fail:
            raise RuntimeError("the rest of the event failed")
        return ticket.number


def test_numbers_are_unique_and_gapless_under_concurrency(services, db):
    requester_id = make_requester(services)
    now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    numbers, errors = [], []

    def worker(n):
        for i in range(5):
            try:
                numbers.append(create(services, requester_id, now, fail=(n == 0 and i == 2)))
            except RuntimeError:
                pass  # a rolled-back registration gives its number back
            except Exception as exc:
                errors.append(exc)

    run_concurrently(worker, [(n,) for n in range(6)])
    assert errors == []
    assert sorted(numbers) == [f"ICT-2570-{i:04d}" for i in range(1, 30)]


def test_numbering_restarts_each_fiscal_year(services):
    requester_id = make_requester(services)
    sept_30_evening = datetime(2026, 9, 30, 16, 59, tzinfo=UTC)  # 23:59 in Bangkok: fiscal year 2569
    oct_1_early = datetime(2026, 9, 30, 17, 1, tzinfo=UTC)  # 00:01 on 1 October in Bangkok: 2570
    assert create(services, requester_id, sept_30_evening) == "ICT-2569-0001"
    assert create(services, requester_id, sept_30_evening) == "ICT-2569-0002"
    assert create(services, requester_id, oct_1_early) == "ICT-2570-0001"
    assert create(services, requester_id, oct_1_early, prefix="DLICT") == "DLICT-2570-0001"


def test_status_history_and_times(services, db):
    requester_id = make_requester(services)
    t0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    number = create(services, requester_id, t0)
    with services.sessions() as session, session.begin():
        ticket = register_repo.by_number(session, number.lower())
        register_repo.set_status(session, ticket, "in_progress", "staff:สมชาย", t0)
        register_repo.set_status(session, ticket, "answered", "staff:สมชาย", t0.replace(hour=3))
        with pytest.raises(TransitionError):
            register_repo.set_status(session, ticket, "received", "staff:สมชาย", t0)
    ticket = db.scalar(select(Ticket))
    assert ticket.first_response_at == t0.replace(hour=3)
    steps = [(e.kind, e.old_status, e.new_status, e.actor) for e in register_repo.entries(db, ticket)]
    assert steps == [("created", None, "received", "requester"),
                     ("status", "received", "in_progress", "staff:สมชาย"),
                     ("status", "in_progress", "answered", "staff:สมชาย")]


def test_school_import_upserts_and_refuses_bad_rows(services, db):
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "1", "name": "บ้านหนองบัว", "district": "เมือง"}])
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "1", "name": "บ้านหนองบัว (ใหม่)", "district": ""}])
    with pytest.raises(ValueError, match="row 3"), services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "2", "name": "ก"}, {"school_code": "", "name": "x"}])
    db.rollback()  # a file with a bad row imports nothing
    assert [(s.code, s.name) for s in register_repo.school_refs(db)] == [("1", "บ้านหนองบัว (ใหม่)")]
