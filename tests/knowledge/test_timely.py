"""Answers about deadlines relative to today, from the calendar; years and working days (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.collection_calendar import Round, with_defaults
from bot.knowledge import timely, years
from bot.knowledge.grading import has_facts

NOV_30 = date(2026, 11, 30)  # DMC semester 2 closed on 10 Nov; the end-of-year round opens 1 Feb 2027
FEB_15 = date(2027, 2, 15)  # the end-of-year round is open until 30 Apr


def ask(text: str, today: date) -> str:
    asked = timely.read(text)
    assert asked is not None, text
    return timely.answer(asked, with_defaults([], today), today)


@pytest.mark.parametrize(("text", "today", "facts"), [
    ("dmc ปิดยังคะ", FEB_15, (("เปิดอยู่",), ("30 เมษายน 2570",), ("74 วัน",))),
    ("ดีเอ็มซีรอบสิ้นปียังทันไหมครับ", FEB_15, (("74 วัน",),)),
    ("อีกกี่วันจะเปิดกรอกดีเอ็มซีรอบสิ้นปีคะ", NOV_30, (("63 วัน",), ("1 กุมภาพันธ์ 2570",))),
    ("บีโอเบคปิดยังคะ", NOV_30, (("ปิดแล้วเมื่อ 30 ตุลาคม 2569",), ("305 วัน",))),
    ("EMIS กับ B-OBEC เปิดเมื่อไหร่ครับ", NOV_30, (("16 พฤษภาคม 2570",), ("1 ตุลาคม 2570",))),
    ("เดือนนี้ต้องส่งข้อมูลอะไรบ้างคะ", NOV_30, (("ไม่มีรอบส่งข้อมูลที่เปิดอยู่",), ("10 พฤศจิกายน 2569",),
                                                   ("1 กุมภาพันธ์ 2570",))),
    ("ขอปฏิทินส่งข้อมูลทั้งปี dmc emis bobec", NOV_30, (("ปีการศึกษา 2569",), ("10 มิถุนายน",), ("30 ตุลาคม",))),
    ("DMC มีกี่รอบคะ ส่งเมื่อไหร่บ้าง", NOV_30, (("3 รอบ",),)),
    ("M-OBEC กรอกช่วงไหนคะ", NOV_30, (("สำนักงานเขตฯ เป็นผู้ประกาศ",),)),
    # a DMC round named beside another system: both are answered
    ("DMC เทอม1 กับ EMIS ปิดวันเดียวกันมั้ยครับ", NOV_30, (("10 มิถุนายน 2570",), ("30 มิถุนายน 2570",))),
    ("dmcสิ้นปีกับemis อันไหนปิดก่อน นับวันที่เหลือให้ทีค่า", NOV_30, (("151 วัน",), ("212 วัน",))),
    # a round's own date stands for DMC; a closed round says how long ago
    ("รอบ10พ.ย.ปิดไปกี่วันแล้วคะ", NOV_30, (("20 วันที่แล้ว",),)),
    # months named without a day: the rounds open then
    ("ตุลานี้มีระบบไหนต้องกรอกบ้างครับ", date(2027, 9, 12), (("เดือนตุลาคม 2570",), ("B-OBEC",), ("DMC ภาคเรียนที่ 2",))),
    ("ม.ค.ก.พ.นี้ต้องเตรียมข้อมูลนักเรียนอะไรบ้างคะ", NOV_30, (("มกราคม 2570 ไม่มีรอบ",), ("1 กุมภาพันธ์ 2570",))),
    ("เดือนธันวานี้ต้องส่งข้อมูลอะไรไหมคะ", NOV_30, (("ไม่มีรอบ",), ("รอบถัดไป",), ("1 กุมภาพันธ์ 2570",))),
    ("เปิดเทอม พ.ค. มีระบบอะไรต้องกรอกบ้างคะ", NOV_30, (("DMC ภาคเรียนที่ 1",), ("EMIS",))),
    # one system's whole year; which of several is still open
    ("ขอปฏิทิน dmc ทั้งปีหน่อยค่ะ", date(2027, 10, 20), (("DMC ภาคเรียนที่ 1",), ("DMC ภาคเรียนที่ 2",), ("DMC สิ้นปี",))),
    ("emis dmc bobec สามตัวนี้ตัวไหนยังไม่ปิดบ้างครับ", date(2027, 10, 20), (("B-OBEC",), ("เปิดอยู่",), ("EMIS",))),
    # next month: the rounds open then, not today's
    ("เดือนหน้ามีระบบไหนเปิดให้กรอกบ้างคะ", date(2027, 4, 10), (("เดือนพฤษภาคม 2570",), ("EMIS",), ("DMC ภาคเรียนที่ 1",))),
    # nothing open: a round that closed in the last two weeks (last month) is named beside the next ones
    ("ตอนนี้มีระบบไหนเปิดให้กรอกอยู่บ้างคะ", date(2027, 5, 2), (("เพิ่งปิดไป",), ("ปิดแล้วเมื่อ 30 เมษายน 2570",),
                                                             ("16 พฤษภาคม 2570",))),
    # a round that closed is followed by its system's round open now or next, whichever round was named
    ("รอบ 10 พ.ย. ยังทันอยู่ไหมคะ จะแก้ข้อมูลเด็กนิดหน่อย", NOV_30, (("ปิดแล้วเมื่อ 10 พฤศจิกายน 2569",), ("1 กุมภาพันธ์ 2570",))),
    ("dmc เทอม1 ปิดไปแล้วใช่มั้ยครับ", date(2027, 8, 5), (("ปิดแล้วเมื่อ 10 มิถุนายน 2570",), ("เปิดอยู่ ปิด 10 พฤศจิกายน 2570",))),
    ("มิถุนานี้พลาดกรอกdmcไปแล้ว รอบต่อไปเปิดเมื่อไรคะ", date(2027, 6, 20), (("รอบถัดไป",), ("15 กรกฎาคม 2570",))),
    # "วันปิด" and "ทำก่อน" ask about dates; last year's round closed long ago is left out
    ("ขอวันปิด dmc emis bobec ค่ะ", date(2027, 5, 10), (("10 มิถุนายน 2570",), ("30 มิถุนายน 2570",), ("30 ตุลาคม 2570",))),
    ("dmcสิ้นปีกับemis ต้องทำอันไหนก่อน วันที่อะไรบ้างคะ", date(2027, 1, 20), (("30 เมษายน 2570",), ("16 พฤษภาคม 2570",))),
    # a round named by its month's stem; which round is open; checking a round's year
    ("รอบ10มิถุนาปีนี้เปิดวันไหนคะ", FEB_15, (("16 พฤษภาคม 2570",), ("90 วัน",))),
    ("ตอนนี้ dmc เปิดรอบไหนอยู่คะ", FEB_15, (("DMC สิ้นปีการศึกษา",), ("เปิดอยู่",))),
    ("ตอนนี้ dmc รอบไหน", FEB_15, (("DMC สิ้นปีการศึกษา",), ("เปิดอยู่",))),
    ("dmc เก็บปีละกี่ครั้งคะ", NOV_30, (("ปีละ 3 ครั้ง",),)),
    ("รอบ 10 พ.ย. คือปี 2570 ใช่มั้ยคะ", date(2027, 9, 8), (("10 พฤศจิกายน 2570",),)),
    # every kind of round when asked for all of them; "10พย." without its dots; "ยัง … ได้อยู่ไหม"
    ("ข้อมูล ณ วันที่ของ dmc มีวันไหนบ้างคะ", NOV_30, (("10 มิถุนายน",), ("10 พฤศจิกายน",), ("31 มีนาคม",))),
    ("ปีนี้ dmc มีกี่รอบ เหลือรอบไหนบ้างคะ", NOV_30, (("3 รอบ",), ("1 กุมภาพันธ์ 2570",))),
    ("dmcรอบ10พย.เปิดให้กรอกตอนไหนคะ", FEB_15, (("15 กรกฎาคม 2570",),)),
    ("ยังแก้ข้อมูล dmc ได้อยู่ไหมคะ เด็กย้ายเข้าเพิ่ม", FEB_15, (("เปิดอยู่",), ("30 เมษายน 2570",))),
])
def test_questions_about_deadlines_are_answered_for_today(text, today, facts):
    assert has_facts(ask(text, today), facts), ask(text, today)


def test_a_system_asked_alone_says_where_it_stands_not_every_kind_of_round():
    answer = ask("dmc ปิดยังคะ", NOV_30)
    assert answer.count("• ") == 2 and "ปิดแล้วเมื่อ 10 พฤศจิกายน 2569" in answer and "1 กุมภาพันธ์ 2570" in answer


def test_last_years_round_closed_long_ago_is_not_listed():
    answer = ask("emis ปิดวันไหนคะ", date(2027, 5, 10))
    assert "30 มิถุนายน 2570" in answer and "2569" not in answer


@pytest.mark.parametrize("text", ["อยากขอใช้อุปกรณ์ของเขตในกิจกรรมโรงเรียน ต้องกรอกอะไรคะ",
                                  "อยากใช้ระบบวิดีโอคอนเฟอเรนซ์ของเขตประชุมกับรร.ในเครือข่าย ต้นเดือนหน้าค่ะ",
                                  "หลังปิดระบบDMCแล้ว ทางเขตดำเนินการอะไรต่อคะ",
                                  "DMC คืออะไร", "ทำไมต้องส่ง DMC ให้ทัน", "รร.เรามีนักเรียนใน dmc กี่คนคะ",
                                  "เงินเดือนเดือนนี้ออกวันไหน", "บอทเตือนวันปิดระบบ DMC ให้ด้วยไหม", "สวัสดีครับ",
                                  "กรอกรหัส dmc ในลิงก์ปลอมไปแล้ว ตอนนี้ต้องทำไง", "ขอยืมโปรเจคเตอร์วันที่ 10 พฤศจิกายน",
                                  "ปริ้นเตอร์เสียตั้งแต่ตุลา ส่งซ่อมระบบไหนคะ", "ขอยืมกล้องเดือนตุลาคมได้ไหม ใช้บันทึกข้อมูล",
                                  "ปิดระบบ dmc แล้ว เขตทำไรต่อคะ", "emis ต้องกรอกอะไรบ้างคะ",
                                  "DMC คือระบบข้อมูลนักเรียนใช่ไหม"])
def test_other_questions_are_left_to_the_faq(text):
    assert timely.read(text) is None


def test_an_office_round_in_the_calendar_is_quoted_with_its_own_dates():
    mobec = Round("mobec", "M-OBEC", "M-OBEC ครุภัณฑ์", date(2027, 1, 5), date(2027, 1, 31), academic_year=2026)
    answer = timely.answer(timely.read("m-obec ปิดวันไหน"), [*with_defaults([], NOV_30), mobec], NOV_30)
    assert "5 มกราคม 2570 – 31 มกราคม 2570" in answer and "ไม่ได้กำหนดวันตายตัว" not in answer


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("ตอนนี้ปีงบประมาณอะไรแล้วคะ", date(2027, 10, 5), "ปีงบประมาณ พ.ศ. 2571: 1 ตุลาคม 2570 – 30 กันยายน 2571"),
    ("ปีงบประมาณนี้สิ้นสุดวันไหนคะ เหลืออีกกี่วัน", date(2027, 9, 12), "สิ้นสุด 30 กันยายน 2570 อีก 18 วัน"),
    ("ปีงบ ๒๕๗๑ เริ่มวันไหน", NOV_30, "1 ตุลาคม 2570"),
    ("ค.ศ. 2027 ตรงกับ พ.ศ.อะไรคะ", NOV_30, "พ.ศ. 2570"),
    ("พ.ศ.๒๕๗๑ ตรงกับ ค.ศ.อะไรคะ", NOV_30, "ค.ศ. 2028"),
    ("ปีการศึกษานี้คือปีการศึกษาอะไรคะ", date(2027, 3, 1), "ปีการศึกษา 2569"),
    ("ถ้าแจ้งวันนี้ ติดตามผลภายใน 3 วันทำการ จะตรงกับวันไหนคะ", date(2027, 10, 5), "8 ตุลาคม 2570"),
    # Father's Day falls on Saturday 5 Dec 2026 (compensated on Monday 7 Dec), Constitution Day on 10 Dec
    ("3 วันทำการจากวันศุกร์นี้ตรงกับวันไหน", date(2026, 12, 4), "11 ธันวาคม 2569"),
    # the coming year; the follow-up's last day
    ("ปีงบใหม่เริ่มวันไหนคะ", date(2027, 9, 8), "ปีงบประมาณ พ.ศ. 2571: 1 ตุลาคม 2570"),
    ("ปีการศึกษาหน้าเริ่มเมื่อไหร่คะ", date(2027, 1, 20), "ปีการศึกษา 2570: เริ่มกลางเดือนพฤษภาคม 2570"),
    ("แจ้งเรื่องวันนี้ จะติดตามผลภายในวันไหนคะ", date(2027, 11, 15), "18 พฤศจิกายน 2570"),
    # both years named: both answered
    ("ปีงบกับปีการศึกษาเริ่มไม่ตรงกันใช่มั้ยคะ", date(2027, 1, 20), "1 ตุลาคม 2569 – 30 กันยายน 2570\nตอนนี้"),
    ("ปีงบกับปีการศึกษาเริ่มไม่ตรงกันใช่มั้ยคะ", date(2027, 1, 20), "ปีการศึกษา 2569: เริ่มกลางเดือนพฤษภาคม"),
])
def test_questions_about_years_and_working_days(text, today, expected):
    assert expected in (years.answer(text, today) or "")


@pytest.mark.parametrize("text", ["พรบ.ข้อมูลข่าวสาร พ.ศ.อะไร", "DMC คืออะไร", "ปีงบประมาณ",
                                  "ข้อมูลนักเรียนสิ้นปีการศึกษาส่งที่เว็บไหนครับ", "ต้นปีการศึกษาต้องกรอกระบบไหน"])
def test_not_questions_about_years(text):
    assert years.answer(text, NOV_30) is None
