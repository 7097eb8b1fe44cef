"""Hostile text in the register never turns into a formula, never breaks an export, never lands in /tmp."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from bot.clock import BANGKOK
from bot.knowledge import base
from bot.stats import export
from bot.stats.report import Period
from bot.storage import faq_repo, register_repo, settings_repo
from bot.storage.models import Requester

MONTH = "2026-11"
NOW = datetime(2026, 12, 1, 7, 0, tzinfo=BANGKOK)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCHOOL = '=HYPERLINK("http://x","y")'


def hostile(services) -> str:
    """File a request whose every label is a formula or holds a control character Word pastes; return the C0."""
    c0 = "\x0b\x01" + ("\x00" if services.engine.dialect.name == "sqlite" else "")  # PostgreSQL refuses NUL itself
    received = datetime(2026, 11, 10, 9, tzinfo=BANGKOK)
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": "1034150001", "name": SCHOOL + c0,
                                                "district": "=1+1" + c0}])
        settings_repo.set_categories(session, {"dmc": "@SUM(A1)" + c0 + "DMC", "other": "อื่น ๆ"})
        settings_repo.set_office(session, {"name": "+สำนักงาน" + c0})
        entry = next(e for e in base.load() if e.id == "dmc-term2")
        faq_repo.save_entries(session, [base.entry_to_dict(entry) | {"question": "-1+2" + c0 + "DMC เทอม 2"}],
                              received)
        faq_repo.record_hit(session, "dmc-term2", received)
        faq_repo.record_miss(session, "unanswered", "=cmd|' /C calc'!A0" + c0, "cmd calc", received)
        requester = Requester(name="ครู" + c0 + "สมใจ", school_code="1034150001", phone="0812345678",
                              created_at=received, updated_at=received)
        session.add(requester)
        session.flush()
        register_repo.create_ticket(session, requester, {"kind": "consult", "category": "dmc", "urgency": "normal",
                                                         "subject": "=เรื่อง" + c0 + "ส่งข้อมูล"}, "ICT", received)
    return c0


def assert_safe_workbook(data: bytes | os.PathLike) -> None:
    """Check every cell of every sheet: no formula, no refused character, hostile labels kept as text."""
    book = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (sheet.title, cell.coordinate, cell.value)
                    assert not ILLEGAL_CHARACTERS_RE.search(cell.value), (sheet.title, cell.coordinate)
                    texts.append(cell.value)
    summary = [c for row in book["สรุป"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    for label in ("'" + SCHOOL, "'=1+1", "'@SUM(A1)DMC", "'-1+2DMC เทอม 2", "'+สำนักงาน", "'=cmd|' /C calc'!A0"):
        assert label in summary, label
    assert "'=เรื่องส่งข้อมูล" in texts and "ครูสมใจ" in texts


def test_the_one_neutraliser_strips_refused_characters_and_defuses_formulas():
    assert export.neutral("=1+1") == "'=1+1"
    assert export.neutral("\x0b=1+1") == "'=1+1"  # stripped first, so the formula behind it is seen
    assert export.neutral("  =1+1") == "'  =1+1"
    assert export.neutral("ครู\x00\x0bสมใจ") == "ครูสมใจ"
    assert export.neutral(5) == 5 and export.neutral(None) is None


def test_xlsx_summary_and_register_never_hold_a_formula(services, tmp_path):
    hostile(services)
    path = tmp_path / "stats.xlsx"
    assert services.reports.produce(Period.month(MONTH), "xlsx", path, NOW) == 1
    assert_safe_workbook(path)


def test_csv_goes_through_the_same_neutraliser(services, tmp_path):
    c0 = hostile(services)
    path = tmp_path / "stats.csv"
    services.reports.produce(Period.month(MONTH), "csv", path, NOW)
    text = path.read_text(encoding="utf-8-sig")
    assert not any(ch in text for ch in c0)
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'" + SCHOOL in cells and "'=เรื่องส่งข้อมูล" in cells and "'@SUM(A1)DMC" in cells
    assert not any(c.startswith(FORMULA_STARTS) for c in cells)


def test_cli_export_survives_control_characters(cli, services, tmp_path):
    hostile(services)
    out = tmp_path / "out.xlsx"
    result = cli("stats", "export", "--month", MONTH, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert_safe_workbook(out)


def test_monthly_job_survives_control_characters(services, tmp_path):
    hostile(services)
    path = services.reports.monthly(NOW, tmp_path)
    assert path == tmp_path / "stats-2026-11.xlsx"
    assert_safe_workbook(path)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Point tempfile at an empty folder of this test, so what a download leaves there is its own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    assert tempfile.gettempdir() == str(folder)
    return folder


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "html"])
def test_admin_download_survives_control_characters_and_leaves_nothing_in_tmp(staff, services, private_tmp, fmt):
    c0 = hostile(services)
    response = staff.get(f"/admin/stats/download?month={MONTH}&format={fmt}", buffered=False)
    assert response.status_code == 200
    assert list(private_tmp.iterdir()) == []  # not even while the response is still being sent
    data = b"".join(response.response)
    response.close()
    assert list(private_tmp.iterdir()) == []
    if fmt == "xlsx":
        assert "attachment" in response.headers["Content-Disposition"]
        assert_safe_workbook(data)
    elif fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        assert "'" + SCHOOL in [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
        assert not any(ch.encode() in data for ch in c0)
    else:
        assert "HYPERLINK" in data.decode("utf-8")  # the printable page shows the school's name, escaped
