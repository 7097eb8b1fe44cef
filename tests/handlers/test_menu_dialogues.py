"""The rich menu's calendar and contact buttons, typed or tapped as teachers do."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import BANGKOK, utcnow
from bot.collection_calendar import Round
from bot.storage import calendar_repo, settings_repo
from bot.thai import long_date
from tests.helpers.dialogue import chat

TEACHER = "U00000000000000000000000000000m1"


@pytest.mark.parametrize("typed", [texts.MENU_CALENDAR, "ปฏิทินค่ะ", "กำหนดส่งข้อมูลครับ"])
def test_the_calendar_lists_the_round_open_now_with_its_days_left(webhook, fake_line, process, services, typed):
    today = utcnow().astimezone(BANGKOK).date()
    round_ = Round("office-check", "DMC", "ตรวจสอบข้อมูลนักเรียนรายบุคคล", today - timedelta(days=2),
                   today + timedelta(days=3), academic_year=today.year)
    with services.sessions() as session, session.begin():
        calendar_repo.save(session, round_, utcnow())
    said = chat(webhook, fake_line, process, TEACHER, typed)[-1]["text"]
    assert said.startswith("📅 ปฏิทินส่งข้อมูลที่กำลังจะถึง")
    line = next(row for row in said.splitlines() if "ตรวจสอบข้อมูลนักเรียนรายบุคคล" in row)
    assert line == (f"• ตรวจสอบข้อมูลนักเรียนรายบุคคล: {long_date(round_.opens)} – {long_date(round_.closes)} "
                    "(เปิดอยู่ เหลือ 3 วัน)")
    assert str(today.year + 543) in said  # Buddhist-era years


@pytest.mark.parametrize("typed", [texts.MENU_CONTACT, "ติดต่อเจ้าหน้าที่ครับ", "ติดต่อ"])
def test_contact_gives_the_phone_and_hours_staff_set(webhook, fake_line, process, services, typed):
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"phone": "045-244-555 ต่อ 12", "hours": "จันทร์–ศุกร์ 08:00–16:00 น."})
    said = chat(webhook, fake_line, process, TEACHER, typed)[-1]["text"]
    assert "โทร 045-244-555 ต่อ 12" in said and "เวลาทำการ จันทร์–ศุกร์ 08:00–16:00 น." in said
    assert services.settings.office_name in said
