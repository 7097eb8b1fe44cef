"""The printable report a director signs: one A4 page in Chromium for a normal month, coloured bars, signatures."""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bot import texts
from bot.clock import BANGKOK
from bot.register import rules
from bot.stats import export, printable
from bot.stats.report import Period, Record

BAR_FILL = b".1843 .5216 .3529 rg"  # #2f855a, as Chromium's PDF writer sets a fill colour


def normal_month(requests: int, categories: int, schools: int = 60, seed: int = 5) -> tuple[list[Record], export.Meta]:
    """Generate a month of requests as an office sees them: many schools, long Thai names, every field used."""
    rng = random.Random(seed)
    keys = list(rules.CATEGORIES)[:categories]
    records = []
    for n in range(requests):
        received = datetime(2026, 11, 1, 8, tzinfo=BANGKOK) + timedelta(hours=rng.randrange(0, 29 * 24))
        answered = received + timedelta(hours=rng.uniform(0.2, 60)) if rng.random() < 0.85 else None
        resolved = answered + timedelta(hours=rng.uniform(1, 90)) if answered and rng.random() < 0.7 else None
        kind = rng.choice(list(rules.KINDS))
        school = rng.randrange(schools)
        records.append(Record(
            number=f"ICT-2570-{n + 1:04d}", received_at=received, channel=rng.choice(list(rules.CHANNELS)), kind=kind,
            category=rng.choice(keys), urgency="normal", status=rng.choice(list(rules.STATUSES)),
            subject="ส่งข้อมูลไม่ได้", details=None, requester="ครูสมใจ", position=None, phone=None,
            school_code=f"10341500{school:02d}", school=f"โรงเรียนบ้านหนองบัวใหญ่วิทยาคม {school}",
            district=f"อำเภอเมืองอุบลราชธานี {school % 15}", assigned_to="มาลี ศรีสุข", first_response_at=answered,
            resolved_at=resolved, closed_at=None, followup_result=rng.choice([None, *rules.FOLLOWUP_RESULTS]),
            understanding=rng.choice([None, *rules.UNDERSTANDING]), satisfaction=rng.choice([None, 1, 2, 3, 4, 5]),
            comment=None, equipment=rng.choice(texts.EQUIPMENT) if kind == "repair" else None))
    questions = {f"q{n}": f"การส่งข้อมูลนักเรียนรายบุคคล DMC ภาคเรียนที่ 2 ต้องทำอย่างไร ข้อ {n}" for n in range(12)}
    meta = export.Meta(Period.month("2026-11"), "กลุ่มส่งเสริมการศึกษาทางไกล เทคโนโลยีสารสนเทศและการสื่อสาร "
                       "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอุบลราชธานี เขต 1", dict(list(rules.CATEGORIES.items())),
                       datetime(2026, 12, 1, 7, tzinfo=BANGKOK), {k: 20 - n for n, k in enumerate(questions)},
                       questions, [(f"ครูถามเรื่องที่บอทยังตอบไม่ได้ เช่น การจองรถตู้ของเขต ข้อ {n}", 9 - n)
                                   for n in range(10)], anonymous=True, reporter="สมชาย ใจดี")
    return records, meta


def pdf_of(browser, html: str) -> bytes:
    page = browser.new_page()
    page.set_content(html)
    pdf = page.pdf(format="A4")  # as "print" does by default: backgrounds off
    page.close()
    return pdf


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def drawn(pdf: bytes) -> bytes:
    """Return the PDF's content streams, inflated."""
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(stream))
        except zlib.error:
            continue  # an image or a font
    return b"\n".join(found)


@pytest.mark.browser
@pytest.mark.parametrize(("requests", "categories"), [(40, 8), (60, 10), (80, 12)])
def test_a_normal_month_prints_on_one_a4_page_with_its_charts(browser, requests, categories):
    records, meta = normal_month(requests, categories)
    html = export.render_html(records, meta)
    assert html.count('class="bar"') >= 40 and "<svg class=\"days\"" in html  # the charts are on that page
    assert pages(pdf_of(browser, html)) == 1


@pytest.mark.browser
def test_a_bigger_month_would_need_a_second_page_so_the_count_is_real(browser):
    records, meta = normal_month(80, 12)
    html = export.render_html(records, meta).replace("<body>", "<body><div style=\"height: 150mm\"></div>")
    assert pages(pdf_of(browser, html)) == 2


@pytest.mark.browser
def test_bars_keep_their_colours_in_print(browser):
    records, meta = normal_month(60, 10)
    html = export.render_html(records, meta)
    assert "print-color-adjust: exact" in html
    assert "background" not in re.search(r"<style>(.*?)</style>", html, re.S).group(1)  # nothing a printer drops
    assert BAR_FILL in drawn(pdf_of(browser, html))


def test_the_page_ends_with_a_signature_block_for_the_reporter_and_the_group_head():
    records, meta = normal_month(40, 8)
    html = export.render_html(records, meta)
    block = html[html.index('class="signatures"'):]
    assert html.rindex("</table>") < html.index('class="signatures"')  # after every figure
    text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
    assert "ผู้รายงาน" in text and "หัวหน้ากลุ่ม" in text
    assert text.count("ลงชื่อ") == 2 and text.count("ตำแหน่ง") == 2 and text.count("พ.ศ.") == 2
    assert "( สมชาย ใจดี )" in text  # the reporter's name in parentheses, the head's left to write
    assert block.count('class="line"') == 5  # two signatures, the head's name, two positions to write in


def test_the_signature_block_leaves_the_reporters_name_to_write_when_unknown():
    records, meta = normal_month(5, 3)
    html = export.render_html(records, replace(meta, reporter=None))
    block = html[html.index('class="signatures"'):]
    assert block.count("(<span class=\"line\"></span>)") == 2


def test_long_tables_are_cut_to_their_first_rows_and_the_rest_summed():
    rows = [(f"โรงเรียน {n}", 20 - n) for n in range(12)]
    table = printable.table("ตามโรงเรียน", rows)
    assert len(table) == 8
    assert table[-1][:2] == ("อื่น ๆ (5 รายการ)", sum(20 - n for n in range(7, 12)))
    assert table[0][2] == 100.0 and table[1][2] == 95.0  # bars against the largest school
    assert table[-1][2] is None  # the sum has no bar: it would dwarf the schools above it
    assert printable.table("ตามโรงเรียน", rows[:3]) == [(label, n, round(100 * n / 20, 1)) for label, n in rows[:3]]


def test_the_page_charts_a_month_by_day_and_a_fiscal_year_by_month():
    records, meta = normal_month(40, 8)
    month = export.render_html(records, meta)
    assert month.count('fill="#2f855a"><title>') == 30  # every day of November
    assert "30 พ.ย. 69" in month and "เรื่องที่รับรายวัน" in month
    year = export.render_html(records, replace(meta, period=Period.fiscal_year(2570)))
    assert year.count('fill="#2f855a"><title>') == 12 and "เรื่องที่รับรายเดือน" in year
