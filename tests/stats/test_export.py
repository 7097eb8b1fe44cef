"""The workbook a director files: date cells in the Buddhist era, repair columns, the manual's headings (pure)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace
from datetime import datetime

from openpyxl import load_workbook

from bot.clock import BANGKOK
from bot.register import rules
from bot.stats import export
from bot.stats.report import Period, Record

RECEIVED = datetime(2026, 11, 9, 8, 30, tzinfo=BANGKOK)
CONSULT = Record(number="ICT-2570-0001", received_at=RECEIVED, channel="line", kind="consult", category="dmc",
                 urgency="normal", status="closed", subject="ส่งข้อมูล DMC ไม่ได้", details=None, requester="ครูสมใจ",
                 position="ครู", phone="0812345678", school_code="1034150001", school="บ้านหนองบัว", district="เมือง",
                 assigned_to="มาลี ศรีสุข", first_response_at=datetime(2026, 11, 9, 2, 5, tzinfo=BANGKOK),
                 resolved_at=None, closed_at=None, followup_result="solved", understanding="good", satisfaction=5,
                 comment=None)
REPAIR = replace(CONSULT, number="ICT-2570-0002", kind="repair", category="computer", subject="ปริ้นเตอร์ไม่ออก",
                 equipment="ปริ้นเตอร์", asset_number="7440-001-0001/65", location="ห้องธุรการ", followup_result=None,
                 understanding=None, satisfaction=None)
META = export.Meta(Period.month("2026-11"), "กลุ่ม DLICT สพป.ทดสอบ", dict(rules.CATEGORIES),
                   datetime(2026, 12, 1, 7, tzinfo=BANGKOK), {}, {}, [])


def workbook(*records, anonymous=False):
    buffer = io.BytesIO()
    export.write("xlsx", list(records), replace(META, anonymous=anonymous), buffer)
    return buffer.getvalue()


def register(data):
    """Read the register sheet back as {header: [cells of each row]}."""
    rows = list(load_workbook(io.BytesIO(data))["ทะเบียน"].iter_rows())
    headers = [cell.value for cell in rows[0]]
    return {header: [row[i] for row in rows[1:]] for i, header in enumerate(headers)}


def test_times_are_date_cells_whose_format_shows_the_buddhist_era():
    data = workbook(CONSULT)
    cols = register(data)
    received, answered = cols["วันที่รับเรื่อง"][0], cols["ตอบครั้งแรก"][0]
    assert received.is_date and received.value == datetime(2026, 11, 9, 8, 30)  # Bangkok wall time, as read there
    assert answered.is_date and answered.value == datetime(2026, 11, 9, 2, 5)
    # calendar 07 (Thai Buddhist) of locale 041E: Excel shows 9 พ.ย. 2569, LibreOffice reads it as [~buddhist]
    assert received.number_format == answered.number_format == "[$-107041E]d mmm yyyy hh:mm"
    assert cols["แก้ไขเสร็จ"][0].value is None  # not resolved yet: an empty cell
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        assert 'formatCode="[$-107041E]d mmm yyyy hh:mm"' in xlsx.read("xl/styles.xml").decode()


def test_repair_rows_have_equipment_asset_number_and_room():
    cols = register(workbook(CONSULT, REPAIR))
    assert [c.value for c in cols["อุปกรณ์"]] == [None, "ปริ้นเตอร์"]
    assert [c.value for c in cols["เลขครุภัณฑ์"]] == [None, "7440-001-0001/65"]
    assert [c.value for c in cols["ห้อง/ที่ตั้ง"]] == [None, "ห้องธุรการ"]
    assert [c.value for c in cols["ผู้รับผิดชอบ"]] == ["มาลี ศรีสุข", "มาลี ศรีสุข"]


def test_anonymous_workbook_keeps_the_repair_columns_and_drops_the_people():
    cols = register(workbook(REPAIR, anonymous=True))
    assert cols["เลขครุภัณฑ์"][0].value == "7440-001-0001/65" and cols["วันที่รับเรื่อง"][0].is_date
    assert not {"ผู้ขอ", "โทร", "เรื่อง", "ผู้รับผิดชอบ"} & set(cols)


def test_csv_keeps_times_as_buddhist_era_text_and_the_new_columns():
    buffer = io.BytesIO()
    export.write("csv", [CONSULT, REPAIR], META, buffer)
    header, consult, repair = csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig")))
    row = dict(zip(header, repair, strict=True))
    assert row["วันที่รับเรื่อง"] == "9 พ.ย. 2569 08:30" and row["ตอบครั้งแรก"] == "9 พ.ย. 2569 02:05"
    assert (row["อุปกรณ์"], row["เลขครุภัณฑ์"], row["ห้อง/ที่ตั้ง"]) == ("ปริ้นเตอร์", "7440-001-0001/65", "ห้องธุรการ")
    assert row["แก้ไขเสร็จ"] == "" and dict(zip(header, consult, strict=True))["อุปกรณ์"] == ""


def test_the_summary_uses_the_headings_of_the_manuals_forms():
    sheet = load_workbook(io.BytesIO(workbook(CONSULT, REPAIR)))["สรุป"]
    column = [row[0] for row in sheet.iter_rows(values_only=True)]
    # seed 004: forms 7.2 of the consultation process and of the computer-systems process
    assert column[0] == "สรุปรายงานสถิติการให้คำปรึกษาด้านระบบข้อมูลสารสนเทศและเทคโนโลยีดิจิทัลเพื่อการศึกษา"
    assert "รายงานข้อมูลสถิติการให้บริการด้านระบบคอมพิวเตอร์และเทคโนโลยีสารสนเทศและการสื่อสาร" in column
    # step 5 (classify the kinds of consultation), the process table's column, steps 5.5 and 6
    for heading in ("ประเภทการให้คำปรึกษา คำแนะนำ", "เวลาดำเนินงาน", "ประเมินความเข้าใจของผู้ขอรับคำปรึกษา",
                    "ติดตามผลการให้คำปรึกษา แนะนำ", "ผลการประเมินความพึงพอใจ", "แจ้งซ่อมวัสดุอุปกรณ์ (ตามอุปกรณ์)"):
        assert heading in column, heading
    repairs = column.index("แจ้งซ่อมวัสดุอุปกรณ์ (ตามอุปกรณ์)")
    assert [c.value for c in next(sheet.iter_rows(min_row=repairs + 2, max_row=repairs + 2))][:2] == ["ปริ้นเตอร์", 1]
    assert column.index("ประเภทการให้คำปรึกษา คำแนะนำ") < column.index(
        "รายงานข้อมูลสถิติการให้บริการด้านระบบคอมพิวเตอร์และเทคโนโลยีสารสนเทศและการสื่อสาร") < repairs
