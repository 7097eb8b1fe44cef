"""The dashboard: requests per day over 30 days with an axis, times against the manual's targets, satisfaction,
and this month's LINE quota."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

import bot.admin.dashboard as dashboard
import bot.admin.tickets as tickets
from bot.clock import BANGKOK
from bot.storage import register_repo
from bot.storage.models import Requester

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=BANGKOK)  # a Friday


def bkk(*args: int) -> datetime:
    return datetime(*args, tzinfo=BANGKOK)


@pytest.fixture
def month(services, monkeypatch):
    """Put requests in and around November 2026 and stop the dashboard's clock on Friday 20 November."""
    monkeypatch.setattr(dashboard, "utcnow", lambda: NOW)
    # (received, first answer, resolved, satisfaction): times worked out against Thai working days
    rows = [
        (bkk(2026, 11, 3, 9), bkk(2026, 11, 3, 10), bkk(2026, 11, 3, 11), 5),  # both on time
        (bkk(2026, 11, 3, 10), bkk(2026, 11, 10, 9), bkk(2026, 11, 12, 9), 2),  # due Wed 4 and Fri 6: both late
        (bkk(2026, 11, 16, 9), None, None, None),  # Monday, still unanswered: due Tue 17, overdue now
        (bkk(2026, 11, 20, 8), None, None, None),  # this morning: not due yet
        (bkk(2026, 10, 25, 9), None, None, None),  # inside the 30 days, outside the month
        (bkk(2026, 10, 1, 9), bkk(2026, 10, 1, 10), None, None),  # before the 30 days
    ]
    with services.sessions() as session, session.begin():
        requester = Requester(name="ครูสมใจ", created_at=NOW, updated_at=NOW)
        session.add(requester)
        session.flush()
        for received, answered, resolved, satisfaction in rows:
            ticket = register_repo.create_ticket(session, requester, {"kind": "consult", "category": "dmc",
                                                                      "subject": "ส่ง DMC"}, "ICT", received)
            ticket.first_response_at, ticket.resolved_at, ticket.satisfaction = answered, resolved, satisfaction
            ticket.status = "resolved" if resolved else "answered" if answered else "received"


def daily_svg(page: str) -> str:
    return re.search(r'<svg class="daily".*?</svg>', page, re.S).group(0)


def test_requests_per_day_are_a_chart_of_30_days_with_an_axis_and_buddhist_era_dates(staff, month):
    svg = daily_svg(staff.get("/admin/dashboard").get_data(as_text=True))
    days = re.findall(r"<title>(.*?): (\d+) เรื่อง</title>", svg)
    assert len(days) == 30 and days[0][0] == "22 ต.ค. 69" and days[-1][0] == "20 พ.ย. 69"
    assert ("3 พ.ย. 69", "2") in days and ("25 ต.ค. 69", "1") in days and ("4 พ.ย. 69", "0") in days
    assert sum(int(n) for _, n in days) == 5  # 1 October is outside the window
    assert re.findall(r'class="tick"[^>]*>(\d+)</text>', svg) == ["0", "1", "2"]  # the y axis, labelled
    labels = re.findall(r'class="day-label"[^>]*>([^<]+)</text>', svg)
    assert labels == ["23 ต.ค. 69", "30 ต.ค. 69", "6 พ.ย. 69", "13 พ.ย. 69", "20 พ.ย. 69"]  # weekly, to today


def test_a_past_month_charts_its_own_last_30_days(staff, month):
    svg = daily_svg(staff.get("/admin/dashboard?month=2026-10").get_data(as_text=True))
    days = re.findall(r"<title>(.*?): (\d+) เรื่อง</title>", svg)
    assert len(days) == 30 and days[0][0] == "2 ต.ค. 69" and days[-1][0] == "31 ต.ค. 69"
    assert ("25 ต.ค. 69", "1") in days


def test_response_and_resolution_are_shown_against_the_manuals_targets(staff, month):
    page = " ".join(re.sub(r"<[^>]+>", " ", staff.get("/admin/dashboard").get_data(as_text=True)).split())
    assert "ตอบครั้งแรกภายใน 1 วันทำการ: 1 จาก 2 เรื่องที่ตอบแล้ว 50.0%" in page
    assert "แก้ไขเสร็จภายใน 3 วันทำการ: 1 จาก 2 เรื่องที่แก้ไขแล้ว 50.0%" in page
    # open now, whatever the month: 16 November's and 25 October's (this morning's is not due yet)
    assert "ยังไม่ตอบและเลยกำหนด 1 วันทำการแล้ว: 2 เรื่อง" in page


def test_satisfaction_shows_its_mean_and_distribution(staff, month):
    page = staff.get("/admin/dashboard").get_data(as_text=True)
    card = " ".join(re.sub(r"<[^>]+>", " ", page[page.index('id="satisfaction-title"'):
                                                  page.index('id="quota-title"')]).split())
    assert "3.5 / 5 · ผู้ประเมิน 2 ราย" in card
    assert "5 มากที่สุด 1" in card and "4 มาก 0" in card and "2 น้อย 1" in card and "1 น้อยที่สุด 0" in card


def test_this_months_quota_comes_from_line(staff, fake_line, monkeypatch):
    monkeypatch.setattr(tickets, "_quota", {})  # nothing cached from another test
    fake_line.usage = 120
    page = staff.get("/admin/dashboard").get_data(as_text=True)
    card = " ".join(re.sub(r"<[^>]+>", " ", page[page.index('id="quota-title"'):]).split())
    assert "120 / 300 ข้อความ · เหลือ 180" in card and "40.0%" in card


@pytest.mark.parametrize(("answer", "shown"), [(None, "ไม่ทราบ"), ((1234, None), "1,234 ข้อความ · แผนนี้ไม่จำกัดจำนวน")])
def test_a_quota_line_cannot_tell_or_without_limit(staff, monkeypatch, answer, shown):
    monkeypatch.setattr(dashboard, "quota_use", lambda: answer)
    page = staff.get("/admin/dashboard").get_data(as_text=True)
    card = " ".join(re.sub(r"<[^>]+>", " ", page[page.index('id="quota-title"'):]).split())
    assert shown in card
