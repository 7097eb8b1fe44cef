"""The admin page in Debian's Chromium: a request from LINE, the answer back into LINE, a phone request,
an FAQ edit the bot uses at once; and, over plain HTTP, every admin URL closed to visitors and CSRF enforced."""

from __future__ import annotations

import re

import pytest
import requests

from bot import texts
from bot.clock import utcnow
from bot.line.flex import plain_text
from bot.simulator.page import PEOPLE
from bot.storage import groups_repo, register_repo, staff_repo
from tests.conftest import PASSWORD
from tests.helpers.live import admin_urls, wait_for

TEACHER = next(iter(PEOPLE))


def said_by_bot(base):
    answer = requests.get(f"{base}/dev/line/transcript", params={"chat": TEACHER}, timeout=5).json()
    return [plain_text(e["message"]) for e in answer if e["from"] == "bot"]  # a card's texts too


def teacher_says(base, text):
    """Type as the teacher in the simulator (signed webhook) and wait for the bot's answer."""
    before = len(said_by_bot(base))
    response = requests.post(f"{base}/dev/line/send", json={"user": TEACHER, "kind": "text", "text": text}, timeout=10)
    assert response.json()["webhook_status"] == 200
    wait_for(lambda: len(said_by_bot(base)) > before)
    return said_by_bot(base)[before:]


@pytest.fixture
def office(live):
    base, services = live
    requests.get(f"{base}/dev/line/", timeout=5)  # seeds the simulator's demo schools
    with services.sessions() as session, session.begin():
        staff_repo.create_user(session, "somchai", PASSWORD, "admin", "สมชาย ใจดี", utcnow())
    return base


@pytest.mark.browser
def test_staff_answer_a_line_request_register_a_phone_one_and_edit_the_faq(office, browser, tmp_path):
    base = office
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.goto(f"{base}/admin/")
    assert "/admin/login" in page.url
    page.get_by_label("ชื่อผู้ใช้").fill("somchai")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_role("heading", name="กล่องเรื่อง").wait_for()

    # a teacher files a consultation in LINE while the request list is open: it appears without reloading
    for line in (texts.MENU_CONSULT, "ครูสมศรี ใจดี", "ครู", "บ้านหนองบัว", "ข้าม", "DMC",
                 "<script>alert(1)</script> ยืนยันข้อมูลไม่ได้", "ข้าม", "ปกติ", "ยืนยัน"):
        teacher_says(base, line)
    number = re.search(r"ICT-\d{4}-\d{4}", " ".join(said_by_bot(base))).group(0)
    page.get_by_role("link", name=number).wait_for(timeout=10_000)
    # shown as text, on the phone's card
    assert page.locator(".ticket-cards").get_by_text("<script>alert(1)</script> ยืนยันข้อมูลไม่ได้").count() == 1
    page.get_by_role("link", name=number).click()

    page.get_by_label("คำตอบ", exact=True).fill("กำลังตรวจสอบกับ สพฐ. ให้ครับ")
    page.get_by_role("button", name="แจ้งความคืบหน้า").click()
    page.get_by_text("ส่งความคืบหน้าเข้า LINE แล้ว").wait_for()
    assert "กำลังดำเนินการ" in page.content()  # an interim answer: in progress, not answered
    page.get_by_label("คำตอบ", exact=True).fill("กดปุ่มยืนยันที่เมนูรายงาน แล้วรอ 5 นาทีครับ")
    page.get_by_role("button", name="ส่งคำตอบสุดท้าย").click()
    page.get_by_text("ส่งคำตอบสุดท้ายเข้า LINE แล้ว").wait_for()
    wait_for(lambda: any("รอ 5 นาที" in t for t in said_by_bot(base)))
    page.screenshot(path=str(tmp_path / "admin-ticket-phone.png"), full_page=True)

    # a call from a school goes into the same register, with its channel
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/admin/new")
    page.get_by_label("ช่องทาง").select_option("phone")
    page.get_by_label("ชื่อผู้ขอ").fill("ครูวิไล โทรมา")
    page.get_by_label("ประเภท").select_option("repair")
    page.get_by_label("เรื่อง", exact=True).fill("ปริ้นเตอร์ห้องธุรการไม่ออก")
    page.get_by_role("button", name="ลงทะเบียน").click()
    page.get_by_text("ลงทะเบียนเรื่อง").first.wait_for()
    assert "โทรศัพท์" in page.content()

    # an FAQ edit: the bot answers with the new text at once
    page.goto(f"{base}/admin/faq/office-hours")
    page.get_by_role("textbox", name="คำตอบ", exact=True).fill("สำนักงานเปิด 07:30–17:00 น. ทุกวันทำการครับ")
    page.get_by_role("button", name="บันทึก").click()
    page.get_by_text("บันทึกคำถาม office-hours แล้ว").wait_for()
    assert any("07:30–17:00" in t for t in teacher_says(base, "สำนักงานเปิดกี่โมงครับ"))


@pytest.mark.browser
def test_on_a_phone_the_school_box_is_on_screen_and_relinks_a_group(office, live, browser):
    base, services = live
    with services.sessions() as session, session.begin():
        school = register_repo.school_refs(session)[-1]
        groups_repo.joined(session, "Cphone1", utcnow(), "กลุ่มครูทดสอบ")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/admin/groups")
    page.get_by_label("ชื่อผู้ใช้").fill("somchai")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    box = page.get_by_label("โรงเรียนของกลุ่ม กลุ่มครูทดสอบ")
    box.scroll_into_view_if_needed()
    where = box.bounding_box()
    assert box.is_visible() and where is not None
    assert where["x"] >= 0 and where["x"] + where["width"] <= 390 and 0 <= where["y"] <= 844 - where["height"]
    assert where["height"] >= 44 and where["width"] >= 150  # a box a thumb can use
    assert page.locator(f'#school-list option[value="{school.code} {school.name}"]').count() == 1  # searchable

    box.fill(school.name)  # the name alone, as staff type it
    page.locator("form", has=box).get_by_role("button", name="บันทึก").click()
    page.get_by_text("บันทึกโรงเรียนของกลุ่ม กลุ่มครูทดสอบ แล้ว").wait_for()
    assert page.get_by_label("โรงเรียนของกลุ่ม กลุ่มครูทดสอบ").input_value() == f"{school.code} {school.name}"
    with services.sessions() as session:
        assert groups_repo.get(session, "Cphone1").school_code == school.code


def test_every_admin_url_sends_a_visitor_to_login_and_forms_need_a_token(office, live):
    base, services = live
    for endpoint, url, methods in admin_urls(services.flask_app):
        if endpoint == "admin.login":
            continue
        for method in methods:
            response = requests.request(method, base + url, allow_redirects=False, timeout=5)
            assert response.status_code in ((302, 400) if method == "POST" else (302,)), (url, method)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/admin/login"), url
    session = requests.Session()
    login = session.get(f"{base}/admin/login", timeout=5).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    refused = session.post(f"{base}/admin/login", data={"username": "somchai", "password": PASSWORD}, timeout=5)
    assert refused.status_code == 400  # no token
    ok = session.post(f"{base}/admin/login", data={"username": "somchai", "password": PASSWORD, "csrf_token": token},
                      allow_redirects=False, timeout=5)
    assert ok.status_code == 302
    assert session.post(f"{base}/admin/new", data={"channel": "phone", "name": "x", "kind": "consult",
                                                   "subject": "y"}, timeout=5).status_code == 400

