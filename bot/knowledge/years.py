"""Answer questions about Thai years and working days relative to today: fiscal and academic year, B.E. (pure).

"ปีงบประมาณอะไรแล้ว", "ปีงบ 2571 เริ่มวันไหน", "ค.ศ. 2027 ตรงกับ พ.ศ. อะไร", "ปีการศึกษานี้คือปีอะไร",
"ถ้าแจ้งวันนี้ 3 วันทำการตรงกับวันไหน".
"""

from __future__ import annotations

import re
from datetime import date

from bot.knowledge.text import normalize
from bot.thai import BE_OFFSET, long_date
from bot.workdays import add_working_days, holiday_name

FISCAL = re.compile(r"ปีงบ")
# "สิ้นปีการศึกษา", "ต้นปีการศึกษา" name a time for something else ("ข้อมูลสิ้นปีการศึกษาส่งที่ไหน")
ACADEMIC = re.compile(r"(?<!สิ้น)(?<!ต้น)(?<!จบ)(?<!ปลาย)ปีการศึกษา")
ERA = re.compile(r"พ\.?ศ\.?|ค\.?ศ\.?|พุทธศักราช|คริสต์ศักราช|ปีไทย|ปีฝรั่ง")
ASKING = re.compile(r"อะไร|ไหน|เท่าไ|กี่|เมื่อไ|ตรงกับ|คือ|นับ|เริ่ม|สิ้นสุด|ถึง|แล้ว|ยัง|ปีนี้|ปีหน้า|ปีที่แล้ว")
WORKING = re.compile(r"(\d+)\s*วันทำการ")
FOLLOW_UP = re.compile(r"ติดตามผล")  # "ขอคำปรึกษาวันนี้ จะติดตามผลภายในวันไหน": the manual's 3 working days at most
FOLLOW_UP_DAYS = 3
NEXT = re.compile(r"(ปีงบ(?:ประมาณ)?|ปีการศึกษา)\s*(?:ใหม่|หน้า|ถัดไป)")  # "ปีงบใหม่เริ่มวันไหน": the coming one
WHICH_DAY = re.compile(r"วันไหน|วันที่เท่าไ|ตรงกับวัน|วันอะไร|ถึงวันไหน|ภายในวันไหน|เมื่อไ")
LAW = re.compile(r"พ\.?ร\.?บ|พระราชบัญญัติ|กฎหมาย|ระเบียบ|ประกาศ")  # "พ.ร.บ. … พ.ศ. อะไร" asks of a law
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d|25\d\d|26\d\d)(?!\d)")


def _be(year: int) -> int:
    return year if year > 2400 else year + BE_OFFSET


def answer(text: str, today: date) -> str | None:
    """Answer a question about years or counting working days, or None when it is not one."""
    value = normalize(text)
    days = WORKING.search(value)
    if days and WHICH_DAY.search(value):
        return working_days(int(days.group(1)), today)
    if FOLLOW_UP.search(value) and WHICH_DAY.search(value):
        return working_days(FOLLOW_UP_DAYS, today, "ติดตามผลภายใน 1–3 วันทำการหลังให้คำแนะนำ: ")
    if not ASKING.search(value):
        return None
    years = [int(y) for y in YEAR.findall(value)]
    ahead = 1 if NEXT.search(value) and not years else 0
    if FISCAL.search(value) and ACADEMIC.search(value):  # "ปีงบกับปีการศึกษาต่างกันยังไง"
        return fiscal(_be(years[0]) if years else None, today) + "\n" + academic(None, today)
    if FISCAL.search(value):
        return fiscal(_be(years[0]) if years else None, today, ahead)
    if ACADEMIC.search(value):
        return academic(_be(years[0]) if years else None, today, ahead)
    if ERA.search(value) and not LAW.search(value):
        return era(years[0] if years else None, today)
    return None


def fiscal(year_be: int | None, today: date, ahead: int = 0) -> str:
    """Say when a fiscal year runs (the current one, or `ahead` years after it, when none is named)."""
    current = today.year + BE_OFFSET + (1 if today.month >= 10 else 0)
    year = year_be or current + ahead
    lines = [f"ปีงบประมาณ พ.ศ. {year}: 1 ตุลาคม {year - 1} – 30 กันยายน {year}"]
    if year == current:
        ends = date(year - BE_OFFSET, 9, 30)
        lines.append(f"ตอนนี้อยู่ในปีงบประมาณ พ.ศ. {current} สิ้นสุด {long_date(ends)} อีก {(ends - today).days} วัน")
    lines.append("ปีงบประมาณเริ่ม 1 ตุลาคม สิ้นสุด 30 กันยายน และเรียกตามปี พ.ศ. ที่สิ้นสุด")
    return "\n".join(lines)


def academic(year_be: int | None, today: date, ahead: int = 0) -> str:
    """Say when an academic year runs (the current one, or `ahead` years after it, when none is named)."""
    current = today.year + BE_OFFSET - (1 if today.month < 5 else 0)
    year = year_be or current + ahead
    lines = [f"ปีการศึกษา {year}: เริ่มกลางเดือนพฤษภาคม {year} (ภาคเรียนที่ 1) ถึงมีนาคม {year + 1} (ภาคเรียนที่ 2)"]
    if year == current:
        lines.append(f"ตอนนี้อยู่ในปีการศึกษา {current}")
    return "\n".join(lines)


def era(year: int | None, today: date) -> str:
    """Convert a year between the Buddhist and the Common era (this year when none is named)."""
    if year is None:
        return f"ปีนี้ พ.ศ. {today.year + BE_OFFSET} ตรงกับ ค.ศ. {today.year} (พ.ศ. = ค.ศ. + 543)"
    if year > 2400:
        return f"พ.ศ. {year} ตรงกับ ค.ศ. {year - BE_OFFSET} (ค.ศ. = พ.ศ. − 543)"
    return f"ค.ศ. {year} ตรงกับ พ.ศ. {year + BE_OFFSET} (พ.ศ. = ค.ศ. + 543)"


def working_days(count: int, today: date, lead: str = "") -> str:
    """Say which day is `count` working days from today (weekends and Thai public holidays skipped)."""
    count = max(1, min(count, 60))
    day = add_working_days(today, count)
    skipped = [d for d in (date.fromordinal(n) for n in range(today.toordinal() + 1, day.toordinal()))
               if holiday_name(d)]
    note = f" (ข้ามวันหยุด {', '.join(holiday_name(d) or '' for d in skipped)})" if skipped else ""
    return (f"{lead}{count} วันทำการนับจากวันนี้ ({long_date(today)}) คือ {long_date(day)}{note} "
            "ไม่นับวันเสาร์ อาทิตย์ และวันหยุดราชการ")
