"""Hostile query strings on the admin page get a 400 that says what is wrong, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.exceptions import BadRequest

from bot.admin import query
from tests.conftest import PASSWORD, Staff
from tests.helpers.live import admin_urls

HOSTILE = ["/admin/\r\nSet-Cookie:x=1", "x" * 10240, "\x00", "9999-12", "0000-01", "99999999999999", "9999-12-31",
           "0001-01-01", "-2026-11", "-2569", "๒๕๖๙", "๒๐๒๖-๑๑", "1" * 25, "2026-13", "2026-02-30", ""]
KEYS = ["month", "fiscal_year", "since", "until", "next", "format", "status", "kind", "category", "school", "staff",
        "q", "anonymous"]


def test_every_get_route_survives_hostile_query_strings(app, staff):
    routes = [url for _, url, methods in admin_urls(app) if "GET" in methods]
    assert len(routes) >= 12
    for url in routes:
        for key in KEYS:
            for value in HOSTILE:
                response = staff.get(url, query_string={key: value})
                assert response.status_code < 500, (url, key, value, response.status_code)
        response = staff.get(url, query_string={key: "\r\n" + "9" * 25 for key in KEYS})
        assert response.status_code < 500, url


@pytest.mark.parametrize(("url", "message"), [
    ("/admin/dashboard?month=9999-12", "ไกลจากปีนี้"), ("/admin/dashboard?month=0000-01", "ไกลจากปีนี้"),
    ("/admin/stats?month=9999-12", "ไกลจากปีนี้"), ("/admin/stats/download?month=-2026-01", "ดด/ปปปป"),
    ("/admin/stats?month=11/2026", "ค.ศ."), ("/admin/dashboard?month=13/2569", "ไม่มีเดือน"),
    ("/admin/stats?fiscal_year=99999999999999", "2543"), ("/admin/stats/download?fiscal_year=-2569", "2543"),
    ("/admin/stats?fiscal_year=%E0%B9%92%E0%B9%95%E0%B9%96%E0%B9%99", "0–9"),
    ("/admin/?since=9999-12-31", "ไกลจากปีนี้"), ("/admin/?until=9999-12-31", "ไกลจากปีนี้"),
    ("/admin/?since=nope", "วว/ดด/ปปปป"),
    ("/admin/?q=%00", "control"),
])
def test_extreme_dates_and_years_get_a_clear_400(staff, url, message):
    response = staff.get(url)
    assert response.status_code == 400, response.status_code
    assert message in response.get_data(as_text=True)


def test_sane_values_still_work(staff):
    def page(url):
        response = staff.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    assert "แดชบอร์ด พฤศจิกายน 2569" in page("/admin/dashboard?month=2026-11")
    assert 'name="fiscal_year" value="2570"' in page("/admin/stats?fiscal_year=2570")
    assert 'name="fiscal_year" value="2027"' in page("/admin/stats?fiscal_year=2027")
    # a CE year is read as that year: the report for 2027 is fiscal year 2570
    assert "ปีงบประมาณ 2570" in page("/admin/stats/download?fiscal_year=2027&format=html")
    for since, until in (("2026-11-01", "2026-11-30"), ("1/11/2569", "๓๐ พ.ย. ๒๕๖๙")):  # shown back in BE
        filtered = page(f"/admin/?since={since}&until={until}")
        assert 'name="since" value="01/11/2569"' in filtered and 'name="until" value="30/11/2569"' in filtered
    stats = page("/admin/stats?month=11/2569")
    assert 'name="month" value="11/2569"' in stats and "month=2026-11&amp;format=xlsx" in stats
    assert 'name="month" value="11/2569"' in page("/admin/stats?month=2026-11")
    assert staff.post("/admin/new", {"channel": "phone", "name": "ครูสมใจ", "kind": "consult",
                                     "subject": "ทดสอบตัวกรองว่าง"}).status_code == 302
    assert "ทดสอบตัวกรองว่าง" in page("/admin/?since=&until=")  # an empty form field filters nothing


def test_the_helper(app):
    with app.test_request_context("/?month=2026-11&be=11/2569&fy=2570&ce=2027&empty="):
        assert query.month("month", "2000-01") == query.month("be", "2000-01") == "2026-11"
        assert query.month("missing", "2026-10") == "2026-10"
        assert query.typed_date("ตั้งแต่", "30/11/2569") == query.typed_date("ตั้งแต่", "2026-11-30") == date(2026, 11, 30)
        assert query.typed_date("ตั้งแต่", " ") is None
        with pytest.raises(ValueError, match="ตั้งแต่: ปี 2026 เป็นปี ค"):
            query.typed_date("ตั้งแต่", "30/11/2026")
        assert query.year("fy", buddhist=True) == query.year("ce", buddhist=True) == 2027
        with pytest.raises(BadRequest):
            query.year("fy")  # a Buddhist-era year only where the page takes one


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_next_with_a_line_break_is_refused(client, accounts, method):
    staff = Staff(client)
    target = "/admin/\r\nSet-Cookie:x=1"
    if method == "GET":
        response = client.get("/admin/login?next=/admin/%0d%0aSet-Cookie:x=1")
    else:
        response = client.post("/admin/login", data={"username": "somchai", "password": PASSWORD,
                                                     "csrf_token": staff.token(), "next": target})
    assert response.status_code == 400
    assert "x=1" not in response.headers.get("Set-Cookie", "")
    assert client.get("/admin/").status_code == 302  # and nobody was logged in on the way
