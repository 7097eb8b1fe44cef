"""Running it: /healthz, request ids, backup → restore, upgrading an old schema, PDPA export and erasure."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select, text

from bot import texts
from bot.clock import utcnow
from bot.storage import migrate, outbox_repo, pdpa_repo, register_repo, settings_repo
from bot.storage.backup import backup, restore
from bot.storage.models import Attachment, InboxEvent, Requester, Ticket
from tests.helpers.dialogue import PROFILE, TEACHER, chat


def file_request(webhook, fake_line, process, db):
    with db.begin():
        register_repo.import_schools(db, [{"school_code": "1034150003", "name": "บ้านโนนสูง", "district": ""}])
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "DMC", "ยืนยันข้อมูลไม่ได้", "ข้าม",
         "ปกติ", "ยืนยัน")
    db.rollback()


def test_healthz_reports_database_scheduler_and_backlog_without_personal_data(client, services):
    first = client.get("/healthz")
    assert first.status_code == 503 and first.json["scheduler"]["fresh"] is False  # no scheduler yet
    with services.sessions() as session, session.begin():
        settings_repo.beat(session, utcnow())
    ok = client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert ok.status_code == 200 and ok.json["status"] == "ok" and ok.headers["X-Request-Id"] == "abc-123"
    assert ok.json["outbox"] == {"pending": 0, "oldest_pending_seconds": None, "failed": 0}
    with services.sessions() as session, session.begin():
        outbox_repo.enqueue(session, "Usomeone", [{"type": "text", "text": "สวัสดี"}], utcnow() - timedelta(hours=1))
    stuck = client.get("/healthz")
    assert stuck.status_code == 503 and stuck.json["outbox"]["oldest_pending_seconds"] >= 3600
    assert "Usomeone" not in stuck.get_data(as_text=True) and "สวัสดี" not in stuck.get_data(as_text=True)
    assert client.get("/healthz", headers={"X-Request-Id": "<bad id>"}).headers["X-Request-Id"] != "<bad id>"


def test_healthz_names_a_stale_scheduler_as_the_reason_for_503(client, services):
    from bot.pipeline.health import SCHEDULER_STALE_SECONDS

    missing = client.get("/healthz")
    assert missing.status_code == 503 and missing.json["problems"] == [
        "scheduler: no heartbeat yet (is `bot scheduler` running?)"]
    with services.sessions() as session, session.begin():
        settings_repo.beat(session, utcnow() - timedelta(seconds=SCHEDULER_STALE_SECONDS - 30))
    assert client.get("/healthz").status_code == 200  # within the limit
    with services.sessions() as session, session.begin():
        settings_repo.beat(session, utcnow() - timedelta(seconds=SCHEDULER_STALE_SECONDS + 60))
    stale = client.get("/healthz")
    assert stale.status_code == 503 and stale.json["status"] == "degraded"
    assert stale.json["scheduler"]["fresh"] is False
    [reason] = stale.json["problems"]
    assert reason.startswith("scheduler: last heartbeat 24")
    assert reason.endswith(f" s ago (limit {SCHEDULER_STALE_SECONDS} s)")


def test_backup_then_restore_brings_back_the_same_data(services, webhook, fake_line, process, db, tmp_path):
    file_request(webhook, fake_line, process, db)
    before = db.execute(select(Ticket.number, Ticket.subject, Ticket.status)).all()
    saved = tmp_path / "helpdesk.backup"
    backup(services.settings.database_url, saved)
    with services.sessions() as session, session.begin():
        session.execute(text("DELETE FROM ticket_entry"))
        session.execute(text("DELETE FROM ticket"))
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Ticket)) == 0
    db.close()
    services.engine.dispose()
    restore(services.settings.database_url, saved)
    services.engine.dispose()
    db.rollback()
    assert db.execute(select(Ticket.number, Ticket.subject, Ticket.status)).all() == before
    assert migrate.current(services.engine) == migrate.head()


def test_cli_backup_and_restore(cli, services, tmp_path):
    out = tmp_path / "b.dump"
    assert "backup written" in cli("backup", str(out)).output
    services.engine.dispose()
    assert "restored" in cli("restore", str(out), "--yes").output
    assert cli("restore", str(tmp_path / "missing")).exit_code != 0


def test_upgrade_from_the_previous_release_keeps_the_data(services, cli):
    """The last release shipped schema 0003 (register, FAQ misses): data written then survives the upgrade."""
    engine = services.engine
    migrate.downgrade(engine, "0003")
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO requester (line_user_id, name, created_at, updated_at) "
                          "VALUES ('Uold', 'ครูเก่า', :now, :now)"), {"now": now})
        conn.execute(text("INSERT INTO ticket (number, fiscal_year, received_at, channel, requester_id, kind, "
                          "category, subject, urgency, status, updated_at) VALUES ('ICT-2569-0007', 2569, :now, "
                          "'line', (SELECT id FROM requester WHERE line_user_id = 'Uold'), 'consult', 'dmc', "
                          "'เรื่องเก่า', 'normal', 'answered', :now)"), {"now": now})
    result = cli("db", "upgrade")
    assert result.exit_code == 0 and f"revision {migrate.head()}" in result.output
    with services.sessions() as session:
        old = session.scalars(select(Ticket)).one()
        assert (old.number, old.subject, old.followup_state) == ("ICT-2569-0007", "เรื่องเก่า", None)


def test_pdpa_export_then_erase_keeps_statistics(services, webhook, fake_line, process, db, cli):
    file_request(webhook, fake_line, process, db)
    with services.sessions() as session, session.begin():
        ticket = session.scalars(select(Ticket)).one()
        ticket.satisfaction = 4
        register_repo.keep_attachment(session, TEACHER, "m1", "image/png", b"\x89PNG", utcnow())
    exported = json.loads(cli("pdpa", "export", TEACHER).output)
    assert exported["profile"]["name"] == "ครูสมหญิง ใจงาม" and exported["profile"]["phone"]
    assert exported["requests"][0]["subject"] == "ยืนยันข้อมูลไม่ได้"
    assert exported["attachments"][0]["data_base64"] and exported["messages_received"]
    erased = json.loads(cli("pdpa", "erase", TEACHER, "--yes").output)
    assert erased["requests"] == 1 and erased["attachments"] == 1
    db.rollback()
    requester = db.scalars(select(Requester)).one()
    assert (requester.name, requester.phone, requester.line_user_id) == (None, None, pdpa_repo.pseudonym(TEACHER))
    ticket = db.scalars(select(Ticket)).one()
    assert ticket.subject == pdpa_repo.ERASED and (ticket.kind, ticket.category, ticket.satisfaction) == (
        "consult", "dmc", 4)
    assert db.scalar(select(func.count()).select_from(Attachment)) == 0
    assert all(e.payload == {"erased": True} for e in db.scalars(select(InboxEvent)))
    assert "ครูสมหญิง" not in json.dumps(pdpa_repo.export(db, TEACHER), ensure_ascii=False)


def test_retention_purges_old_pictures_and_bodies(services, webhook, fake_line, process, db):
    file_request(webhook, fake_line, process, db)
    with services.sessions() as session, session.begin():
        register_repo.keep_attachment(session, TEACHER, "m2", "image/png", b"x", utcnow() - timedelta(days=400))
        counts = pdpa_repo.purge(session, utcnow() + timedelta(seconds=1))
    assert counts["attachments"] == 1 and counts["messages_received"] > 0 and counts["messages_sent"] > 0
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Ticket)) == 1  # the register stays
