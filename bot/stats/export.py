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

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.clock import BANGKOK
from bot.register import rules
from bot.register.rules import FIRST_RESPONSE_DAYS, RESOLUTION_DAYS
from bot.stats import printable
from bot.stats.report import Period, Record, Summary
from bot.texts import report as rt
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
    reporter: str | None = None  # the staff member who prints it, named under ผู้รายงาน


Column = tuple[str, Callable[[Record, Meta], Any], bool]  # header, value, personal data?


def _column(key: str, value: Callable[[Record, Meta], Any], personal: bool = False) -> Column:
    return rt.COLUMNS[key], value, personal


COLUMNS: list[Column] = [
    _column("number", lambda r, m: r.number),
    _column("received_at", lambda r, m: r.received_at),
    _column("channel", lambda r, m: rules.CHANNELS.get(r.channel, r.channel)),
    _column("kind", lambda r, m: rules.KINDS.get(r.kind, r.kind)),
    _column("category", lambda r, m: m.categories.get(r.category, r.category)),
    _column("subject", lambda r, m: r.subject, True),
    _column("details", lambda r, m: r.details or "", True),
    _column("equipment", lambda r, m: r.equipment or ""),
    _column("asset_number", lambda r, m: r.asset_number or ""),
    _column("location", lambda r, m: r.location or ""),
    _column("requester", lambda r, m: r.requester or "", True),
    _column("position", lambda r, m: r.position or "", True),
    _column("phone", lambda r, m: r.phone or "", True),
    _column("school_code", lambda r, m: r.school_code or ""),
    _column("school", lambda r, m: r.school or ""),
    _column("district", lambda r, m: r.district or ""),
    _column("urgency", lambda r, m: rules.URGENCIES.get(r.urgency, r.urgency)),
    _column("status", lambda r, m: rules.STATUSES.get(r.status, r.status)),
    _column("assigned_to", lambda r, m: r.assigned_to or "", True),  # the staff member's name (stats_repo)
    _column("first_response_at", lambda r, m: r.first_response_at),
    _column("resolved_at", lambda r, m: r.resolved_at),
    _column("closed_at", lambda r, m: r.closed_at),
    _column("followup_result",
            lambda r, m: rules.FOLLOWUP_RESULTS.get(r.followup_result or "", r.followup_result or "")),
    _column("understanding", lambda r, m: rules.UNDERSTANDING.get(r.understanding or "", r.understanding or "")),
    _column("satisfaction", lambda r, m: r.satisfaction if r.satisfaction is not None else ""),
    _column("comment", lambda r, m: r.comment or "", True),
]
WIDTHS = {rt.COLUMNS[key]: width for key, width in (
    ("number", 16), ("received_at", 18), ("subject", 40), ("details", 50), ("requester", 24), ("school", 28),
    ("comment", 40), ("category", 22), ("kind", 22), ("equipment", 20), ("asset_number", 20), ("location", 22),
    ("assigned_to", 22), ("first_response_at", 18), ("resolved_at", 18), ("closed_at", 18))}
# A date cell shown in the Buddhist era: calendar 07 (Thai Buddhist) of locale 041E (Thai), as Excel writes it;
# LibreOffice reads the same code as [~buddhist].
BE_DATETIME = "[$-107041E]d mmm yyyy hh:mm"


def columns(anonymous: bool) -> list[Column]:
    """Return the register's columns; without personal data when the report leaves the office."""
    return [c for c in COLUMNS if not (anonymous and c[2])]


def register_rows(records: Iterable[Record], summary: Summary, meta: Meta) -> Iterator[list[Any]]:
    """Yield each request as a row of values, adding it to the summary on the way (writers neutralise them)."""
    cols = columns(meta.anonymous)
    for order, record in enumerate(records, start=1):
        summary.add(record)
        yield [order, *(value(record, meta) for _, value, _ in cols)]


Rows = list[tuple[str, Any]]
Section = tuple[str, Rows]


def parts(summary: Summary, meta: Meta) -> list[tuple[str, list[Section]]]:
    """Return the summary's tables under the manual's two report forms, in the order the report prints them."""
    f = summary.figures()

    def label_counts(counter: Any, labels: dict[Any, str]) -> Rows:
        return [(labels.get(key, str(key)), n) for key, n in counter.most_common()]

    hours = list(zip(rt.times(FIRST_RESPONSE_DAYS, RESOLUTION_DAYS),
                     (f["response_median_h"], f["response_p90_h"], f["response_within_target_pct"],
                      f["resolution_median_h"], f["resolution_p90_h"], f["resolution_within_target_pct"]),
                     strict=True))
    satisfaction: Rows = [(f"{k} {rules.SATISFACTION[k]}", summary.satisfaction.get(k, 0)) for k in (5, 4, 3, 2, 1)]
    satisfaction += [(rt.MEAN, f["satisfaction_mean"]), (rt.RATED, f["satisfaction_count"])]
    faq = [(meta.faq_questions.get(k, k), n) for k, n in sorted(meta.faq_answers.items(), key=lambda kv: -kv[1])]
    consultation = [
        (rt.TOTAL, [(rt.ALL, summary.total)]),
        (rt.BY_CATEGORY, label_counts(summary.by_category, meta.categories)),
        (rt.BY_CHANNEL, label_counts(summary.by_channel, rules.CHANNELS)),
        (rt.TIMES, hours),
        (rt.UNDERSTANDING, label_counts(summary.understanding, rules.UNDERSTANDING)),
        (rt.FOLLOWUP, label_counts(summary.followup, rules.FOLLOWUP_RESULTS)),
        (rt.FAQ, [(rt.ALL, sum(meta.faq_answers.values())), *faq[:15]]),
        (rt.UNANSWERED, list(meta.unanswered)),
    ]
    service = [
        (rt.BY_KIND, label_counts(summary.by_kind, rules.KINDS)),
        (rt.BY_STATUS, label_counts(summary.by_status, rules.STATUSES)),
        (rt.BY_EQUIPMENT, label_counts(summary.by_equipment, {})),
        (rt.BY_SCHOOL, label_counts(summary.by_school, {})),
        (rt.BY_DISTRICT, label_counts(summary.by_district, {})),
        (rt.SATISFACTION, satisfaction),
    ]
    return [(rt.CONSULT_REPORT, consultation), (rt.SERVICE_REPORT, service)]


CHARTED = (rt.BY_KIND, rt.BY_CATEGORY, rt.SATISFACTION)
UNCHARTED_ROWS = {rt.SATISFACTION: 2}  # the mean and the count close the satisfaction table, they are no bars


def write_xlsx(records: Iterable[Record], meta: Meta, target: Path | IO[bytes]) -> Summary:
    """Write the workbook: สรุป (figures and charts) and ทะเบียน (one row per request), streamed."""
    summary = Summary()
    book = Workbook(write_only=True)
    front, register = book.create_sheet(rt.SUMMARY_SHEET), book.create_sheet(rt.REGISTER_SHEET)
    cols = columns(meta.anonymous)
    register.freeze_panes = "A2"
    for index, (header, _, _) in enumerate([(rt.COLUMNS["order"], None, False), *cols], start=1):
        register.column_dimensions[get_column_letter(index)].width = WIDTHS.get(header, 14)
    _append(register, [rt.COLUMNS["order"], *(header for header, _, _ in cols)], bold=True)
    for row in register_rows(records, summary, meta):
        _append(register, row)

    front.column_dimensions["A"].width = 48
    front.column_dimensions["B"].width = 14
    _append(front, [rt.CONSULT_REPORT], bold=True)
    _append(front, [meta.office])
    _append(front, [meta.period.label, rt.generated(when(meta.generated_at))])
    line = 3
    for number, (part, tables) in enumerate(parts(summary, meta)):
        if number:  # the first part's heading is the sheet's title
            _append(front, [])
            _append(front, [part], bold=True)
            line += 2
        for title, rows in tables:
            _append(front, [])
            _append(front, [title, rt.COUNT], bold=True)
            line += 2
            first = line + 1
            for label, value in rows:
                _append(front, [label, value])
                line += 1
            if title in CHARTED and rows:
                chart = BarChart()
                chart.title, chart.legend, chart.height, chart.width = title, None, 7, 14
                last = line - UNCHARTED_ROWS.get(title, 0)
                chart.add_data(Reference(front, min_col=2, min_row=first, max_row=last))
                chart.set_categories(Reference(front, min_col=1, min_row=first, max_row=last))
                front.add_chart(chart, f"D{first - 1}")
    book.save(target)
    return summary


def _append(sheet: Any, values: list[Any], bold: bool = False) -> None:
    """Add a row to a sheet; every cell of the workbook passes through `neutral` here, times become date cells."""
    cells: list[Any] = []
    for value in values:
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value.astimezone(BANGKOK).replace(tzinfo=None))  # Excel has no time zones
            cell.number_format = BE_DATETIME
        elif bold:
            cell = WriteOnlyCell(sheet, neutral(value))
        else:
            cells.append(None if value == "" else neutral(value))  # an empty cell is not written at all: faster
            continue
        if bold:
            cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def _text(value: Any) -> Any:
    """Return a value as a CSV cell: a time in Thai Buddhist-era text, everything through `neutral`."""
    if isinstance(value, datetime):
        return when(value)
    return "" if value is None else neutral(value)


def write_csv(records: Iterable[Record], meta: Meta, target: IO[str]) -> Summary:
    """Write one row per request, UTF-8 with a BOM so Thai Excel opens it right (the caller opens utf-8-sig)."""
    summary = Summary()
    out = csv.writer(target)
    out.writerow(map(neutral, [rt.COLUMNS["order"], *(header for header, _, _ in columns(meta.anonymous))]))
    out.writerows(map(_text, row) for row in register_rows(records, summary, meta))
    return summary


def render_html(records: Iterable[Record], meta: Meta) -> str:
    """Return the printable page for the director: the same figures and charts, no personal data."""
    summary = Summary()
    for record in records:
        summary.add(record)
    return printable.render(meta, parts(summary, meta), summary)


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
