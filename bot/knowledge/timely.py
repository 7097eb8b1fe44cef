"""Answer questions about collection deadlines relative to today, from the office's calendar (pure).

"DMC ปิดยัง", "ยังทันไหม", "เหลือกี่วัน", "เดือนนี้ต้องส่งอะไร", "ปฏิทินทั้งปี": open now and closes on …, N days
left; closed on … and the next round opens …; several systems in one question are answered together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from bot.collection_calendar import Round, academic_year_of
from bot.knowledge import years
from bot.knowledge.text import normalize
from bot.thai import BE_OFFSET, MONTHS, long_date

SYSTEMS = {
    "dmc": ("dmc", "ข้อมูลนักเรียน", "ข้อมูลเด็ก", "data management"),
    "emis": ("emis", "ข้อมูลพื้นฐานโรงเรียน", "ข้อมูลโรงเรียน"),
    "bobec": ("bobec", "สิ่งก่อสร้าง", "ข้อมูลอาคาร"),
    "mobec": ("mobec", "ครุภัณฑ์"),
}
# Words that pick one DMC round out of three.
ROUNDS = {
    "dmc-1": ("เทอม 1", "10 มิถุนา", "10 มิย", "รอบแรก", "ต้นปีการศึกษา", "เทอมแรก"),  # "10มิถุนา", "10มิย." too
    "dmc-2": ("เทอม 2", "10 พฤศจิกา", "10 พย", "รอบสอง"),
    "dmc-end": ("สิ้นปี", "ปลายปี", "31 มีนา", "31 มีค", "จบปีการศึกษา", "เลื่อนชั้น"),
}
WHEN = re.compile(r"ปิดยัง|ปิดหรือยัง|ปิดแล้วยัง|ปิดแล้วหรือ|ปิดไป|หมดเขต|ยังทัน|ทันไหม|ทันมั้ย|ทันมั๊ย|ทันอยู่|ทันป่าว|"
                  r"เหลือกี่วัน|อีกกี่วัน|กี่วัน|เมื่อไหร่|เมื่อไร|เมื่อไหร|วันไหน|วันที่เท่าไ|ถึงวัน|ถึงเมื่อ|เปิดยัง|"
                  r"เปิดหรือยัง|เปิดแล้วยัง|เปิดแล้วหรือ|เปิดแล้วเหรอ|เปิดแล้วไหม|เปิดแล้วมั้ย|เปิดเมื่อ|เปิดวัน|เปิดอีก|"
                  r"กำหนดส่ง|กำหนดการ|deadline|ช่วงไหน|ช่วงเวลา|ช่วงวัน|"
                  r"ส่งได้ถึง|กรอกได้ถึง|ได้ถึง|ช่วงเดียวกัน|วันเดียวกัน|พร้อมกัน|คนละวัน|ปิดวัน|ปิดก่อน|เปิดก่อน|วันที่เหลือ|นับวัน|"
                  r"เหลืออีก|มาก่อน|อันไหนก่อน|ยังไม่ปิด|ยังเปิด|เปิดอยู่|ยังส่งได้|ยังกรอกได้|ยังเข้าได้|ปิดระบบ|เปิดระบบ|รอบหน้า|รอบถัดไป|"
                  r"ยัง.{0,30}ได้อยู่|ตอนนี้.{0,12}รอบไหน|รอบต่อไป|ปิดรอบไป|ปิดรอบยัง|ปิดรอบหรือยัง|รอบไหนอยู่|เปิดรอบไหน|รอบไหนเปิด|วันปิด|วันเปิด|วันที่อะไร|วันอะไร|ตอนไหน|ทำก่อน|ส่งก่อน|กรอกก่อน")
THIS_MONTH = re.compile(r"เดือนนี้|ช่วงนี้|ตอนนี้ต้องส่ง|ตอนนี้ต้องกรอก|ตอนนี้มี|ตอนนี้ระบบ|สัปดาห์นี้|อาทิตย์นี้|ระบบไหนเปิด")
# What is due, with no time named: about dates when no system is named ("ต้องส่งอะไรบ้าง"); beside a system
# it asks what the system holds ("emis ต้องกรอกอะไรบ้าง")
DUE = re.compile(r"ต้องส่งอะไร|มีอะไรต้องส่ง|ส่งอะไรบ้าง|กรอกอะไรบ้าง|ต้องกรอกอะไร")
# Checking a named round's date ("รอบ 10 พ.ย. คือ 2570 ใช่ไหม")
CHECKING = re.compile(r"ใช่ไหม|ใช่มั้ย|ใช่มั๊ย|ใช่หรือเปล่า|ใช่รึเปล่า|ใช่ป่ะ")
ABOUT_DATA = re.compile(r"ส่ง|กรอก|ข้อมูล|ระบบ|คีย์|บันทึก")  # "เดือนนี้" alone may be about a salary
COUNT = re.compile(r"กี่รอบ|กี่ครั้ง")
EVERY = re.compile(COUNT.pattern + r"|วันไหนบ้าง|เมื่อไหร่บ้าง|เมื่อไรบ้าง|รอบไหนบ้าง|เหลือรอบไหน")  # every kind of round
RECENT_DAYS = 14
LONG_AGO_DAYS = 180
# Not about dates at all: why something matters, or a school's own figures ("มีนักเรียนกี่คน").
NOT_DATES = re.compile(r"หลังปิด|หลังจากปิด|ทำอะไรต่อ|ทำไรต่อ|ขั้นต่อไป|ดำเนินการอะไร|ทำไม|เพราะอะไร|เหตุใด|กี่คน|กี่เครื่อง|กี่ห้อง|กี่หลัง|"
                       r"จำนวนนักเรียน|จำนวนครู|เตือน|บอท")
CALENDAR = re.compile(r"ทั้งปี|ตลอดปี|ปฏิทิน|ทุกรอบ")
WHOLE_YEAR = re.compile(CALENDAR.pattern + r"|ทั้งหมดกี่รอบ|กี่รอบ|มีรอบไหนบ้าง|รอบไหนบ้าง|รอบ\S{0,12}อะไรบ้าง")
# "ตุลานี้", "ม.ค. ก.พ." (folded to full names): the stems teachers type, in calendar order
MONTH_STEMS = ("มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา", "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา")
ASKING = re.compile(r"อะไร|ไหน|บ้าง|ไหม|มั้ย|มั๊ย|หรือเปล่า|รึเปล่า|ยัง")
# A month beside these is about collecting data; beside a fault or a loan it is when something happened or is
# wanted ("ปริ้นเตอร์เสียตั้งแต่ตุลา ส่งซ่อมได้ไหม", "ขอยืมกล้องเดือนตุลาคม")
MONTH_DATA = re.compile(r"กรอก|ข้อมูล|คีย์|ระบบ|ต้องส่ง|ส่งอะไร")
MONTH_NOT_DATA = re.compile(r"เสีย|ซ่อม|พัง|ดับ|ค้าง|ยืม|จอง|ขอใช้|ประชุม|คอนเฟอเรนซ์|conference|อบรม")
MOBEC_NOTE = "M-OBEC: คู่มือไม่ได้กำหนดวันตายตัว สำนักงานเขตฯ เป็นผู้ประกาศช่วงเวลาให้กรอกข้อมูลครุภัณฑ์"


@dataclass(frozen=True)
class Asked:
    """What a question about dates asks: which systems or rounds, and whether it is about the month or year."""

    systems: tuple[str, ...]
    rounds: tuple[str, ...]
    month: bool
    year: bool
    count: bool = False  # "กี่รอบ": how many rounds a system has in a year
    every: bool = False  # "กี่รอบ", "วันไหนบ้าง": every kind of round, not only where the system stands
    months: tuple[int, ...] = ()  # months named without a day ("ตุลานี้ต้องกรอกอะไร"): 1–12
    next_month: bool = False  # "เดือนหน้า": the month after today's


def read(text: str) -> Asked | None:
    """Return what a question about collection dates asks, or None when it is not one."""
    value = normalize(text)
    systems = tuple(key for key, words in SYSTEMS.items() if any(w in value for w in words))
    squashed = value.replace(" ", "")  # "เทอม1", "รอบ10 พฤศจิกายน"
    rounds = tuple(key for key, words in ROUNDS.items() if any(w.replace(" ", "") in squashed for w in words))
    if rounds and "dmc" not in systems and any(w in value for w in ("ข้อมูล", "กรอก", "ส่ง", "เทอม", "รอบ")):
        systems = ("dmc", *systems)
    if NOT_DATES.search(value):
        return None
    months, next_month = named_months(value), "เดือนหน้า" in value
    if ((months or next_month) and (MONTH_DATA.search(value) or systems) and not MONTH_NOT_DATA.search(value)
            and (ASKING.search(value) or WHEN.search(value))):
        return Asked(systems, (), False, False, months=months, next_month=next_month)
    about_data = bool(ABOUT_DATA.search(value)) or bool(systems)
    due = bool(DUE.search(value)) and not systems
    month, year = bool(THIS_MONTH.search(value) or due) and about_data, bool(WHOLE_YEAR.search(value)) and about_data
    month = month and not MONTH_NOT_DATA.search(value)  # "ขอใช้อุปกรณ์ ต้องกรอกอะไร" asks for a form
    # "DMC มีกี่รอบ" asks about that one system; "ขอปฏิทิน dmc ทั้งปี" wants its rounds listed (M-OBEC has none)
    year = year and (len(systems) != 1 or (bool(CALENDAR.search(value)) and systems != ("mobec",)))
    if not systems and not month and not year:
        return None
    every = bool(EVERY.search(value))
    if systems and not (WHEN.search(value) or month or year or every or (rounds and CHECKING.search(value))):
        return None
    return Asked(systems, rounds if "dmc" in systems else (), month, year, bool(COUNT.search(value)), every=every)


def reply(text: str, today: date, rounds: Callable[[], list[Round]]) -> str | None:
    """Answer a question about collection dates, years or working days for `today`, or None when it is not one
    (`rounds` is only asked for when the question is about collection dates)."""
    asked = read(text)
    return (answer(asked, rounds(), today) if asked else None) or years.answer(text, today)


def named_months(value: str) -> tuple[int, ...]:
    """Return the months a folded text names without a day before them ("10 พฤศจิกายน" is a date, not a month)."""
    found = []
    for number, stem in enumerate(MONTH_STEMS, start=1):
        for hit in re.finditer(stem, value):
            if not re.search(r"\d\s*$", value[:hit.start()]):
                found.append(number)
                break
    return tuple(found)


def _days(n: int) -> str:
    return f"{n} วัน"


def status(round_: Round, today: date) -> str:
    """Say where a round stands today: open and how long left, closed, or when it opens."""
    line = f"{round_.name}: {long_date(round_.opens)} – {long_date(round_.closes)}"
    if round_.opens <= today <= round_.closes:
        line += f" · เปิดอยู่ ปิด {long_date(round_.closes)} เหลืออีก {_days((round_.closes - today).days)}"
        line += " (วันสุดท้ายคือวันนี้)" if round_.closes == today else ""
    elif round_.closes < today:
        line += f" · ปิดแล้วเมื่อ {long_date(round_.closes)} ({_days((today - round_.closes).days)}ที่แล้ว)"
    else:
        line += (f" · ยังไม่เปิด อีก {_days((round_.opens - today).days)}จะเปิด "
                 f"(ปิด {long_date(round_.closes)} อีก {_days((round_.closes - today).days)})")
    if round_.data_as_of:
        ahead = (round_.data_as_of - today).days
        line += f" · ข้อมูล ณ {long_date(round_.data_as_of)}" + (f" (อีก {_days(ahead)})" if ahead > 0 else "")
    return line


def relevant(rounds: list[Round], key: str, today: date) -> list[Round]:
    """Return the round of this kind that is open; else the one closed last and the next one."""
    return where(sorted((r for r in rounds if r.key == key), key=lambda r: r.opens), today, then_if_open=False)


def standing(rounds: list[Round], system: str, today: date) -> list[Round]:
    """Return a system's rounds open today, else the one it closed last; and the next one to open."""
    return where(sorted((r for r in rounds if _system(r) == system), key=lambda r: r.opens), today)


def where(mine: list[Round], today: date, then_if_open: bool = True) -> list[Round]:
    """Return the rounds (in date order) open today, else the one closed last; and the next one to open."""
    current = [r for r in mine if r.opens <= today <= r.closes]
    past = [r for r in mine if r.closes < today][-1:]
    coming = [r for r in mine if r.opens > today][:1]
    if current and not then_if_open:
        return current[:1]
    if coming and past and (today - past[0].closes).days > LONG_AGO_DAYS:
        past = []  # last year's round closed long ago says nothing the next one does not
    return (current or past) + coming


def answer(asked: Asked, rounds: list[Round], today: date) -> str:
    """Answer a question about collection dates for `today` from the office's rounds."""
    lines: list[str] = []
    if asked.next_month:  # read() does not know today: the month after it is named here
        asked = replace(asked, months=(*asked.months, today.month % 12 + 1))
    if asked.months:
        lines += in_months(asked, rounds, today)
    elif asked.year:
        year = academic_year_of(today)
        listed = sorted((r for r in rounds if r.academic_year == year
                         and (not asked.systems or _system(r) in asked.systems)), key=lambda r: r.opens)
        lines.append(f"ปฏิทินส่งข้อมูล ปีการศึกษา {year + BE_OFFSET}:")
        lines += [f"• {status(r, today)}" for r in listed]
    elif asked.month and not asked.systems:
        current = [r for r in rounds if r.opens <= today <= r.closes]
        month = (today.year, today.month)
        # closed this month or in the last two weeks: "ตอนนี้มีอะไรเปิด" on 2 May still wants April's close
        recent = [r for r in rounds if r.closes < today
                  and ((r.closes.year, r.closes.month) == month or (today - r.closes).days <= RECENT_DAYS)]
        coming = sorted((r for r in rounds if r.opens > today), key=lambda r: r.opens)
        soon = [r for r in coming if (r.opens - today).days <= 31] or coming[:1]
        lines.append("ตอนนี้เปิดให้บันทึกข้อมูล:" if current else "ตอนนี้ไม่มีรอบส่งข้อมูลที่เปิดอยู่")
        lines += [f"• {status(r, today)}" for r in sorted(current, key=lambda r: r.closes)]
        if recent:
            lines.append("เพิ่งปิดไป:")
            lines += [f"• {status(r, today)}" for r in recent]
        lines.append("รอบถัดไป:")
        lines += [f"• {status(r, today)}" for r in soon]
    else:
        # a named DMC round stands for DMC; the other systems named are answered beside it
        keys = [*asked.rounds, *(r.key for r in rounds
                                 if _system(r) in asked.systems and not (asked.rounds and _system(r) == "dmc"))]
        if asked.count:
            for system in asked.systems:
                mine = [r for r in rounds if _system(r) == system]
                kinds = sorted({r.name for r in mine})
                if kinds:
                    lines.append(f"{mine[0].system} เก็บข้อมูลปีละ {len(kinds)} ครั้ง ({len(kinds)} รอบต่อปีการศึกษา): "
                                 f"{', '.join(kinds)}")
        if asked.every:  # "DMC มีกี่รอบ ส่งเมื่อไหร่บ้าง": every kind of round
            shown = [r for key in dict.fromkeys(keys) for r in relevant(rounds, key, today)]
        else:  # "dmc ปิดยัง": where the system stands, not each kind of round's last and next
            named = [r for key in dict.fromkeys(asked.rounds) for r in relevant(rounds, key, today)]
            whole = [r for system in asked.systems if not (asked.rounds and system == "dmc")
                     for r in standing(rounds, system, today)]
            shown = named + whole
        listed = sorted(dict.fromkeys(shown + what_next(shown, rounds, today)), key=lambda r: r.opens)
        lines += [f"• {status(r, today)}" for r in listed]
        if "mobec" in asked.systems and not any(_system(r) == "mobec" for r in rounds):
            lines.append(f"• {MOBEC_NOTE}")
    if not lines:
        return ""
    lines.append("วันที่อาจเปลี่ยนตามประกาศของ สพฐ./สำนักงานเขตฯ")
    return "\n".join(lines)


def in_months(asked: Asked, rounds: list[Round], today: date) -> list[str]:
    """Say which rounds (of the systems asked, if any) are open in each named month, next time it comes."""
    lines, shown = [], []
    for month in asked.months:
        year = today.year if month >= today.month else today.year + 1
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1)
        open_then = sorted((r for r in rounds if r.opens < last and r.closes >= first
                            and (not asked.systems or _system(r) in asked.systems)), key=lambda r: r.opens)
        if open_then:
            lines.append(f"เดือน{MONTHS[month - 1]} {year + BE_OFFSET}:")
            lines += [f"• {status(r, today)}" for r in open_then]
            shown += open_then
            continue
        lines.append(f"เดือน{MONTHS[month - 1]} {year + BE_OFFSET} ไม่มีรอบส่งข้อมูลตามปฏิทิน รอบถัดไป:")
        after = sorted((r for r in rounds if r.opens >= last), key=lambda r: r.opens)
        first_after = [r for r in after if r.opens == after[0].opens]
        lines += [f"• {status(r, today)}" for r in first_after]
        shown += first_after
    later = what_next(shown, rounds, today)
    if later:
        lines.append("รอบถัดไป:")
        lines += [f"• {status(r, today)}" for r in later]
    return lines


def what_next(shown: list[Round], rounds: list[Round], today: date) -> list[Round]:
    """Return, for each system shown, its round open now or opening next when it is not shown yet: a teacher who
    missed 10 June wants to know that the 10 November round is open."""
    later = []
    for system in dict.fromkeys(_system(r) for r in shown):
        ahead = [r for r in standing(rounds, system, today) if r.closes >= today]
        later += [r for r in ahead[:1] if r not in shown]
    return later


def _system(round_: Round) -> str:
    return re.sub(r"[^a-z]", "", round_.system.casefold())
