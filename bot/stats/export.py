"""Write the statistics report: XLSX (summary with charts + register), CSV (register) or a printable page."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.clock import BANGKOK
from bot.register import rules
from bot.register.rules import FIRST_RESPONSE_DAYS, RESOLUTION_DAYS
from bot.stats.report import Period, Record, Summary
from bot.thai import short_datetime

FORMATS = ("xlsx", "csv", "html")
RISKY = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads cells starting so as formulas
BOLD = Font(bold=True)


def neutral(value: Any) -> Any:
    """Make a cell safe: drop the control characters openpyxl refuses, and quote what would read as a formula."""
    if not isinstance(value, str):
        return value
    # Word pastes vertical tabs and the like; one of them used to make the whole month's workbook fail
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    # a leading apostrophe keeps "=HYPERLINK(…)" plain text, also behind spaces a spreadsheet may trim
    return "'" + value if value.startswith(RISKY) or value.lstrip().startswith(RISKY) else value


def when(moment: datetime | None) -> str:
    return short_datetime(moment.astimezone(BANGKOK)) if moment else ""


@dataclass(frozen=True)
class Meta:
    """What the report is about, and the labels to print instead of keys."""

    period: Period
    office: str
    categories: dict[str, str]
    generated_at: datetime
    faq_answers: dict[str, int]
    faq_questions: dict[str, str]
    unanswered: list[tuple[str, int]]
    anonymous: bool = False


COLUMNS: list[tuple[str, Callable[[Record, Meta], Any], bool]] = [  # header, value, personal data?
    ("เลขที่", lambda r, m: r.number, False),
    ("วันที่รับเรื่อง", lambda r, m: when(r.received_at), False),
    ("ช่องทาง", lambda r, m: rules.CHANNELS.get(r.channel, r.channel), False),
    ("ประเภท", lambda r, m: rules.KINDS.get(r.kind, r.kind), False),
    ("หมวด", lambda r, m: m.categories.get(r.category, r.category), False),
    ("เรื่อง", lambda r, m: r.subject, True),
    ("รายละเอียด", lambda r, m: r.details or "", True),
    ("ผู้ขอ", lambda r, m: r.requester or "", True),
    ("ตำแหน่ง", lambda r, m: r.position or "", True),
    ("โทร", lambda r, m: r.phone or "", True),
    ("รหัสโรงเรียน", lambda r, m: r.school_code or "", False),
    ("โรงเรียน", lambda r, m: r.school or "", False),
    ("อำเภอ", lambda r, m: r.district or "", False),
    ("ความเร่งด่วน", lambda r, m: rules.URGENCIES.get(r.urgency, r.urgency), False),
    ("สถานะ", lambda r, m: rules.STATUSES.get(r.status, r.status), False),
    ("ผู้รับผิดชอบ", lambda r, m: r.assigned_to or "", True),
    ("ตอบครั้งแรก", lambda r, m: when(r.first_response_at), False),
    ("แก้ไขเสร็จ", lambda r, m: when(r.resolved_at), False),
    ("ปิดเรื่อง", lambda r, m: when(r.closed_at), False),
    ("ผลการติดตาม", lambda r, m: rules.FOLLOWUP_RESULTS.get(r.followup_result or "", r.followup_result or ""), False),
    ("ความเข้าใจ", lambda r, m: rules.UNDERSTANDING.get(r.understanding or "", r.understanding or ""), False),
    ("ความพึงพอใจ (1–5)", lambda r, m: r.satisfaction if r.satisfaction is not None else "", False),
    ("ความคิดเห็น", lambda r, m: r.comment or "", True),
]
WIDTHS = {"เลขที่": 16, "วันที่รับเรื่อง": 18, "เรื่อง": 40, "รายละเอียด": 50, "ผู้ขอ": 24, "โรงเรียน": 28,
          "ความคิดเห็น": 40, "หมวด": 22, "ประเภท": 22}


def columns(anonymous: bool) -> list[tuple[str, Callable[[Record, Meta], Any], bool]]:
    """Return the register's columns; without personal data when the report leaves the office."""
    return [c for c in COLUMNS if not (anonymous and c[2])]


def register_rows(records: Iterable[Record], summary: Summary, meta: Meta) -> Iterator[list[Any]]:
    """Yield each request as a row of values, adding it to the summary on the way (writers neutralise them)."""
    cols = columns(meta.anonymous)
    for order, record in enumerate(records, start=1):
        summary.add(record)
        yield [order, *(value(record, meta) for _, value, _ in cols)]


def sections(summary: Summary, meta: Meta) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Return the summary's tables: (title, [(label, value) …]) in the order the report prints them."""
    f = summary.figures()

    def label_counts(counter: Any, labels: dict[Any, str]) -> list[tuple[str, Any]]:
        return [(labels.get(key, str(key)), n) for key, n in counter.most_common()]

    hours = [
        ("ตอบครั้งแรก: มัธยฐาน (ชั่วโมง)", f["response_median_h"]),
        ("ตอบครั้งแรก: เปอร์เซ็นไทล์ที่ 90 (ชั่วโมง)", f["response_p90_h"]),
        (f"ตอบภายใน {FIRST_RESPONSE_DAYS} วันทำการตามคู่มือ (%)", f["response_within_target_pct"]),
        ("แก้ไขเสร็จ: มัธยฐาน (ชั่วโมง)", f["resolution_median_h"]),
        ("แก้ไขเสร็จ: เปอร์เซ็นไทล์ที่ 90 (ชั่วโมง)", f["resolution_p90_h"]),
        (f"แก้ไขเสร็จภายใน {RESOLUTION_DAYS} วันทำการ (%)", f["resolution_within_target_pct"]),
    ]
    satisfaction = [(f"{k} {rules.SATISFACTION[k]}", summary.satisfaction.get(k, 0)) for k in (5, 4, 3, 2, 1)]
    satisfaction += [("ค่าเฉลี่ย (1–5)", f["satisfaction_mean"]), ("จำนวนผู้ประเมิน", f["satisfaction_count"])]
    faq = [(meta.faq_questions.get(k, k), n) for k, n in sorted(meta.faq_answers.items(), key=lambda kv: -kv[1])]
    return [
        ("จำนวนเรื่องทั้งหมด", [("รวม", summary.total)]),
        ("ตามประเภท", label_counts(summary.by_kind, rules.KINDS)),
        ("ตามหมวด", label_counts(summary.by_category, meta.categories)),
        ("ตามช่องทาง", label_counts(summary.by_channel, rules.CHANNELS)),
        ("ตามสถานะ", label_counts(summary.by_status, rules.STATUSES)),
        ("ตามโรงเรียน", label_counts(summary.by_school, {})),
        ("ตามอำเภอ", label_counts(summary.by_district, {})),
        ("ระยะเวลา", hours),
        ("ผลการติดตาม", label_counts(summary.followup, rules.FOLLOWUP_RESULTS)),
        ("ความเข้าใจ", label_counts(summary.understanding, rules.UNDERSTANDING)),
        ("ความพึงพอใจ", satisfaction),
        ("คำตอบจากคลังคำถาม (FAQ)", [("รวม", sum(meta.faq_answers.values())), *faq[:15]]),
        ("คำถามที่ยังตอบไม่ได้ (บ่อยที่สุด)", list(meta.unanswered)),
    ]


CHARTED = ("ตามประเภท", "ตามหมวด", "ความพึงพอใจ")


def write_xlsx(records: Iterable[Record], meta: Meta, target: Path | IO[bytes]) -> Summary:
    """Write the workbook: สรุป (figures and charts) and ทะเบียน (one row per request), streamed."""
    summary = Summary()
    book = Workbook(write_only=True)
    front, register = book.create_sheet("สรุป"), book.create_sheet("ทะเบียน")
    cols = columns(meta.anonymous)
    register.freeze_panes = "A2"
    for index, (header, _, _) in enumerate([("ลำดับ", None, False), *cols], start=1):
        register.column_dimensions[get_column_letter(index)].width = WIDTHS.get(header, 14)
    _append(register, ["ลำดับ", *(header for header, _, _ in cols)], bold=True)
    for row in register_rows(records, summary, meta):
        _append(register, row)

    front.column_dimensions["A"].width = 48
    front.column_dimensions["B"].width = 14
    _append(front, ["สรุปรายงานสถิติการให้คำปรึกษาและการให้บริการ"], bold=True)
    _append(front, [meta.office])
    _append(front, [meta.period.label, f"จัดทำ {when(meta.generated_at)}"])
    line = 3
    for title, rows in sections(summary, meta):
        _append(front, [])
        _append(front, [title, "จำนวน"], bold=True)
        line += 2
        first = line + 1
        for label, value in rows:
            _append(front, [label, value])
            line += 1
        if title in CHARTED and rows:
            chart = BarChart()
            chart.title, chart.legend, chart.height, chart.width = title, None, 7, 14
            last = line - 2 if title == "ความพึงพอใจ" else line  # not the mean and the count
            chart.add_data(Reference(front, min_col=2, min_row=first, max_row=last))
            chart.set_categories(Reference(front, min_col=1, min_row=first, max_row=last))
            front.add_chart(chart, f"D{first - 1}")
    book.save(target)
    return summary


def _append(sheet: Any, values: list[Any], bold: bool = False) -> None:
    """Add a row to a sheet; every cell of the workbook passes through `neutral` here."""
    cells = [neutral(value) for value in values]
    if bold:
        cells = [WriteOnlyCell(sheet, value) for value in cells]
        for cell in cells:
            cell.font = BOLD
    sheet.append(cells)


def write_csv(records: Iterable[Record], meta: Meta, target: IO[str]) -> Summary:
    """Write one row per request, UTF-8 with a BOM so Thai Excel opens it right (the caller opens utf-8-sig)."""
    summary = Summary()
    out = csv.writer(target)
    out.writerow(map(neutral, ["ลำดับ", *(header for header, _, _ in columns(meta.anonymous))]))
    out.writerows(map(neutral, row) for row in register_rows(records, summary, meta))
    return summary


_env = Environment(loader=PackageLoader("bot.stats", "templates"), autoescape=select_autoescape(["html"]))


def render_html(records: Iterable[Record], meta: Meta) -> str:
    """Return the printable page for the director: the same figures and charts, no personal data."""
    summary = Summary()
    for record in records:
        summary.add(record)
    tables = sections(summary, meta)
    return _env.get_template("report.html").render(meta=meta, tables=tables, charted=CHARTED, when=when,
                                                   total=summary.total)


def write(fmt: str, records: Iterable[Record], meta: Meta, target: Path | IO[bytes]) -> Summary | None:
    """Write the report in one of FORMATS to a file, or to a binary buffer (a download, never on disk)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        return write_xlsx(records, meta, target)
    with target.open("wb") if isinstance(target, Path) else contextlib.nullcontext(target) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
        try:
            if fmt == "csv":
                return write_csv(records, meta, text)
            text.write(render_html(records, meta))
            return None
        finally:
            text.flush()
            text.detach()  # the caller's buffer stays open
