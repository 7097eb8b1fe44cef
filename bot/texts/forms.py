"""What the admin page's forms say when they refuse what was typed: dates and months, schools."""

from __future__ import annotations

DATE_FORM = "วว/ดด/ปปปป"
DATE_EXAMPLE = "31/12/2569"
MONTH_FORM = "ดด/ปปปป"
MONTH_EXAMPLE = "11/2569"
MONTH_FIELD = "เดือน"
# the date boxes' labels, as the refusals name them
SINCE, UNTIL = "ตั้งแต่", "ถึง"
OPENS, CLOSES, DATA_AS_OF = "เปิดให้บันทึก", "กำหนดส่ง", "ข้อมูล ณ วันที่"
CLOSURES = "วันหยุดเพิ่มของสำนักงาน"
UNTIL_BEFORE_SINCE = f"“{UNTIL}” ต้องไม่ก่อน “{SINCE}”"
CLOSES_BEFORE_OPENS = f"{CLOSES}ต้องไม่ก่อนวัน{OPENS}"
# the groups page's school box: these two words, or a school's code and name
AREA_WIDE = "กลุ่มรวมของเขต"
NO_SCHOOL = "(ยังไม่ระบุ)"


def date_refused(field: str, typed: str, reason: str, year: int | None, years: tuple[int, int],
                 month: bool = False) -> str:
    """Say why a typed date (or month) was refused, naming the field and the form expected."""
    form, example = (MONTH_FORM, MONTH_EXAMPLE) if month else (DATE_FORM, DATE_EXAMPLE)
    expected = f"พิมพ์แบบ {form} เป็นปี พ.ศ. เช่น {example}"
    shown = typed.strip()[:40]
    what = "เดือน" if month else "วันที่"
    if reason == "western_year" and year is not None:
        return f"{field}: ปี {year} เป็นปี ค.ศ. ใช้ปี พ.ศ. ({year + 543}) — {expected}"
    if reason == "far_year":
        return f"{field}: ปี {year} ไกลจากปีนี้เกินไป (รับปี พ.ศ. {years[0]}–{years[1]}) — {expected}"
    if reason == "no_such_day":
        return f"{field}: ไม่มี{what} “{shown}” ในปฏิทิน — {expected}"
    return f"{field}: อ่าน “{shown}” เป็น{what}ไม่ได้ — {expected}"


def date_missing(field: str) -> str:
    """Ask for a date a form needs."""
    return f"{field}: กรุณากรอกวันที่ — พิมพ์แบบ {DATE_FORM} เป็นปี พ.ศ. เช่น {DATE_EXAMPLE}"


def unknown_school(typed: str) -> str:
    """Say that what was typed in the groups page's school box matches no school on the list."""
    return (f"ไม่พบโรงเรียน “{typed.strip()[:80]}” ในรายชื่อ — เลือกจากรายการที่ขึ้นเมื่อพิมพ์ "
            f"หรือพิมพ์รหัสโรงเรียน 10 หลัก, “{AREA_WIDE}” หรือเว้นว่างไว้ถ้ายังไม่ระบุ")
