"""The admin page through Flask's test client: request list, request page, phone requests, FAQ, calendar, groups."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import BANGKOK, utcnow
from bot.storage import groups_repo, register_repo, settings_repo
from bot.storage.models import InboxEvent, Ticket
from bot.storage.models_admin import AuditLog
from bot.texts import forms
from bot.thai import be_date
from tests.helpers.dialogue import PROFILE, TEACHER, buttons, chat, said

SCRIPT = "<script>alert('x')</script> ยืนยันข้อมูลไม่ได้"


def file_line_request(webhook, fake_line, process, db, subject=SCRIPT) -> str:
    with db.begin():
        register_repo.import_schools(db, [{"school_code": "1034150003", "name": "บ้านโนนสูง", "district": ""}])
    chat(webhook, fake_line, process, TEACHER, texts.MENU_CONSULT, *PROFILE, "DMC", subject, "ข้าม", "ปกติ",
         "ยืนยัน")
    db.rollback()
    return db.scalars(select(Ticket.number)).one()


def test_request_list_lists_filters_and_shows_chat_text_as_text(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db)
    page = staff.get("/admin/").get_data(as_text=True)
    assert number in page and "&lt;script&gt;" in page and "<script>alert" not in page
    assert "ครูสมหญิง ใจงาม" in page and "บ้านโนนสูง" in page and "เปิดอยู่ <b>1</b>" in page
    assert number in staff.get("/admin/?q=ยืนยันข้อมูล").get_data(as_text=True)
    assert number in staff.get("/admin/?q=โนนสูง&kind=consult&category=dmc").get_data(as_text=True)
    assert number not in staff.get("/admin/?kind=repair").get_data(as_text=True)
    tomorrow = be_date(utcnow().astimezone(BANGKOK).date() + timedelta(days=1))
    assert number not in staff.get(f"/admin/?since={tomorrow}").get_data(as_text=True)
    latest = staff.get("/admin/inbox/latest").get_json()
    assert latest["open"] == 1 and latest["latest"] >= 1


def test_request_page_reply_note_assign_and_status(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db)
    page = staff.get(f"/admin/r/{number}").get_data(as_text=True)
    assert "&lt;script&gt;" in page and "คำตอบสำเร็จรูป" in page and "DMC คืออะไร" in page
    assert staff.post(f"/admin/r/{number}/note", {"body": "รอโทรกลับ"}).status_code == 302
    assert staff.post(f"/admin/r/{number}/assign", {"staff": "malee"}).status_code == 302
    response = staff.post(f"/admin/r/{number}/reply", {"body": "กดยืนยันที่เมนูรายงานครับ"})
    assert response.status_code == 302
    process()
    assert "กดยืนยันที่เมนูรายงานครับ" in fake_line.texts_to(TEACHER)[-1]
    assert staff.post(f"/admin/r/{number}/status", {"status": "resolved"}).status_code == 302
    db.rollback()
    ticket = db.scalars(select(Ticket)).one()
    assert (ticket.status, ticket.assigned_to) == ("resolved", "malee") and ticket.first_response_at
    page = staff.get(f"/admin/r/{number}").get_data(as_text=True)
    assert "รอโทรกลับ" in page and "มอบหมายให้ มาลี ศรีสุข" in page and "แก้ไขแล้ว" in page
    refused = staff.post(f"/admin/r/{number}/status", {"status": "received"}, follow_redirects=True)
    assert "เปลี่ยนสถานะไม่ได้" in refused.get_data(as_text=True)
    actions = [a.action for a in db.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions[-4:] == ["ticket.note", "ticket.assign", "ticket.reply", "ticket.status"]


def test_an_interim_answer_from_the_page_reaches_line_without_buttons(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db)
    staff.post(f"/admin/r/{number}/reply", {"body": "ช่างจะเข้าไปบ่ายนี้", "final": "0"})
    process()
    sent = fake_line.sent_to(TEACHER)[-1]
    assert "ช่างจะเข้าไปบ่ายนี้" in said([sent]) and buttons(sent) == []
    db.rollback()
    ticket = db.scalars(select(Ticket)).one()
    assert (ticket.status, ticket.followup_state, ticket.answer) == ("in_progress", None, None)
    staff.post(f"/admin/r/{number}/reply", {"body": "ซ่อมเสร็จแล้วครับ", "final": "1"})
    process()
    assert buttons(fake_line.sent_to(TEACHER)[-1]) == [texts.FOLLOWUP_SOLVED_LABEL, texts.FOLLOWUP_PROBLEM_LABEL]
    db.rollback()
    assert db.scalars(select(Ticket)).one().followup_state == "scheduled"


def test_phone_request_is_registered_with_its_channel(staff, db, fake_line):
    incomplete = staff.post("/admin/new", {"channel": "phone", "name": "", "kind": "repair", "subject": ""})
    assert "กรุณากรอก" in incomplete.get_data(as_text=True)
    response = staff.post("/admin/new", {"channel": "phone", "name": "ครูวิไล", "phone": "0812345678",
                                         "school_name": "โรงเรียนนอกรายชื่อ", "kind": "repair",
                                         "category": "computer", "urgency": "urgent",
                                         "subject": "ปริ้นเตอร์ห้องธุรการไม่ออก"})
    number = response.headers["Location"].rsplit("/", 1)[1]
    db.rollback()
    ticket = db.scalars(select(Ticket)).one()
    assert (ticket.number, ticket.channel, ticket.urgency) == (number, "phone", "urgent")
    assert "โทรศัพท์" in staff.get("/admin/").get_data(as_text=True)
    answered = staff.post(f"/admin/r/{number}/reply", {"body": "ช่างจะเข้าไปบ่ายนี้"}, follow_redirects=True)
    assert "แจ้งทางช่องทางเดิม" in answered.get_data(as_text=True) and fake_line.deliveries == []


def test_a_refused_phone_request_comes_back_with_everything_typed_and_the_gaps_marked(staff, db):
    with db.begin():
        register_repo.import_schools(db, [{"school_code": "1034150003", "name": "บ้านโนนสูง", "district": ""}])
    typed = {"channel": "walkin", "name": "  ", "position": "ครูผู้ช่วย", "school": "1034150003",
             "school_name": "", "phone": "081-234-5678", "kind": "repair", "category": "computer",
             "urgency": "urgent", "subject": "", "details": "เครื่องห้อง 2 เปิดไม่ติด\nไฟไม่เข้า <ลองแล้ว>"}
    refused = staff.post("/admin/new", typed)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "กรุณากรอก: ชื่อผู้ขอ, เรื่อง" in page
    for name in ("position", "phone"):
        assert f'name="{name}" value="{typed[name]}"' in page
    for name in ("channel", "school", "kind", "category", "urgency"):
        assert f'<option value="{typed[name]}" selected>' in page, name
    assert "เครื่องห้อง 2 เปิดไม่ติด\nไฟไม่เข้า &lt;ลองแล้ว&gt;</textarea>" in page
    marked = set(re.findall(r'name="(\w+)"[^>]*aria-invalid="true"', page))
    assert marked == {"name", "subject"} and page.count("(ต้องกรอก)") == 2
    db.rollback()
    assert db.scalars(select(Ticket)).all() == []
    done = staff.post("/admin/new", typed | {"name": "ครูวิไล", "subject": "คอมเปิดไม่ติด"})
    assert done.status_code == 302


def test_request_list_date_filters_in_the_buddhist_era(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db)
    today = utcnow().astimezone(BANGKOK).date()
    page = staff.get("/admin/").get_data(as_text=True)
    assert 'type="date"' not in page and 'placeholder="วว/ดด/ปปปป"' in page
    assert number in staff.get(f"/admin/?since={be_date(today)}&until={be_date(today)}").get_data(as_text=True)
    assert number not in staff.get(f"/admin/?until={be_date(today - timedelta(days=1))}").get_data(as_text=True)
    ce = today.strftime("01/%m/%Y")  # the Western year typed by mistake
    refused = staff.get(f"/admin/?since={ce}&q=ยืนยัน")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and f"ตั้งแต่: ปี {today.year} เป็นปี ค.ศ." in page
    assert f'name="since" value="{ce}"' in page and 'aria-invalid="true"' in page and 'value="ยืนยัน"' in page
    assert number in page  # the list still shows, unfiltered by the refused box
    backwards = staff.get(f"/admin/?since={be_date(today)}&until={be_date(today - timedelta(days=3))}")
    assert backwards.status_code == 400 and forms.UNTIL_BEFORE_SINCE in backwards.get_data(as_text=True)


def test_editing_an_faq_entry_changes_what_the_bot_answers(staff, webhook, fake_line, process):
    page = staff.get("/admin/faq/office-hours").get_data(as_text=True)
    assert "เวลาทำการ" in page
    edited = staff.post("/admin/faq/office-hours", {
        "category": "other", "question": "สำนักงานเปิดกี่โมง", "answer": "เปิด 07:30–17:00 น. ทุกวันทำการครับ",
        "phrasings": "เขตเปิดกี่โมง\nทำงานกี่โมง", "keywords": "เวลาทำการ"})
    assert edited.status_code == 302
    chat(webhook, fake_line, process, TEACHER, "เขตเปิดกี่โมงครับ")
    assert any("07:30–17:00" in t for t in fake_line.texts_to(TEACHER))
    bad = staff.post("/admin/faq/office-hours", {"category": "other", "question": "", "answer": ""})
    assert "missing" in bad.get_data(as_text=True)


def test_unanswered_question_becomes_a_phrasing(staff, webhook, fake_line, process):
    chat(webhook, fake_line, process, TEACHER, "ระบบสารบรรณอิเล็กทรอนิกส์ของเขตเข้าตรงไหน")
    page = staff.get("/admin/faq").get_data(as_text=True)
    assert "ระบบสารบรรณอิเล็กทรอนิกส์ของเขตเข้าตรงไหน" in page
    miss_id = page.split("/admin/faq/misses/")[1].split("/")[0]
    assert staff.post(f"/admin/faq/misses/{miss_id}/phrasing", {"entry": "system-access"}).status_code == 302
    queue = staff.get("/admin/faq").get_data(as_text=True).split("คำถามที่บอทตอบไม่ได้")[1].split("คำถามทั้งหมด")[0]
    assert "ระบบสารบรรณ" not in queue
    answer = chat(webhook, fake_line, process, TEACHER, "ระบบสารบรรณอิเล็กทรอนิกส์ของเขตเข้าตรงไหน")
    assert texts.FAQ_HELPFUL in said(answer[-1:])  # now answered with the entry it was taught to


def seeded_round(services, db) -> int:
    """Seed the calendar and one school; return the id of DMC term 1 of academic year 2027."""
    from bot.storage import calendar_repo

    with services.sessions() as session, session.begin():
        calendar_repo.seed(session, utcnow().date(), utcnow())
        register_repo.import_schools(session, [{"school_code": "1034150001", "name": "บ้านหนองบัว"}])
    return next(r.id for r in calendar_repo.rounds(db) if r.key == "dmc-1" and r.academic_year == 2027)


ROUND = {"name": "DMC ภาคเรียนที่ 1", "system": "DMC", "opens": "17/05/2570", "closes": "15 มิ.ย. 2570",
         "data_as_of": "๑๐-๐๖-๒๕๗๐", "remind_time": "08:30", "reminders": "opens closes-3 closes",
         "announcement": "ขยายเวลาตามหนังสือ สพฐ."}


def test_calendar_edit_and_completion_by_school(staff, services, db):
    round_id = seeded_round(services, db)
    page = staff.get(f"/admin/calendar/{round_id}").get_data(as_text=True)
    assert "DMC ภาคเรียนที่ 1" in page and "ส่งแล้ว 0 / 1" in page
    assert "บันทึกการส่ง: ยังไม่มี" in page and "{}" not in page  # not a raw dict
    assert 'type="date"' not in page and 'placeholder="วว/ดด/ปปปป"' in page
    saved = staff.post(f"/admin/calendar/{round_id}", ROUND)
    assert saved.status_code == 302
    listing = staff.get("/admin/calendar").get_data(as_text=True)
    # 12 June 2027, three days before, is a Saturday: the reminder moves to Friday the 11th
    assert "17 พฤษภาคม 2570 – 15 มิถุนายน 2570" in listing and "11 มิ.ย. 2570 08:30" in listing
    page = staff.get(f"/admin/calendar/{round_id}").get_data(as_text=True)  # shown back in BE, as typed
    assert 'name="opens" value="17/05/2570"' in page and 'name="closes" value="15/06/2570"' in page
    assert 'name="data_as_of" value="10/06/2570"' in page
    bad = staff.post(f"/admin/calendar/{round_id}", ROUND | {"opens": "20/06/2570", "reminders": "opens"})
    assert forms.CLOSES_BEFORE_OPENS in bad.get_data(as_text=True)
    staff.post(f"/admin/calendar/{round_id}/done", {"school": "1034150001"})
    assert "ส่งแล้ว 1 / 1" in staff.get(f"/admin/calendar/{round_id}").get_data(as_text=True)


@pytest.mark.parametrize(("field", "typed", "says"), [
    ("closes", "31/02/2570", "กำหนดส่ง: ไม่มีวันที่ “31/02/2570” ในปฏิทิน"),
    ("opens", "00/13/2570", "เปิดให้บันทึก: ไม่มีวันที่ “00/13/2570” ในปฏิทิน"),
    ("closes", "15/06/2027", "กำหนดส่ง: ปี 2027 เป็นปี ค.ศ. ใช้ปี พ.ศ. (2570)"),
    ("closes", "15/06/3115", "กำหนดส่ง: ปี 3115 ไกลจากปีนี้เกินไป"),  # 2570 + 545, the deadline once kept
    ("data_as_of", "สิ้นเดือน", "ข้อมูล ณ วันที่: อ่าน “สิ้นเดือน” เป็นวันที่ไม่ได้"),
    ("opens", "", "เปิดให้บันทึก: กรุณากรอกวันที่"),
])
def test_calendar_refuses_an_impossible_date_and_keeps_what_was_typed(staff, services, db, field, typed, says):
    from bot.storage import calendar_repo

    round_id = seeded_round(services, db)
    before = calendar_repo.to_dict(calendar_repo.get(db, round_id))
    refused = staff.post(f"/admin/calendar/{round_id}", ROUND | {field: typed, "announcement": "ตามหนังสือ ศธ ๐๔"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and says in page and "วว/ดด/ปปปป เป็นปี พ.ศ. เช่น 31/12/2569" in page
    assert f'name="{field}" value="{typed}"' in page and "ตามหนังสือ ศธ ๐๔</textarea>" in page
    assert 'name="opens" value="17/05/2570"' in page or field == "opens"
    assert re.search(rf'name="{field}" [^>]*aria-invalid="true"', page)
    db.rollback()
    assert calendar_repo.to_dict(calendar_repo.get(db, round_id)) == before


def test_groups_link_and_school_import(staff, services, db):
    with services.sessions() as session, session.begin():
        groups_repo.joined(session, "Cgroup1", utcnow(), "ครูบ้านหนองบัว")
    csv = "school_code,name,district\n1034150001,บ้านหนองบัว,เมือง\n".encode()
    imported = staff.post("/admin/schools/import", {"file": (io.BytesIO(csv), "s.csv")},
                          content_type="multipart/form-data", follow_redirects=True)
    assert "นำเข้าโรงเรียน 1 แห่งแล้ว" in imported.get_data(as_text=True)
    wrong = staff.post("/admin/schools/import", {"file": (io.BytesIO(b"a,b\n1,2\n"), "s.csv")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "นำเข้าไม่ได้" in wrong.get_data(as_text=True)
    staff.post("/admin/groups/Cgroup1/link", {"school": "1034150001"})
    db.rollback()
    assert groups_repo.get(db, "Cgroup1").school_code == "1034150001"
    staff.post("/admin/groups/Cgroup1/link", {"school": "area"})
    db.rollback()
    assert groups_repo.get(db, "Cgroup1").area_wide


def test_office_settings_change_what_the_bot_says(staff, webhook, fake_line, process):
    saved = staff.post("/admin/settings", {"name": "กลุ่ม DLICT สพป.ทดสอบ เขต 9", "phone": "045-999-999",
                                           "hours": "จันทร์–ศุกร์ 08:00–16:00 น.", "register_prefix": "DL",
                                           "staff_group_id": "", "followup_days": "3",
                                           "closures": "2027-01-02\n๓ ม.ค. ๒๕๗๐, 04/01/2570 05/01/2570"})
    assert saved.status_code == 302
    page = staff.get("/admin/settings").get_data(as_text=True)
    assert ">02/01/2570\n03/01/2570\n04/01/2570\n05/01/2570</textarea>" in page  # kept CE, shown in BE
    typo = staff.post("/admin/settings", {"followup_days": "3", "closures": "02/01/2570\n31/02/2570"})
    assert "วันหยุดเพิ่มของสำนักงาน: ไม่มีวันที่ “31/02/2570”" in typo.get_data(as_text=True)
    assert ">02/01/2570\n31/02/2570</textarea>" in typo.get_data(as_text=True)
    chat(webhook, fake_line, process, TEACHER, "เบอร์โทรติดต่อเขต")
    assert any("045-999-999" in t for t in fake_line.texts_to(TEACHER))
    refused = staff.post("/admin/settings", {"followup_days": "7"})
    assert "1–3 วันทำการ" in refused.get_data(as_text=True)


def test_dashboard_and_audit_render(staff, webhook, fake_line, process, db):
    file_line_request(webhook, fake_line, process, db, subject="ขอรหัส DMC")
    page = staff.get("/admin/dashboard").get_data(as_text=True)
    assert "เรื่องทั้งหมด <b>1</b>" in page and "<svg" in page and "DMC" in page
    assert "login" in staff.get("/admin/audit").get_data(as_text=True)


def test_dashboard_shows_events_set_aside_and_notices(staff, services, webhook, fake_line, process, monkeypatch):
    def broken(ctx):
        raise ValueError("ข้อมูลเสียหาย")

    monkeypatch.setattr(services.router, "resolve", lambda payload: broken)
    webhook.text("Ubroken0000000000000000000000000", "คำถามที่ทำให้ระบบล้ม")
    for _ in range(2):
        process()
        with services.sessions() as session, session.begin():  # the one retry is due a second later
            session.execute(InboxEvent.__table__.update().values(next_attempt_at=services.processor.clock()))
    page = staff.get("/admin/dashboard").get_data(as_text=True)
    assert "ประมวลผลไม่ได้และพักไว้" in page and "ValueError" in page
    assert "คำถามที่ทำให้ระบบล้ม" not in page  # the teacher's words stay out of notices


def test_the_staff_group_is_chosen_from_the_groups_the_bot_is_in_and_a_name_is_refused(staff, services, db):
    group_id = "C" + "a1" * 16
    with services.sessions() as session, session.begin():
        groups_repo.joined(session, group_id, utcnow(), "ICT เขต 9")
    page = staff.get("/admin/settings").get_data(as_text=True)
    assert f'<option value="{group_id} (ICT เขต 9)">' in page
    refused = staff.post("/admin/settings", {"name": "x", "staff_group_id": "ICT เขต 9"}).get_data(as_text=True)
    assert "ไม่ใช่ชื่อกลุ่ม" in refused and 'value="ICT เขต 9"' in refused  # kept as typed, not saved
    assert staff.post("/admin/settings", {"name": "x", "staff_group_id": f"{group_id} (ICT เขต 9)"}).status_code == 302
    with services.sessions() as session:
        assert settings_repo.office(session, services.settings.office).staff_group_id == group_id


def test_a_western_year_on_the_reports_page_is_explained_on_the_page(staff):
    page = staff.get("/admin/stats?month=12/2026")
    shown = page.get_data(as_text=True)
    assert page.status_code == 400 and 'id="month-error"' in shown and 'value="12/2026"' in shown
    assert "เมนูหลัก" in shown  # the whole page with its menu, not a bare error


def test_whoever_answers_a_request_nobody_has_takes_it(staff, webhook, fake_line, process, db):
    number = file_line_request(webhook, fake_line, process, db, subject="เข้า DMC ไม่ได้")
    staff.post(f"/admin/r/{number}/reply", {"body": "ลองล้างแคชครับ", "final": "0"})
    db.rollback()
    assert db.scalars(select(Ticket)).one().assigned_to == "somchai"
    staff.post(f"/admin/r/{number}/assign", {"staff": "malee"})
    staff.post(f"/admin/r/{number}/reply", {"body": "เรียบร้อยครับ"})
    db.rollback()
    assert db.scalars(select(Ticket)).one().assigned_to == "malee"  # someone has it: answering does not take it
