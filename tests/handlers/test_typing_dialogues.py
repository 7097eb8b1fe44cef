"""Dialogue tables in phone Thai: particles on every command and step, cancel and back, edits at review, schools."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import texts
from bot.storage import register_repo
from bot.storage.models import TicketEntry
from tests.helpers.dialogue import chat, choices, requester, said, tickets

TEACHER = "U0000000000000000000000000000ty1"
SCHOOLS = [{"school_code": "1034150001", "name": "บ้านหนองบัว", "district": "เมือง"},
           {"school_code": "1034150002", "name": "บ้านหนองบัวแดง", "district": "เมือง"},
           {"school_code": "1034150003", "name": "บ้านโนนสูง", "district": "วารินชำราบ"}]
# A new teacher reporting a printer, as typed on a phone: particles on every answer, Thai digits, a prefix.
PROFILE = ["สมศรี ใจดีค่ะ", "ครูค่ะ", "โรงเรียนบ้านโนนสูงค่ะ", "๐๘๑-๒๓๔-๕๖๗๘ ค่ะ"]
REPAIR = ["ปริ้นเตอร์ค่ะ", "ไม่มีค่ะ", "ห้องคอม 2 ค่ะ", "เปิดไม่ติดค่ะ", "ข้ามค่ะ", "ด่วนค่ะ", "ยืนยันค่ะ"]
ANSWERS = [*PROFILE, *REPAIR]
KEPT = {"equipment": "ปริ้นเตอร์", "asset_number": None, "location": "ห้องคอม 2", "subject": "เปิดไม่ติด",
        "urgency": "urgent", "kind": "repair", "school_code": "1034150003"}


@pytest.fixture(autouse=True)
def schools(services):
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, SCHOOLS)


def talk(webhook, fake_line, process, *lines):
    return chat(webhook, fake_line, process, TEACHER, *lines)


def test_particles_stay_out_of_the_register_and_rooms_keep_their_numbers(webhook, fake_line, process, db):
    replies = talk(webhook, fake_line, process, "แจ้งซ่อมค่ะ", *ANSWERS)
    [ticket] = tickets(db)
    assert {field: getattr(ticket, field) for field in KEPT} == KEPT
    person = requester(db, TEACHER)
    assert (person.name, person.position, person.phone) == ("สมศรี ใจดี", "ครู", "0812345678")
    assert texts.SCHOOL_WHICH not in said(replies)  # the exact name with its prefix and a particle links at once
    assert ticket.number in said(replies[-1:])  # the receipt card


@pytest.mark.parametrize(("typed", "expected"), [
    ("แจ้งซ่อมค่ะ", texts.REQUEST_STARTS["repair"]),
    ("แจ้ง ซ่อม นะคะ", texts.REQUEST_STARTS["repair"]),
    ("แจ้งซ่อมครับผม", texts.REQUEST_STARTS["repair"]),
    ("ขอคำปรึกษาครับ", texts.REQUEST_STARTS["consult"]),
    ("จองประชุมทางไกลค่ะ", texts.REQUEST_STARTS["vconf"]),
    ("ขอยืมอุปกรณ์หน่อยครับ", texts.REQUEST_STARTS["borrow"]),
    ("ติดตามเรื่องหน่อยครับ", texts.NO_OPEN_REQUESTS),
    ("ติดตามเรื่องค่ะ", texts.NO_OPEN_REQUESTS),
    ("เช็คสถานะ", texts.NO_OPEN_REQUESTS),
    ("ดูสถานะหน่อยจ้า", texts.NO_OPEN_REQUESTS),
    ("แก้ไขข้อมูลค่ะ", texts.EDITING_PROFILE),
    ("คำถามที่พบบ่อยค่ะ", texts.FAQ_INTRO),
    ("แจ้งซ่อม\u200b", texts.REQUEST_STARTS["repair"]),  # a zero-width space from a copy and paste
    ("ติดตามเรื่องงงง", texts.NO_OPEN_REQUESTS),  # a letter held down
])
def test_commands_work_with_particles_and_everyday_variants(webhook, fake_line, process, typed, expected):
    replies = talk(webhook, fake_line, process, typed)
    assert replies[0]["text"].startswith(expected)


def test_every_flow_says_what_it_is_doing_first(webhook, fake_line, process):
    first = talk(webhook, fake_line, process, "แจ้งซ่อม")[0]["text"]
    assert first.startswith(texts.REQUEST_STARTS["repair"]) and texts.PROFILE_FIRST in first


def test_a_question_about_a_flow_is_answered_before_it_starts(webhook, fake_line, process):
    replies = talk(webhook, fake_line, process, "ขอจองห้องประชุมทางไกลผ่านบอทได้ไหมคะ")
    assert replies[0]["text"] == texts.YES_HERE
    assert replies[1]["text"].startswith(texts.REQUEST_STARTS["vconf"])


CANCELS = ["ยกเลิกครับ", "ยกเลิกค่ะ", "ไม่เอาแล้ว", "ไม่ต้องแล้วค่ะ", "cancel", "ยกเลิกนะคะ"]


@pytest.mark.parametrize("step", range(len(ANSWERS)))
def test_cancel_with_particles_at_every_step_registers_nothing(webhook, fake_line, process, db, step):
    word = CANCELS[step % len(CANCELS)]
    replies = talk(webhook, fake_line, process, "แจ้งซ่อม", *ANSWERS[:step], word)
    assert texts.CANCELLED in replies[-1]["text"]
    assert tickets(db) == []
    assert requester(db, TEACHER).name in (None, "สมศรี ใจดี")  # never the cancel word


@pytest.mark.parametrize("word", CANCELS)
def test_cancel_at_the_name_step_is_not_taken_for_a_name(webhook, fake_line, process, db, word):
    talk(webhook, fake_line, process, "แจ้งซ่อม", word)
    assert requester(db, TEACHER).name is None


# Going back from step k re-asks step k-1: (step, what the teacher types instead, where it shows, expected value)
BACKS = [
    (1, "สมศรี มีสุข", "name", "สมศรี มีสุข"),
    (2, "ผู้อำนวยการค่ะ", "position", "ผู้อำนวยการ"),
    (3, "บ้านหนองบัวแดง", "school_code", "1034150002"),
    (5, "คอมพิวเตอร์", "equipment", "คอมพิวเตอร์"),
    (6, "๗๔๔๐-๐๐๑-๐๐๐๑", "asset_number", "7440-001-0001"),
    (7, "ห้องธุรการ", "location", "ห้องธุรการ"),
    (8, "จอฟ้าค่ะ", "subject", "จอฟ้า"),
    (10, "ด่วนมาก", "urgency", "critical"),
]


@pytest.mark.parametrize(("step", "instead", "field", "value"), BACKS, ids=[b[2] for b in BACKS])
def test_back_re_asks_the_previous_step_and_keeps_the_new_answer(webhook, fake_line, process, db, step, instead,
                                                                  field, value):
    before = talk(webhook, fake_line, process, "แจ้งซ่อม", *ANSWERS[:step])
    assert texts.BACK in choices(before[-1]) or "แก้อาการ" in choices(before[-1])  # a button (review: edits)
    back = talk(webhook, fake_line, process, "ย้อนกลับค่ะ")
    assert back[0]["text"].startswith(texts.GOING_BACK)
    talk(webhook, fake_line, process, instead, *ANSWERS[step:])
    [ticket] = tickets(db)
    person = requester(db, TEACHER)
    assert getattr(person if field in ("name", "position") else ticket, field) == value


def test_back_at_the_first_question_says_so(webhook, fake_line, process, db):
    replies = talk(webhook, fake_line, process, "แจ้งซ่อม", "ย้อนกลับ")
    assert texts.FIRST_STEP in replies[-1]["text"] and texts.ASK_NAME in replies[-1]["text"]
    talk(webhook, fake_line, process, *ANSWERS)
    assert len(tickets(db)) == 1


# At the review step one tap changes one answer: (button or what is typed, new answer, field, expected value)
EDITS = [
    ("แก้อุปกรณ์", "อุปกรณ์", "คอมพิวเตอร์", "equipment", "คอมพิวเตอร์"),
    ("แก้เลขครุภัณฑ์", "เลขครุภัณฑ์", "7440-001-0001", "asset_number", "7440-001-0001"),
    ("แก้ที่ตั้ง", "ที่ตั้ง", "ห้องคอม ๓ ค่ะ", "location", "ห้องคอม 3"),
    ("แก้ไขที่ตั้งค่ะ", "ที่ตั้ง", "อาคาร 2", "location", "อาคาร 2"),
    ("แก้อาการ", "อาการ", "ไฟกระพริบ พิมพ์ไม่ออกค่ะ", "subject", "ไฟกระพริบ พิมพ์ไม่ออก"),
    ("แก้ความเร่งด่วน", "ความเร่งด่วน", "ปกติค่ะ", "urgency", "normal"),
    ("แกอาการ", "อาการ", "จอฟ้า", "subject", "จอฟ้า"),  # a tone mark missed
]


@pytest.mark.parametrize(("edit", "label", "new", "field", "value"), EDITS, ids=[e[0] for e in EDITS])
def test_the_review_step_changes_one_field_by_tapping_it(webhook, fake_line, process, db, edit, label, new, field,
                                                          value):
    review = talk(webhook, fake_line, process, "แจ้งซ่อม", *ANSWERS[:-1])[-1]
    offered = choices(review)
    assert offered[0] == texts.CONFIRM and offered[-1] == texts.CANCEL
    assert {"แก้อุปกรณ์", "แก้เลขครุภัณฑ์", "แก้ที่ตั้ง", "แก้อาการ", "แก้ความเร่งด่วน"} <= set(offered)
    asked = talk(webhook, fake_line, process, edit)
    assert asked[0]["text"].startswith(texts.editing(label))
    again = talk(webhook, fake_line, process, new)
    assert again[-1]["text"].startswith("ตรวจสอบข้อมูลก่อนส่ง")  # straight back to the review
    talk(webhook, fake_line, process, "ยืนยัน")
    [ticket] = tickets(db)
    assert getattr(ticket, field) == value
    unchanged = {k: v for k, v in KEPT.items() if k != field}
    assert {k: getattr(ticket, k) for k in unchanged} == unchanged


@pytest.mark.parametrize("typed", ["ไม่มีในรายชื่อค่ะ", "ข้าม", "หน่วยงานอื่นค่ะ"])
def test_a_school_not_on_the_list_goes_on_as_typed_and_staff_are_told(
        services, webhook, fake_line, process, db, typed):
    services.settings = services.settings.with_(staff_group_id="Cstaff")
    services.processor.settings = services.settings
    asked = talk(webhook, fake_line, process, "แจ้งซ่อม", "ครูเอ", "ครู", "ศูนย์การศึกษาพิเศษเขต 9 ค่ะ")
    assert texts.SCHOOL_NOT_FOUND in asked[-1]["text"] and texts.NOT_LISTED in choices(asked[-1])
    talk(webhook, fake_line, process, typed, "ข้าม", *REPAIR)
    person = requester(db, TEACHER)
    assert (person.school_code, person.school_name) == (None, "ศูนย์การศึกษาพิเศษเขต 9")
    [notice] = fake_line.texts_to("Cstaff")
    assert texts.unlisted_school("ศูนย์การศึกษาพิเศษเขต 9") in notice


def test_saying_the_school_is_not_listed_first_asks_for_its_name(webhook, fake_line, process, db):
    replies = talk(webhook, fake_line, process, "แจ้งซ่อม", "ครูเอ", "ครู", "ไม่มีในรายชื่อค่ะ")
    assert texts.ASK_UNLISTED_SCHOOL in replies[-1]["text"]
    talk(webhook, fake_line, process, "สำนักงานเขตฯ กลุ่มนโยบายและแผนค่ะ", "ข้าม", *REPAIR)
    assert requester(db, TEACHER).school_name == "สำนักงานเขตฯ กลุ่มนโยบายและแผน"
    assert len(tickets(db)) == 1


@pytest.mark.parametrize("typed", ["โรงเรียนบ้านหนองบัวครับ", "รร.บ้านหนองบัว ค่ะ", "ร.ร.บ้านหนองบัวจ้า"])
def test_an_exact_school_name_with_prefix_and_particle_links_at_once(webhook, fake_line, process, db, typed):
    replies = talk(webhook, fake_line, process, "แจ้งซ่อม", "ครูเอ", "ครู", typed)
    assert texts.ASK_PHONE in replies[-1]["text"]
    talk(webhook, fake_line, process, "ข้าม")
    assert requester(db, TEACHER).school_code == "1034150001"


def test_two_unusable_answers_offer_a_way_on_and_staff_get_it_as_typed(services, webhook, fake_line, process, db):
    services.settings = services.settings.with_(staff_group_id="Cstaff")
    services.processor.settings = services.settings
    talk(webhook, fake_line, process, "ขอคำปรึกษา", *PROFILE)
    once = talk(webhook, fake_line, process, "ระบบลงเวลาครูค่ะ")
    assert texts.HANDOVER not in choices(once[-1])
    twice = talk(webhook, fake_line, process, "โปรแกรมลงเวลาเข้างานของครู")
    assert texts.WAY_ON in twice[-1]["text"] and choices(twice[-1])[-1] == texts.HANDOVER
    done = talk(webhook, fake_line, process, texts.HANDOVER)
    [ticket] = tickets(db)
    assert ticket.number in said(done[-1:])
    assert ticket.subject == "ระบบลงเวลาครู" and "โปรแกรมลงเวลาเข้างานของครู" in ticket.details
    notes = db.scalars(select(TicketEntry.text).where(TicketEntry.kind == "note")).all()
    assert notes == [texts.HANDED_OVER_NOTE]
    assert texts.HANDED_OVER_NOTE in fake_line.texts_to("Cstaff")[0]


def test_a_typo_in_a_button_label_is_still_understood(webhook, fake_line, process, db):
    talk(webhook, fake_line, process, "แจ้งซ่อม", *PROFILE, *REPAIR[:5], "ด่วนมก", "ยืนยน")
    [ticket] = tickets(db)
    assert ticket.urgency == "critical"


def test_a_name_longer_than_a_listed_school_is_asked_about_not_swapped(webhook, fake_line, process, db):
    asked = talk(webhook, fake_line, process, "แจ้งซ่อม", "ครูเอ", "ครู", "โรงเรียนบ้านหนองบัวขาว ค่ะ")
    assert texts.SCHOOL_WHICH in asked[-1]["text"] and texts.NOT_LISTED in choices(asked[-1])
    talk(webhook, fake_line, process, texts.NOT_LISTED, "ข้าม")
    assert (requester(db, TEACHER).school_code, requester(db, TEACHER).school_name) == (None, "โรงเรียนบ้านหนองบัวขาว")


def test_back_goes_to_the_question_answered_last_not_one_the_first_message_filled(webhook, fake_line, process, db):
    talk(webhook, fake_line, process, "ปริ้นเตอร์ห้องธุรการเสียค่ะ พิมพ์ไม่ออกเลย", *PROFILE)
    talk(webhook, fake_line, process, "ข้าม")  # the asset number; equipment, place and symptom came with the message
    back = talk(webhook, fake_line, process, "ย้อนกลับ")
    assert back[-1]["text"] == f"{texts.GOING_BACK}\n{texts.ASK_ASSET}"
    talk(webhook, fake_line, process, "7440-001", "ข้าม", "ปกติ", "ยืนยัน")
    [ticket] = tickets(db)
    assert (ticket.asset_number, ticket.subject) == ("7440-001", "ปริ้นเตอร์ห้องธุรการเสีย พิมพ์ไม่ออกเลย")


def test_skip_is_refused_where_an_answer_is_required(webhook, fake_line, process, db):
    replies = talk(webhook, fake_line, process, "แจ้งซ่อม", *PROFILE, "ปริ้นเตอร์", "ข้าม", "ข้ามค่ะ")
    assert replies[-1]["text"].startswith(texts.REQUIRED_STEP) and texts.ASK_LOCATION in replies[-1]["text"]


def test_the_equipment_decides_a_repairs_category_and_a_room_name_is_not_equipment(webhook, fake_line, process, db):
    talk(webhook, fake_line, process, "เน็ตห้องคอมใช้ไม่ได้ค่ะ  wifi หลุดบ่อยมากกก", *PROFILE, "ข้าม", "ข้าม", "ด่วน",
         "ยืนยัน")
    talk(webhook, fake_line, process, "แจ้งซ่อม", "คอมพิวเตอร์", "ข้าม", "ห้องสมุด", "จอดับ", "ข้าม", "ปกติ",
         "แก้อุปกรณ์", "อินเทอร์เน็ต/Wi-Fi", "ยืนยัน")
    first, second = tickets(db)
    assert (first.equipment, first.category, first.location) == ("อินเทอร์เน็ต/Wi-Fi", "network", "ห้องคอม")
    assert (second.equipment, second.category) == ("อินเทอร์เน็ต/Wi-Fi", "network")
