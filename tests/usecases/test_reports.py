"""Statistics report: every figure in the files equals what the database says, for generated data."""

from __future__ import annotations

import csv
import math
import random
import re
import statistics
from collections import Counter
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.clock import BANGKOK
from bot.register import rules
from bot.stats.report import Period
from bot.storage import faq_repo, register_repo, settings_repo, staff_repo
from bot.storage.models import Requester, School, Ticket
from bot.workdays import add_working_days

MONTH = "2026-11"
NOW = datetime(2026, 12, 1, 7, 0, tzinfo=BANGKOK)
SCHOOLS = [("1034150001", "บ้านหนองบัว", "เมือง"), ("1034150002", "บ้านโนนสูง", "วารินชำราบ"),
           ("1034150003", "อนุบาลวาริน", "วารินชำราบ")]


def generate(services, n=60, seed=7):
    """Put n requests in November 2026 (and a few outside it) with every field the report counts."""
    rng = random.Random(seed)
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": c, "name": nm, "district": d} for c, nm, d in SCHOOLS])
        for i in range(n + 4):
            inside = i < n
            received = (datetime(2026, 11, 1, 8, tzinfo=BANGKOK) + timedelta(hours=rng.randrange(0, 29 * 24))
                        if inside else datetime(2026, 10 + (i % 2) * 2, 15, 9, tzinfo=BANGKOK))
            code = rng.choice([*[c for c, _, _ in SCHOOLS], None])
            requester = Requester(name=f"ครู {i}", phone=f"08{i:08d}", school_code=code, created_at=received,
                                  updated_at=received, school_name=None if code else "หน่วยงานอื่น")
            session.add(requester)
            session.flush()
            subject = "=HYPERLINK(\"http://x\")" if i == 3 else f"เรื่องที่ {i}"
            ticket = register_repo.create_ticket(
                session, requester, {"kind": rng.choice(list(rules.KINDS)), "category": rng.choice(["dmc", "dltv",
                                     "network", "other"]), "subject": subject, "urgency": "normal"},
                "ICT", received, channel=rng.choice(list(rules.CHANNELS)))
            if rng.random() < 0.8:
                ticket.first_response_at = received + timedelta(hours=rng.uniform(0.2, 80))
                ticket.status = "answered"
                if rng.random() < 0.7:
                    ticket.resolved_at = ticket.first_response_at + timedelta(hours=rng.uniform(1, 100))
                    ticket.status = "resolved"
                    ticket.followup_result = rng.choice(list(rules.FOLLOWUP_RESULTS))
                    if ticket.followup_result == "solved":
                        ticket.satisfaction = rng.randint(1, 5)
                        ticket.understanding = rng.choice(list(rules.UNDERSTANDING))
                        ticket.status = "closed"
        for entry, times in (("dmc-term2", 5), ("office-hours", 2)):
            for _ in range(times):
                faq_repo.record_hit(session, entry, datetime(2026, 11, 20, tzinfo=BANGKOK))
        faq_repo.record_miss(session, "unanswered", "จองรถตู้ยังไง", "จองรถตู้ยังไง", datetime(2026, 11, 5,
                                                                                                    tzinfo=BANGKOK))


def expected(services):
    """Compute the report's figures straight from the database, independently of bot.stats."""
    period = Period.month(MONTH)
    with services.sessions() as session:
        rows = session.execute(select(Ticket, School).outerjoin(School, School.code == Ticket.school_code)
                               .where(Ticket.received_at >= period.start, Ticket.received_at < period.end)
                               .order_by(Ticket.received_at, Ticket.id)).all()
        categories = settings_repo.categories(session)
    tickets = [t for t, _ in rows]
    hours = sorted((t.first_response_at - t.received_at).total_seconds() / 3600 for t in tickets if t.first_response_at)
    resolved = sorted((t.resolved_at - t.received_at).total_seconds() / 3600 for t in tickets if t.resolved_at)

    def on_time(pairs, days):
        return round(100 * sum(done.astimezone(BANGKOK).date() <= add_working_days(start.astimezone(BANGKOK).date(),
                                                                                  days) for start, done in pairs)
                     / len(pairs), 1)

    rated = [t.satisfaction for t in tickets if t.satisfaction is not None]
    return {
        "numbers": [t.number for t in tickets],
        "total": len(tickets),
        "ประเภทการขอรับบริการ": {rules.KINDS[k]: n for k, n in Counter(t.kind for t in tickets).items()},
        "ประเภทการให้คำปรึกษา คำแนะนำ": {categories[k]: n for k, n in Counter(t.category for t in tickets).items()},
        "ช่องทางการให้คำปรึกษา แนะนำ": {rules.CHANNELS[k]: n for k, n in Counter(t.channel for t in tickets).items()},
        "ตามสถานะ": {rules.STATUSES[k]: n for k, n in Counter(t.status for t in tickets).items()},
        "ตามโรงเรียน": dict(Counter(s.name if s else "หน่วยงานอื่น" for t, s in rows)),
        "ตามอำเภอ": dict(Counter(s.district if s else "(ไม่ระบุ)" for t, s in rows)),
        "ติดตามผลการให้คำปรึกษา แนะนำ": {rules.FOLLOWUP_RESULTS[k]: n for k, n in
                                         Counter(t.followup_result for t in tickets if t.followup_result).items()},
        "ประเมินความเข้าใจของผู้ขอรับคำปรึกษา": {rules.UNDERSTANDING[k]: n for k, n in
                                                 Counter(t.understanding for t in tickets if t.understanding).items()},
        "median": round(statistics.median(hours), 1), "p90": round(hours[math.ceil(0.9 * len(hours)) - 1], 1),
        "on_time": on_time([(t.received_at, t.first_response_at) for t in tickets if t.first_response_at], 1),
        "res_median": round(statistics.median(resolved), 1),
        "res_on_time": on_time([(t.received_at, t.resolved_at) for t in tickets if t.resolved_at], 3),
        "satisfaction": Counter(rated), "mean": round(sum(rated) / len(rated), 2), "rated": len(rated),
    }


def words(page):
    """Return a page's text without its tags, spaces made single."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def read_summary(path):
    """Read the สรุป sheet back as {section title: {label: value}}."""
    sheet = load_workbook(path)["สรุป"]
    sections, current = {}, None
    for label, value, *_ in sheet.iter_rows(min_row=4, values_only=True):
        if label is None:
            current = None
        elif current is None:
            current = sections.setdefault(label, {})
        else:
            current[label] = value
    return sections


def test_xlsx_figures_equal_the_database(services, tmp_path):
    generate(services)
    want = expected(services)
    path = tmp_path / "stats.xlsx"
    assert services.reports.produce(Period.month(MONTH), "xlsx", path, NOW) == want["total"] == 60
    got = read_summary(path)
    assert got["จำนวนเรื่องทั้งหมด"]["รวม"] == 60
    for section in ("ประเภทการขอรับบริการ", "ประเภทการให้คำปรึกษา คำแนะนำ", "ช่องทางการให้คำปรึกษา แนะนำ", "ตามสถานะ",
                    "ตามโรงเรียน", "ตามอำเภอ", "ติดตามผลการให้คำปรึกษา แนะนำ", "ประเมินความเข้าใจของผู้ขอรับคำปรึกษา"):
        assert got[section] == want[section], section
    times = got["เวลาดำเนินงาน"]
    assert times["ตอบครั้งแรก: มัธยฐาน (ชั่วโมง)"] == want["median"]
    assert times["ตอบครั้งแรก: เปอร์เซ็นไทล์ที่ 90 (ชั่วโมง)"] == want["p90"]
    assert times["ตอบภายใน 1 วันทำการตามคู่มือ (%)"] == want["on_time"]
    assert times["แก้ไขเสร็จ: มัธยฐาน (ชั่วโมง)"] == want["res_median"]
    assert times["แก้ไขเสร็จภายใน 3 วันทำการ (%)"] == want["res_on_time"]
    sat = got["ผลการประเมินความพึงพอใจ"]
    assert [sat[f"{k} {rules.SATISFACTION[k]}"] for k in (5, 4, 3, 2, 1)] == [want["satisfaction"][k]
                                                                               for k in (5, 4, 3, 2, 1)]
    assert sat["ค่าเฉลี่ย (1–5)"] == want["mean"] and sat["จำนวนผู้ประเมิน"] == want["rated"]
    assert got["คำตอบจากคลังคำถาม (FAQ)"]["รวม"] == 7
    assert got["คำถามที่ยังตอบไม่ได้ (บ่อยที่สุด)"] == {"จองรถตู้ยังไง": 1}

    book = load_workbook(path)
    register = book["ทะเบียน"]
    assert register.freeze_panes == "A2" and register["B1"].value == "เลขที่" and register["B1"].font.bold
    rows = list(register.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == want["numbers"]  # one row per request, in the register's order
    assert all(isinstance(r[2], datetime) for r in rows)  # date cells (shown in the Buddhist era: test_export)
    assert not any(isinstance(v, str) and v.startswith("=") for r in rows for v in r)
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for r in rows for v in r)  # neutralised
    assert len(book["สรุป"]._charts) == 3
    assert register.column_dimensions["F"].width > 20  # the subject column is wide enough to read


def test_csv_has_a_bom_one_row_per_request_and_anonymous_leaves_out_people(services, tmp_path):
    generate(services)
    want = expected(services)
    path = tmp_path / "stats.csv"
    services.reports.produce(Period.month(MONTH), "csv", path, NOW)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["ลำดับ", "เลขที่", "วันที่รับเรื่อง"] and len(rows) == 61
    assert [r[1] for r in rows[1:]] == want["numbers"]
    assert any(c.startswith("'=HYPERLINK") for r in rows for c in r)
    anonymous = tmp_path / "anonymous.csv"
    services.reports.produce(Period.month(MONTH), "csv", anonymous, NOW, anonymous=True)
    text = anonymous.read_text(encoding="utf-8-sig")
    assert "ผู้ขอ" not in text.splitlines()[0] and "ครู 1" not in text and "0800000001" not in text
    assert "เรื่องที่" not in text and "บ้านหนองบัว" in text


def test_printable_page_has_the_figures_and_no_personal_data(services, tmp_path):
    generate(services)
    path = tmp_path / "report.html"
    services.reports.produce(Period.month(MONTH), "html", path, NOW)
    page = path.read_text(encoding="utf-8")
    assert "เดือนพฤศจิกายน 2569" in page and "จำนวนเรื่องทั้งหมด 60 เรื่อง" in words(page) and 'class="bar"' in page
    assert "0800000001" not in page and "HYPERLINK" not in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "html"])
def test_an_empty_month_works(services, tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    assert services.reports.produce(Period.month("2027-02"), fmt, path, NOW) == 0
    if fmt == "xlsx":
        assert read_summary(path)["จำนวนเรื่องทั้งหมด"]["รวม"] == 0


def test_periods():
    fy = Period.fiscal_year(2570)
    assert (fy.start, fy.end) == (datetime(2026, 10, 1, tzinfo=BANGKOK), datetime(2027, 10, 1, tzinfo=BANGKOK))
    assert fy.months[0] == "2026-10" and fy.months[-1] == "2027-09" and len(fy.months) == 12
    assert Period.month("2026-12").end == datetime(2027, 1, 1, tzinfo=BANGKOK)


def test_first_of_month_job_writes_once_and_tells_the_staff_group(services, tmp_path, fake_line):
    generate(services, n=5)
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"staff_group_id": "Cstaff"})
    path = services.reports.monthly(NOW, tmp_path)
    assert path == tmp_path / "stats-2026-11.xlsx" and read_summary(path)["จำนวนเรื่องทั้งหมด"]["รวม"] == 5
    assert services.reports.monthly(NOW + timedelta(minutes=1), tmp_path) is None
    services.pump.run_until_idle()
    [note] = fake_line.texts_to("Cstaff")
    assert "รายงานสถิติเดือนพฤศจิกายน 2569" in note and "/admin/stats?month=2026-11" in note


def test_cli_export(cli, services, tmp_path):
    generate(services, n=3)
    out = tmp_path / "fy.xlsx"
    result = cli("stats", "export", "--fiscal-year", "2570", "--output", str(out))
    assert result.exit_code == 0 and "ปีงบประมาณ 2570" in result.output
    assert read_summary(out)["จำนวนเรื่องทั้งหมด"]["รวม"] == 3 + 4  # the four in October and December 2026 too
    assert cli("stats", "export", "--output", str(out)).exit_code != 0


def test_admin_download(staff, services):
    generate(services, n=4)
    response = staff.get(f"/admin/stats/download?month={MONTH}&format=xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert "attachment" in response.headers["Content-Disposition"]
    page = staff.get(f"/admin/stats/download?month={MONTH}&format=html").get_data(as_text=True)
    assert "จำนวนเรื่องทั้งหมด 4 เรื่อง" in words(page)
    assert staff.get("/admin/stats").status_code == 200
    assert staff.get("/admin/stats/download?month=nope").status_code == 400
    assert "stats.export" in staff.get("/admin/audit").get_data(as_text=True)  # a download is audited too


def test_register_names_the_assignee_and_shows_the_repairs_equipment(services, tmp_path):
    received = datetime(2026, 11, 10, 9, tzinfo=BANGKOK)
    with services.sessions() as session, session.begin():
        staff_repo.create_user(session, "malee", "correct-horse-battery", "staff", "มาลี ศรีสุข", received)
        requester = Requester(name="ครูวิไล", school_code=None, created_at=received, updated_at=received)
        session.add(requester)
        session.flush()
        for n, (who, fields) in enumerate([
            ("malee", {"kind": "repair", "category": "computer", "subject": "ปริ้นเตอร์ไม่ออก", "equipment": "ปริ้นเตอร์",
                       "asset_number": "7440-001-0001/65", "location": "ห้องธุรการ"}),
            ("somsak", {"kind": "consult", "category": "dmc", "subject": "ส่ง DMC"}),  # an account since removed
            (None, {"kind": "consult", "category": "dmc", "subject": "ยังไม่มีผู้รับ"}),
        ]):
            ticket = register_repo.create_ticket(session, requester, {"urgency": "normal", **fields}, "ICT",
                                                 received + timedelta(minutes=n))
            ticket.assigned_to = who
    path = tmp_path / "stats.xlsx"
    services.reports.produce(Period.month(MONTH), "xlsx", path, NOW)
    rows = list(load_workbook(path)["ทะเบียน"].iter_rows(values_only=True))
    column = {header: [row[i] for row in rows[1:]] for i, header in enumerate(rows[0])}
    assert column["ผู้รับผิดชอบ"] == ["มาลี ศรีสุข", "somsak", None]
    assert column["อุปกรณ์"][0] == "ปริ้นเตอร์" and column["เลขครุภัณฑ์"][0] == "7440-001-0001/65"
    assert column["ห้อง/ที่ตั้ง"] == ["ห้องธุรการ", None, None]
    assert column["วันที่รับเรื่อง"][0] == datetime(2026, 11, 10, 9, 0)  # a date cell, Bangkok time


def test_the_printable_page_from_the_admin_page_names_who_prints_it(staff, services):
    generate(services, n=4)
    page = words(staff.get(f"/admin/stats/download?month={MONTH}&format=html").get_data(as_text=True))
    assert "ผู้รายงาน ( สมชาย ใจดี )" in page and "หัวหน้ากลุ่ม" in page  # the logged-in staff member


def test_cli_writes_the_printable_page_and_an_anonymous_workbook(cli, services, tmp_path):
    generate(services, n=5)
    page = tmp_path / "report.html"
    assert cli("stats", "export", "--month", MONTH, "--format", "html", "--output", str(page)).exit_code == 0
    text = words(page.read_text(encoding="utf-8"))
    assert "จำนวนเรื่องทั้งหมด 5 เรื่อง" in text and "ผู้รายงาน" in text and "หัวหน้ากลุ่ม" in text
    book = tmp_path / "anonymous.xlsx"
    assert cli("stats", "export", "--month", MONTH, "--anonymous", "--output", str(book)).exit_code == 0
    header = next(load_workbook(book)["ทะเบียน"].iter_rows(values_only=True))
    assert "ผู้ขอ" not in header and "ผู้รับผิดชอบ" not in header and "เลขครุภัณฑ์" in header
