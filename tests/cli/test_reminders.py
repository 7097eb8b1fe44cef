"""`bot groups`, `bot calendar`, `bot reminders` and `bot notices` against a real database and the fake LINE."""

from __future__ import annotations

import json
from datetime import datetime

from bot.clock import BANGKOK
from bot.storage import calendar_repo, groups_repo, notices_repo, register_repo, reminders_repo
from bot.storage.models import School
from tests.conftest import link_approved

LINKED = datetime(2026, 10, 1, tzinfo=BANGKOK)


def setup(services):
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "1034150001", "name": "บ้านหนองบัว"},
                                               {"school_code": "1034150002", "name": "บ้านโนนสูง"}])
        calendar_repo.seed(session, LINKED.date(), LINKED)
        for group_id, code in (("Ca", "1034150001"), ("Cnew", None)):
            group = groups_repo.joined(session, group_id, LINKED, f"กลุ่ม {group_id}")
            if code:
                link_approved(session, group, code, "Uteacher", LINKED)


def test_groups_list_json_and_link_by_staff(cli, services):
    setup(services)
    with services.sessions() as session, session.begin():  # a member claims a school in LINE: pending
        groups_repo.link(session, groups_repo.get(session, "Cnew"), "1034150002", "Ustranger", LINKED)
    rows = {row["group_id"]: row for row in json.loads(cli("groups", "list", "--json").output)}
    assert rows["Ca"]["school"] == "บ้านหนองบัว" and rows["Ca"]["active"] and not rows["Ca"]["pending"]
    assert rows["Cnew"]["school_code"] == "1034150002" and rows["Cnew"]["pending"]
    assert "pending" in cli("groups", "list").output
    assert cli("groups", "link", "Cnew", "--area").exit_code == 0
    assert cli("groups", "link", "Ca", "1034150002").exit_code == 0
    rows = {row["group_id"]: row for row in json.loads(cli("groups", "list", "--json").output)}
    assert rows["Cnew"]["area_wide"] and rows["Ca"]["school_code"] == "1034150002"
    assert not rows["Cnew"]["pending"] and not rows["Ca"]["pending"]  # staff's own links are in force at once
    assert "no school" in cli("groups", "link", "Ca", "999").output
    assert "either" in cli("groups", "link", "Ca").output


def test_calendar_export_edit_import(cli, services, tmp_path):
    setup(services)
    path = tmp_path / "calendar.json"
    assert "exported 10 rounds" in cli("calendar", "export", str(path)).output
    rounds = json.loads(path.read_text(encoding="utf-8"))
    dmc_end = next(r for r in rounds if r["key"] == "dmc-end" and r["academic_year"] == 2026)
    dmc_end.update(closes="2027-05-07", announcement="ขยายเวลาตามหนังสือ สพฐ.", reminders=["closes-2", "closes"])
    rounds.append({"key": "mobec", "academic_year": 2026, "system": "M-OBEC", "name": "M-OBEC ประจำปี",
                   "opens": "2027-01-04", "closes": "2027-01-29"})
    path.write_text(json.dumps(rounds, ensure_ascii=False), encoding="utf-8")
    assert "imported 11 rounds" in cli("calendar", "import", str(path)).output
    listing = cli("calendar", "list").output
    assert "M-OBEC ประจำปี: 4 มกราคม 2570 – 29 มกราคม 2570" in listing
    assert "DMC สิ้นปีการศึกษา: 1 กุมภาพันธ์ 2570 – 7 พฤษภาคม 2570" in listing
    assert "5 พ.ค. 2570 09:00, 7 พ.ค. 2570 09:00" in listing

    dmc_end["closes"] = "2027-01-01"
    path.write_text(json.dumps(rounds, ensure_ascii=False), encoding="utf-8")
    result = cli("calendar", "import", str(path))
    assert result.exit_code != 0 and "before opens" in result.output and "nothing imported" in result.output


def test_reminders_due_then_send_due_then_nothing_due(cli, services, fake_line):
    fake_line.quota = 1000
    setup(services)
    due = json.loads(cli("reminders", "due", "--at", "2027-02-01T09:05", "--json").output)
    assert [(d["round"], d["reminder"], d["group_id"], d["action"]) for d in due] == [
        ("DMC สิ้นปีการศึกษา", "opens", "Ca", "send")]
    assert json.loads(cli("reminders", "send-due", "--at", "2027-02-01T09:05").output)["queued"] == 1
    assert "DMC สิ้นปีการศึกษา" in fake_line.texts_to("Ca")[0]
    assert cli("reminders", "send-due", "--at", "2027-02-01T09:06").output.strip() == "nothing due"
    assert "not an ISO date-time" in cli("reminders", "due", "--at", "tomorrow").output


def test_status_done_and_undo(cli, services, db):
    setup(services)
    round_id = next(r.id for r in calendar_repo.rounds(db) if r.key == "dmc-end" and r.academic_year == 2026)
    assert cli("reminders", "done", str(round_id), "1034150002").output.strip() == "done"
    status = cli("reminders", "status", str(round_id)).output
    assert "1 of 2 schools done" in status and "✓ 1034150002" in status and "· 1034150001" in status
    assert cli("reminders", "done", str(round_id), "1034150002", "--undo").output.strip() == "done"
    db.rollback()
    assert reminders_repo.completions(db, [round_id]) == set()
    assert db.get(School, "1034150002") is not None


def test_estimate_and_notices(cli, services, fake_line):
    setup(services)
    fake_line.add_group("Ca", "กลุ่ม Ca", members=400)
    fake_line.quota, fake_line.usage = 300, 0
    out = cli("reminders", "estimate", "--at", "2027-01-25T08:00").output
    assert "2027-02: 400 messages needed, 300 left DOES NOT FIT (DMC สิ้นปีการศึกษา)" in out
    with services.sessions() as session, session.begin():
        notices_repo.notify(session, "k", "quota", "โควตาไม่พอ", LINKED)
    assert "โควตาไม่พอ" in cli("notices").output
    assert cli("reminders", "unblock").output.strip() == "pushes were not blocked"
