"""Grading the bot's replies by facts (pure): question files, fact matching, outcomes, the four figures."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.grading import Case, GradedReply, Report, fold, has_facts, judge, parse

FILE = ("# today: 2027-02-15 — written by a helper\n"
        "DMC ปิดยังคะ\tanswer\t30 เม.ย.|30 เมษายน ; 74 วัน\tDOMAIN calendar\n"
        "คอมเปิดไม่ติดค่ะ\trepair\t\tcomputer\n"
        "หวยออกอะไร\tout\t\tfar\n")


def test_a_question_file_reads_its_day_questions_and_facts():
    today, cases = parse(FILE)
    assert today == date(2027, 2, 15)
    assert cases[0] == Case("DMC ปิดยังคะ", "answer", (("30 เม.ย.", "30 เมษายน"), ("74 วัน",)), "DOMAIN calendar")
    assert [c.expect for c in cases] == ["answer", "repair", "out"]


@pytest.mark.parametrize("line", ["คำถาม\tanswer\t\t", "คำถาม\tanswerr\tx\t", "คำถามอย่างเดียว"])
def test_a_bad_line_is_refused_with_its_number(line):
    with pytest.raises(ValueError, match=":2:"):
        parse("# today: 2027-01-01\n" + line)


def test_facts_ignore_case_spaces_and_thai_digits():
    assert fold("ปิด ๓๐ เม.ย. DMC") == "ปิด30เม.ย.dmc"
    assert has_facts("ปิดวันที่ ๓๐ เมษายน ๒๕๗๐ เหลืออีก 74 วัน", (("30 เม.ย.", "30 เมษายน"), ("74 วัน",)))
    assert not has_facts("ปิดวันที่ 30 เมษายน", (("30 เมษายน",), ("74 วัน",)))


FACTS = (("90 วัน",),)


@pytest.mark.parametrize(("expect", "reply", "outcome"), [
    ("answer", GradedReply("answer", "เก็บอย่างน้อย 90 วันครับ"), "right"),
    ("answer", GradedReply("answer", "ติดต่อเจ้าหน้าที่"), "wrong"),
    ("answer", GradedReply("suggest", taps=("เก็บ 30 วัน", "เก็บ 90 วัน")), "one-tap"),
    ("answer", GradedReply("suggest", taps=("เก็บ 30 วัน",)), "missed"),
    ("answer", GradedReply("request", request="consult"), "wrong"),
    ("answer", GradedReply("none"), "missed"),
    ("repair", GradedReply("request", request="repair"), "right"),
    ("repair", GradedReply("request", request="consult"), "wrong"),
    ("repair", GradedReply("answer", "พิมพ์แจ้งซ่อม"), "wrong"),
    ("repair", GradedReply("none", offers=("repair",)), "one-tap"),
    ("out", GradedReply("none"), "refused"),
    ("out", GradedReply("suggest"), "refused"),
    ("out", GradedReply("answer", "90 วัน"), "answered"),
    ("chat", GradedReply("request", request="consult"), "answered"),
])
def test_each_reply_is_graded_as_a_teacher_meets_it(expect, reply, outcome):
    assert judge(Case("คำถาม", expect, FACTS if expect == "answer" else ()), reply).outcome == outcome


def test_the_report_gives_the_four_figures():
    cases = [Case("q", "answer", FACTS)] * 4 + [Case("o", "out")] * 2
    replies = [GradedReply("answer", "90 วัน"), GradedReply("answer", "90 วัน"), GradedReply("suggest", taps=("90 วัน",)),
               GradedReply("answer", "ไม่รู้"), GradedReply("none"), GradedReply("answer", "x")]
    report = Report([judge(c, r) for c, r in zip(cases, replies, strict=True)])
    assert report.figures == {"direct_right": 0.5, "within_one_tap": 0.75, "confidently_wrong": 0.25,
                              "refused": 0.5}
    assert "direct right 50.0%" in report.summary()
