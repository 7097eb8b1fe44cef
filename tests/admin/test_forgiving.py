"""Forms that forgive: no destructive default, closing asks first, and a change can be undone for a minute."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import select, update

from bot.clock import utcnow
from bot.storage.models import Ticket, TicketEntry
from tests.admin.test_pages import file_line_request


def ticket(db):
    db.rollback()
    return db.scalars(select(Ticket)).one()


def undo_entry(page: str) -> str:
    return re.search(r'name="entry" value="(\d+)"', page).group(1)


def test_the_status_box_starts_at_the_current_status_and_an_unchanged_save_changes_nothing(staff, webhook,
                                                                                         fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    page = staff.get(f"/admin/r/{number}").get_data(as_text=True)
    assert '<option value="" selected>คงเดิม (รับเรื่องแล้ว)</option>' in page
    said = staff.post(f"/admin/r/{number}/status", {"status": ""}, follow_redirects=True).get_data(as_text=True)
    assert "สถานะคงเดิม" in said and ticket(db).status == "received"


def test_closing_asks_to_confirm_first(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    asked = staff.post(f"/admin/r/{number}/status", {"status": "closed"}, follow_redirects=True)
    page = asked.get_data(as_text=True)
    assert ticket(db).status == "received"  # one tap closed nothing
    assert 'id="confirm-status"' in page and "ปิดเรื่อง เรื่อง" in page and "ยืนยันปิดเรื่อง" in page
    staff.post(f"/admin/r/{number}/status", {"status": "closed", "confirm": "1"})
    assert ticket(db).status == "closed"


def test_a_status_change_says_what_changed_and_can_be_undone_within_a_minute(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    page = html.unescape(staff.post(f"/admin/r/{number}/status", {"status": "answered"},
                                    follow_redirects=True).get_data(as_text=True))
    assert 'เปลี่ยนสถานะจาก "รับเรื่องแล้ว" เป็น "ตอบแล้ว" แล้ว' in page and "เลิกทำ" in page
    found = ticket(db)
    assert found.status == "answered" and found.first_response_at and found.followup_state == "scheduled"
    staff.post(f"/admin/r/{number}/undo", {"entry": undo_entry(page)})
    found = ticket(db)
    assert (found.status, found.first_response_at, found.followup_state, found.followup_due_at) == (
        "received", None, None, None)
    history = staff.get(f"/admin/r/{number}").get_data(as_text=True)
    assert "ตอบแล้ว → รับเรื่องแล้ว (เลิกทำ)" in history  # the undo is in the history too


def test_an_assignment_can_be_undone_but_not_after_a_minute(staff, services, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    page = staff.post(f"/admin/r/{number}/assign", {"staff": "malee"}, follow_redirects=True).get_data(as_text=True)
    assert "มอบหมายให้ มาลี ศรีสุข แล้ว" in page
    staff.post(f"/admin/r/{number}/undo", {"entry": undo_entry(page)})
    assert ticket(db).assigned_to is None
    page = staff.post(f"/admin/r/{number}/assign", {"staff": "malee"}, follow_redirects=True).get_data(as_text=True)
    with services.sessions() as session, session.begin():
        session.execute(update(TicketEntry).values(at=utcnow() - timedelta(minutes=2)))
    late = staff.post(f"/admin/r/{number}/undo", {"entry": undo_entry(page)}, follow_redirects=True)
    assert "เลิกทำไม่ได้แล้ว" in late.get_data(as_text=True) and ticket(db).assigned_to == "malee"
    assert "เลิกทำ</button>" not in staff.get(f"/admin/r/{number}?changed={undo_entry(page)}").get_data(as_text=True)


def test_nobody_can_undo_someone_else_s_change(staff, client, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    page = staff.post(f"/admin/r/{number}/status", {"status": "in_progress"},
                      follow_redirects=True).get_data(as_text=True)
    entry = undo_entry(page)
    staff.post("/admin/logout")
    staff.login("malee")
    refused = staff.post(f"/admin/r/{number}/undo", {"entry": entry}, follow_redirects=True)
    assert "เลิกทำไม่ได้แล้ว" in refused.get_data(as_text=True) and ticket(db).status == "in_progress"


def test_a_note_says_it_was_kept_and_can_be_withdrawn_within_a_minute(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    page = staff.post(f"/admin/r/{number}/note", {"body": "โทรหาครูแล้ว รอเอกสาร"},
                      follow_redirects=True).get_data(as_text=True)
    assert "บันทึกภายในแล้ว (ผู้ขอไม่เห็น)" in page and "โทรหาครูแล้ว รอเอกสาร" in page
    page = staff.post(f"/admin/r/{number}/undo", {"entry": undo_entry(page)}, follow_redirects=True)
    assert "โทรหาครูแล้ว รอเอกสาร" not in page.get_data(as_text=True)
    empty = staff.post(f"/admin/r/{number}/note", {"body": "  "}, follow_redirects=True).get_data(as_text=True)
    assert "ไม่ได้บันทึกอะไร" in empty


def test_resolving_tells_the_teacher_at_once_so_the_page_says_it_cannot_be_undone(staff, webhook, fake_line,
                                                                                   process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    page = staff.post(f"/admin/r/{number}/status", {"status": "resolved"}, follow_redirects=True)
    shown = html.unescape(page.get_data(as_text=True))
    assert "ครูได้รับแจ้งทาง LINE แล้ว จึงเลิกทำไม่ได้" in shown and 'name="entry"' not in shown
    entry = db.scalars(select(TicketEntry.id).order_by(TicketEntry.id.desc())).first()
    staff.post(f"/admin/r/{number}/undo", {"entry": str(entry)})
    assert ticket(db).status == "resolved"


def test_the_history_names_people_as_staff_read_them_and_statuses_come_in_the_register_s_order(staff, webhook,
                                                                                             fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    staff.post(f"/admin/r/{number}/status", {"status": "in_progress"})
    page = staff.get(f"/admin/r/{number}").get_data(as_text=True)
    assert "· ผู้แจ้ง</small>" in page and "· สมชาย ใจดี</small>" in page and "staff:" not in page
    options = re.findall(r'<option value="(\w+)">', page.split('name="status"')[1].split("</select>")[0])
    assert options == ["answered", "resolved", "closed", "cancelled"]
