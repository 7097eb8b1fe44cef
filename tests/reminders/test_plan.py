"""Which reminders are due for which groups, and what they say: pure tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from bot.clock import BANGKOK, first_of_next_month
from bot.collection_calendar import default_rounds, reminders
from bot.reminders import plan

DMC2 = replace(next(r for r in default_rounds(2027) if r.key == "dmc-2"), id=7,
               announcement="ตรวจสอบเลขประจำตัวนักเรียนก่อนยืนยันข้อมูล")
LONG_AGO = datetime(2027, 1, 1, tzinfo=BANGKOK)
SCHOOL_A = plan.GroupTarget("Cgroup-a", "1034150001", LONG_AGO, members=30)
SCHOOL_B = plan.GroupTarget("Cgroup-b", "1034150002", LONG_AGO, members=12)
AREA = plan.GroupTarget("Cgroup-area", None, LONG_AGO, members=400)
GRACE = timedelta(hours=3)


def at(day: date, hour: int = 9, minute: int = 1) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


def test_nothing_is_due_before_nine():
    first = reminders(DMC2)[0]
    assert plan.due([DMC2], [SCHOOL_A], set(), set(), first.at - timedelta(minutes=1), GRACE) == []
    due = plan.due([DMC2], [SCHOOL_A], set(), set(), first.at, GRACE)
    assert [(d.reminder.offset, d.target.group_id, d.late) for d in due] == [("opens", "Cgroup-a", False)]


def test_recorded_sends_and_finished_schools_are_not_due_again():
    last = reminders(DMC2)[-1]
    everyone = plan.due([DMC2], [SCHOOL_A, SCHOOL_B, AREA], set(), set(), last.at, timedelta(days=200))
    recorded = {(7, d.reminder.offset, d.target.group_id) for d in everyone if d.reminder.offset != "closes"}
    due = plan.due([DMC2], [SCHOOL_A, SCHOOL_B, AREA], recorded, {(7, "1034150001")}, last.at, GRACE)
    # school A said it is done; the area group still hears every reminder
    assert {(d.reminder.offset, d.target.group_id) for d in due} == {("closes", "Cgroup-b"), ("closes", "Cgroup-area")}


def test_a_reminder_missed_beyond_the_grace_window_is_late():
    first = reminders(DMC2)[0]
    due = plan.due([DMC2], [SCHOOL_A], set(), set(), first.at + GRACE + timedelta(minutes=1), GRACE)
    assert [d.late for d in due] == [True]
    assert [d.late for d in plan.due([DMC2], [SCHOOL_A], set(), set(), first.at + GRACE, GRACE)] == [False]


def test_a_group_linked_later_does_not_owe_earlier_reminders():
    newcomer = replace(SCHOOL_A, since=at(date(2027, 11, 4)))
    due = plan.due([DMC2], [newcomer], set(), set(), at(date(2027, 11, 10), 10), timedelta(days=30))
    assert [d.reminder.offset for d in due] == ["closes-3", "closes-1", "closes"]


@pytest.mark.parametrize(("offset", "lead"), [
    ("opens", "เปิดให้บันทึกข้อมูล DMC ภาคเรียนที่ 2 แล้ววันนี้"),
    ("closes-7", "อีก 7 วันจะถึงกำหนดส่ง DMC ภาคเรียนที่ 2 (10 พฤศจิกายน 2570)"),
    ("closes", "วันนี้เป็นวันสุดท้ายของการบันทึกข้อมูล DMC ภาคเรียนที่ 2"),
])
def test_message_reads_as_on_the_day(offset, lead):
    reminder = next(r for r in reminders(DMC2) if r.offset == offset)
    body = plan.message(DMC2, reminder, None)
    assert lead in body
    assert "15 กรกฎาคม 2570 – 10 พฤศจิกายน 2570" in body and "ข้อมูล ณ วันที่ 10 พฤศจิกายน 2570" in body
    assert DMC2.announcement in body and "ส่งแล้ว" in body


def test_area_message_shows_progress_instead_of_the_button_hint():
    body = plan.message(DMC2, reminders(DMC2)[-1], (12, 80))
    assert "ส่งแล้ว 12 จาก 80 โรงเรียน" in body and "กดปุ่ม" not in body


def test_cost_counts_members_per_push_by_month_and_skips_finished_schools():
    cost = plan.cost_by_month(DMC2, [SCHOOL_A, SCHOOL_B, AREA], at(date(2027, 7, 1)), {(7, "1034150001")})
    assert cost == {(2027, 7): 412, (2027, 11): 4 * 412}
    assert plan.month_name(2027, 11) == "พฤศจิกายน 2570"
    assert first_of_next_month(date(2027, 12, 31)) == date(2028, 1, 1)
