"""Every scripted dialogue replayed with each teacher answer varied as phone Thai varies it reaches the same record.

Each variant is a new teacher (the profile is asked again). Run on SQLite only: what varies is the text, not the
database (the dialogue tables run on both). The count of variants run and passed is printed at the end of the run.
"""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from bot import texts
from bot.storage import register_repo
from bot.storage.models import Requester, Ticket
from tests.helpers.dialogue import chat
from tests.helpers.variants import CHOICE, FREE, ROBUSTNESS, SKIP, variants

SCHOOLS = [{"school_code": "1034150001", "name": "บ้านหนองบัว"}, {"school_code": "1034150002", "name": "บ้านหนองบัวแดง"},
           {"school_code": "1034150003", "name": "บ้านโนนสูง"}]
PROFILE = [("ครูสมหญิง ใจงาม", FREE), ("ครู", FREE), ("บ้านโนนสูง", CHOICE), ("081-234-5678", FREE)]
SCRIPTS = {
    "repair": (texts.MENU_REPAIR, [*PROFILE, ("ปริ้นเตอร์", FREE), ("7440-001-0001", FREE), ("ห้องคอม 2", FREE),
                                   ("ไฟกระพริบ พิมพ์ไม่ออก", FREE), ("เสร็จแล้ว", CHOICE), ("ด่วนมาก", CHOICE),
                                   ("ยืนยัน", CHOICE)]),
    "repair-skips": (texts.MENU_REPAIR, [*PROFILE[:3], ("ข้าม", SKIP), ("คอมพิวเตอร์", FREE), ("ข้าม", SKIP),
                                         ("ห้องธุรการ", FREE), ("เปิดไม่ติด", FREE), ("ข้าม", SKIP),
                                         ("ปกติ", CHOICE), ("ยืนยัน", CHOICE)]),
    "consult": (texts.MENU_CONSULT, [*PROFILE, ("EMIS", CHOICE), ("เข้าระบบไม่ได้", FREE),
                                     ("ขึ้นว่ารหัสผ่านผิด 3 ครั้ง", FREE), ("ด่วน", CHOICE), ("ยืนยัน", CHOICE)]),
    "plain-thai-repair": ("ปริ้นเตอร์ห้องธุรการเสีย", [*PROFILE, ("ข้าม", SKIP), ("ข้าม", SKIP), ("ด่วน", CHOICE),
                                                       ("ยืนยัน", CHOICE)]),
    "video-conference": ("จองประชุมทางไกล", [*PROFILE, ("วันที่ 3 ธ.ค. 09:00 ประชุมผู้บริหาร", FREE),
                                              ("ใช้ห้องประชุม 1 ต่อ Zoom", FREE), ("ปกติ", CHOICE),
                                              ("ยืนยัน", CHOICE)]),
    "borrow": ("ขอยืมอุปกรณ์", [*PROFILE, ("โปรเจกเตอร์ 1 เครื่อง 5-6 ธ.ค.", FREE), ("ข้าม", SKIP),
                                 ("ปกติ", CHOICE), ("ยืนยัน", CHOICE)]),
}
TICKET_FIELDS = ("kind", "category", "equipment", "asset_number", "location", "subject", "details", "urgency",
                 "school_code")
PERSON_FIELDS = ("name", "position", "school_code", "school_name", "phone")
_users = (f"U{n:032d}" for n in itertools.count(1))


@pytest.fixture(autouse=True)
def schools(services):
    if services.engine.dialect.name != "sqlite":
        pytest.skip("the text varies, not the database")
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, SCHOOLS)


def record(db, user):
    db.rollback()
    person = db.scalar(select(Requester).where(Requester.line_user_id == user))
    ticket = db.scalar(select(Ticket).where(Ticket.requester_id == person.id)) if person else None
    if ticket is None:
        return None
    return ({f: getattr(ticket, f) for f in TICKET_FIELDS}, {f: getattr(person, f) for f in PERSON_FIELDS})


@pytest.mark.parametrize("name", SCRIPTS)
def test_varied_answers_reach_the_same_record(request, webhook, fake_line, process, db, name):
    opening, script = SCRIPTS[name]
    user = next(_users)
    chat(webhook, fake_line, process, user, opening, *(a for a, _ in script))
    expected = record(db, user)
    assert expected is not None, "the script itself registers a record"
    failed = []
    runs = variants(script)
    for variant, index, answers in runs:
        user = next(_users)
        chat(webhook, fake_line, process, user, opening, *answers)
        got = record(db, user)
        if got != expected:
            failed.append((variant, answers[index], got))
    counts = request.config.stash.setdefault(ROBUSTNESS, {})
    counts[name] = (len(runs), len(runs) - len(failed))
    assert not failed, failed

