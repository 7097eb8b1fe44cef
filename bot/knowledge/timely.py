"""Answer questions about collection deadlines relative to today, from the office's calendar (pure).

"DMC ปิดยัง", "ยังทันไหม", "เหลือกี่วัน", "เดือนนี้ต้องส่งอะไร", "ปฏิทินทั้งปี": open now and closes on …, N days
left; closed on … and the next round opens …; several systems in one question are answered together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.collection_calendar import Round, academic_year_of
from bot.knowledge.text import normalize
from bot.thai import BE_OFFSET, long_date

SYSTEMS = {
    "dmc": ("dmc", "ข้อมูลนักเรียน", "ข้อมูลเด็ก", "data management"),
    "emis": ("emis", "ข้อมูลพื้นฐานโรงเรียน", "ข้อมูลโรงเรียน"),
    "bobec": ("bobec", "สิ่งก่อสร้าง", "ข้อมูลอาคาร"),
    "mobec": ("mobec", "ครุภัณฑ์"),
}
# Words that pick one DMC round out of three.
ROUNDS = {
    "dmc-1": ("เทอม 1", "10 มิถุนายน", "รอบแรก", "ต้นปีการศึกษา"),
    "dmc-2": ("เทอม 2", "10 พฤศจิกายน", "รอบสอง"),
    "dmc-end": ("สิ้นปี", "ปลายปี", "31 มีนาคม", "จบปีการศึกษา", "เลื่อนชั้น"),
}
WHEN = re.compile(r"ปิดยัง|ปิดหรือยัง|ปิดแล้วยัง|ปิดแล้วหรือ|ปิดไป|หมดเขต|ยังทัน|ทันไหม|ทันมั้ย|ทันมั๊ย|ทันอยู่|ทันป่าว|"
                  r"เหลือกี่วัน|อีกกี่วัน|กี่วัน|เมื่อไหร่|เมื่อไร|เมื่อไหร|วันไหน|วันที่เท่าไ|ถึงวัน|ถึงเมื่อ|เปิดยัง|"
                  r"เปิดหรือยัง|เปิดแล้ว|เปิดเมื่อ|เปิดวัน|เปิดอีก|กำหนดส่ง|กำหนดการ|deadline|ช่วงไหน|ช่วงเวลา|ช่วงวัน|"
                  r"ส่งได้ถึง|กรอกได้ถึง|ได้ถึง|ยังส่งได้|ยังกรอกได้|ยังเข้าได้|ปิดระบบ|เปิดระบบ|รอบหน้า|รอบถัดไป")
THIS_MONTH = re.compile(r"เดือนนี้|ช่วงนี้|ตอนนี้ต้อง|ตอนนี้มี|ตอนนี้ระบบ|สัปดาห์นี้|อาทิตย์นี้|เดือนหน้า|ต้องส่งอะไร|มีอะไรต้องส่ง|ส่งอะไรบ้าง|"
                        r"กรอกอะไรบ้าง|ต้องกรอกอะไร|ระบบไหนเปิด")
ABOUT_DATA = re.compile(r"ส่ง|กรอก|ข้อมูล|ระบบ|คีย์|บันทึก")  # "เดือนนี้" alone may be about a salary
COUNT = re.compile(r"กี่รอบ|กี่ครั้ง")
# Not about dates at all: why something matters, or a school's own figures ("มีนักเรียนกี่คน").
NOT_DATES = re.compile(r"ทำไม|เพราะอะไร|เหตุใด|กี่คน|กี่เครื่อง|กี่ห้อง|กี่หลัง|จำนวนนักเรียน|จำนวนครู|เตือน|บอท")
WHOLE_YEAR = re.compile(r"ทั้งปี|ตลอดปี|ปฏิทิน|ทุกรอบ|ทั้งหมดกี่รอบ|กี่รอบ|มีรอบไหนบ้าง|รอบไหนบ้าง")
MOBEC_NOTE = "M-OBEC: คู่มือไม่ได้กำหนดวันตายตัว สำนักงานเขตฯ เป็นผู้ประกาศช่วงเวลาให้กรอกข้อมูลครุภัณฑ์"


@dataclass(frozen=True)
class Asked:
    """What a question about dates asks: which systems or rounds, and whether it is about the month or year."""

    systems: tuple[str, ...]
    rounds: tuple[str, ...]
    month: bool
    year: bool
    count: bool = False  # "กี่รอบ": how many rounds a system has in a year


def read(text: str) -> Asked | None:
    """Return what a question about collection dates asks, or None when it is not one."""
    value = normalize(text)
    systems = tuple(key for key, words in SYSTEMS.items() if any(w in value for w in words))
    rounds = tuple(key for key, words in ROUNDS.items() if any(w in value for w in words))
    if rounds and "dmc" not in systems:
        systems = ("dmc", *systems) if any(w in value for w in ("ข้อมูล", "กรอก", "ส่ง", "เทอม")) else systems
    if NOT_DATES.search(value):
        return None
    about_data = bool(ABOUT_DATA.search(value)) or bool(systems)
    month, year = bool(THIS_MONTH.search(value)) and about_data, bool(WHOLE_YEAR.search(value)) and about_data
    year = year and len(systems) != 1  # "M-OBEC ไม่เห็นในปฏิทิน", "DMC มีกี่รอบ" ask about that one system
    if not systems and not month and not year:
        return None
    if systems and not (WHEN.search(value) or month or year):
        return None
    return Asked(systems, rounds if "dmc" in systems else (), month, year, bool(COUNT.search(value)))


def _days(n: int) -> str:
    return f"{n} วัน"


def status(round_: Round, today: date) -> str:
    """Say where a round stands today: open and how long left, closed, or when it opens."""
    line = f"{round_.name}: {long_date(round_.opens)} – {long_date(round_.closes)}"
    if round_.opens <= today <= round_.closes:
        line += f" · เปิดอยู่ ปิด {long_date(round_.closes)} เหลืออีก {_days((round_.closes - today).days)}"
        line += " (วันสุดท้ายคือวันนี้)" if round_.closes == today else ""
    elif round_.closes < today:
        line += f" · ปิดแล้วเมื่อ {long_date(round_.closes)}"
    else:
        line += (f" · ยังไม่เปิด อีก {_days((round_.opens - today).days)}จะเปิด "
                 f"(ปิด {long_date(round_.closes)} อีก {_days((round_.closes - today).days)})")
    if round_.data_as_of:
        ahead = (round_.data_as_of - today).days
        line += f" · ข้อมูล ณ {long_date(round_.data_as_of)}" + (f" (อีก {_days(ahead)})" if ahead > 0 else "")
    return line


def relevant(rounds: list[Round], key: str, today: date) -> list[Round]:
    """Return the round of this kind that is open; else the one closed last and the next one."""
    mine = sorted((r for r in rounds if r.key == key), key=lambda r: r.opens)
    current = [r for r in mine if r.opens <= today <= r.closes]
    if current:
        return current[:1]
    past = [r for r in mine if r.closes < today][-1:]
    return past + [r for r in mine if r.opens > today][:1]


def answer(asked: Asked, rounds: list[Round], today: date) -> str:
    """Answer a question about collection dates for `today` from the office's rounds."""
    lines: list[str] = []
    if asked.year:
        year = academic_year_of(today)
        listed = sorted((r for r in rounds if r.academic_year == year), key=lambda r: r.opens)
        lines.append(f"ปฏิทินส่งข้อมูล ปีการศึกษา {year + BE_OFFSET}:")
        lines += [f"• {status(r, today)}" for r in listed]
    elif asked.month and not asked.systems:
        current = [r for r in rounds if r.opens <= today <= r.closes]
        month = (today.year, today.month)
        recent = [r for r in rounds if r.closes < today and (r.closes.year, r.closes.month) == month]
        coming = sorted((r for r in rounds if r.opens > today), key=lambda r: r.opens)
        soon = [r for r in coming if (r.opens - today).days <= 31] or coming[:1]
        lines.append("ตอนนี้เปิดให้บันทึกข้อมูล:" if current else "ตอนนี้ไม่มีรอบส่งข้อมูลที่เปิดอยู่")
        lines += [f"• {status(r, today)}" for r in sorted(current, key=lambda r: r.closes)]
        if recent:
            lines.append("ปิดไปแล้วในเดือนนี้:")
            lines += [f"• {status(r, today)}" for r in recent]
        lines.append("รอบถัดไป:")
        lines += [f"• {status(r, today)}" for r in soon]
    else:
        keys = [k for k in asked.rounds] or [r.key for r in rounds if _system(r) in asked.systems]
        if asked.count:
            for system in asked.systems:
                mine = [r for r in rounds if _system(r) == system]
                kinds = sorted({r.name for r in mine})
                if kinds:
                    lines.append(f"{mine[0].system} มี {len(kinds)} รอบต่อปีการศึกษา: {', '.join(kinds)}")
        for key in dict.fromkeys(keys):
            lines += [f"• {status(r, today)}" for r in relevant(rounds, key, today)]
        if "mobec" in asked.systems and not any(_system(r) == "mobec" for r in rounds):
            lines.append(f"• {MOBEC_NOTE}")
    if not lines:
        return ""
    lines.append("วันที่อาจเปลี่ยนตามประกาศของ สพฐ./สำนักงานเขตฯ")
    return "\n".join(lines)


def _system(round_: Round) -> str:
    return re.sub(r"[^a-z]", "", round_.system.casefold())
