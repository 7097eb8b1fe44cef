"""The one normaliser for what people type, and button labels, without an app."""

from __future__ import annotations

from datetime import date

import pytest

from bot.texts import SOFTENERS
from bot.thai import (
    DateRefused,
    answer_text,
    be_date,
    be_month,
    command_key,
    parse_date,
    parse_month,
    short_label,
    tidy,
    without_particles,
)


@pytest.mark.parametrize(("typed", "kept"), [
    ("สมศรี ใจดีค่ะ", "สมศรี ใจดี"),
    ("ครูค่ะ", "ครู"),
    ("ห้องคอม 2 ค่ะ", "ห้องคอม 2"),
    ("ห้องคอม ๒ครับ", "ห้องคอม 2"),
    ("โรงเรียนบ้านหนองบัวครับ", "โรงเรียนบ้านหนองบัว"),
    ("เปิดไม่ติดนะคะ", "เปิดไม่ติด"),
    ("ใช้ได้แล้วครับผม!", "ใช้ได้แล้ว"),
    ("ด่วนนนนค่ะะ", "ด่วน"),
    ("สม\u200bศรี\ufeff", "สมศรี"),
    ("  ปริ้นเตอร์   ห้อง ธุรการ  ", "ปริ้นเตอร์ ห้อง ธุรการ"),
    ("บรรทัดแรก\n\nบรรทัดสอง ค่ะ", "บรรทัดแรก\nบรรทัดสอง"),
    # words that end like a particle keep their ending
    ("ต้องบังคับ", "ต้องบังคับ"),
    ("บัญชีถูกระงับ", "บัญชีถูกระงับ"),
    ("มูลค่า", "มูลค่า"),
    ("ไปทำธุระครับ", "ไปทำธุระ"),
    ("แบบบันทึก", "แบบบันทึก"),
])
def test_answers_are_kept_without_particles_and_whole(typed, kept):
    assert answer_text(typed) == kept


@pytest.mark.parametrize(("typed", "command"), [
    ("ยกเลิกค่ะ", "ยกเลิก"),
    ("ยกเลิก ครับผม", "ยกเลิก"),
    ("ติดตามเรื่องหน่อยครับ", "ติดตามเรื่อง"),
    ("ติดตามเรื่องหน่อยนะคะ", "ติดตามเรื่อง"),
    ("สถานะ", "สถานะ"),
    ("แจ้ง ซ่อม ด้วยจ้า", "แจ้งซ่อม"),
    ("Cancel!", "cancel"),
    ("เช็คสถานะ?", "เช็คสถานะ"),
    ("เลย", "เลย"),  # a softener alone is what was said
])
def test_commands_fold_particles_spaces_and_softeners(typed, command):
    assert command_key(typed, SOFTENERS) == command


def test_tidy_keeps_case_and_folds_digits():
    assert tidy("HP LaserJet ๑๐๒๐") == "HP LaserJet 1020"
    assert without_particles("ได้คับ ต้องบังคับ") == "ได้ ต้องบังคับ"


@pytest.mark.parametrize(("label", "shown"), [
    ("DMC ภาคเรียนที่ 2 ส่งถึงวันไหน", "DMC ภาคเรียนที่ 2…"),
    ("0001 ส่งข้อมูลนักเรียนไม่ผ่าน", "0001 ส่งข้อมูล…"),
    ("ICT-2570-0001", "ICT-2570-0001"),
    ("แก้ความเร่งด่วน", "แก้ความเร่งด่วน"),
])
def test_button_labels_are_cut_at_a_word_to_twenty_characters(label, shown):
    assert short_label(label) == shown and len(shown) <= 20


TODAY = date(2026, 11, 30)  # 30 November 2569: dates read from 2549 to 2574


@pytest.mark.parametrize(("typed", "meant"), [
    ("31/12/2569", date(2026, 12, 31)),
    ("1/1/2570", date(2027, 1, 1)),
    ("31-12-2569", date(2026, 12, 31)),
    ("31.12.2569", date(2026, 12, 31)),
    (" 31 / 12 / 2569 ", date(2026, 12, 31)),
    ("๓๑/๑๒/๒๕๖๙", date(2026, 12, 31)),
    ("31/12/69", date(2026, 12, 31)),  # the Buddhist era's century said short
    ("31 ธ.ค. 2569", date(2026, 12, 31)),
    ("31 ธค 2569", date(2026, 12, 31)),
    ("31ธันวาคม2569", date(2026, 12, 31)),
    ("๓ ม.ค. ๒๕๗๐", date(2027, 1, 3)),
    ("29 กุมภา 2571", date(2028, 2, 29)),  # a leap year
    ("15 มิ.ย. พ.ศ. 2570", date(2027, 6, 15)),
    ("2026-12-31", date(2026, 12, 31)),  # ISO, as the CLI and links write it, in the Common Era
    ("2569-12-31", date(2026, 12, 31)),  # the same form with a Buddhist year cannot mean anything else
    ("2549-01-01", date(2006, 1, 1)),
    ("31/12/2574", date(2031, 12, 31)),
    ("", None),
    ("  ", None),
])
def test_dates_typed_in_the_buddhist_era_are_read(typed, meant):
    assert parse_date(typed, TODAY) == meant


@pytest.mark.parametrize(("typed", "reason", "year"), [
    ("31/12/2026", "western_year", 2026),  # a Common-era year typed by mistake
    ("1 ม.ค. 2027", "western_year", 2027),
    ("31/02/2569", "no_such_day", None),
    ("29/02/2570", "no_such_day", None),  # not a leap year
    ("00/13/2569", "no_such_day", None),
    ("32/01/2570", "no_such_day", None),
    ("2026-02-30", "no_such_day", None),
    ("31/12/3114", "far_year", 3114),  # 2569 + 545: the deadline once kept
    ("31/12/2600", "far_year", 2600),
    ("01/01/2548", "far_year", 2548),
    ("31/12/26", "far_year", 2526),
    ("9999-12-31", "far_year", 9999),
    ("0001-01-01", "far_year", 1),
    ("31/12-2569", "form", None),
    ("31 ธันว 2569", "form", None),
    ("สิ้นเดือน", "form", None),
    ("2569", "form", None),
    ("31/12/256", "form", None),
    ("31/12/2569 08:30", "form", None),
    ("٣١/١٢/٢٥٦٩", "form", None),  # Arabic-Indic digits are not Thai ones
])
def test_impossible_dates_and_wrong_eras_are_refused(typed, reason, year):
    with pytest.raises(DateRefused) as refused:
        parse_date(typed, TODAY)
    assert (refused.value.reason, refused.value.year) == (reason, year)
    if year is not None:
        assert refused.value.years == (2549, 2574)


@pytest.mark.parametrize(("typed", "meant"), [
    ("11/2569", (2026, 11)), ("1/2570", (2027, 1)), ("๑๑-๒๕๖๙", (2026, 11)), ("พ.ย. 2569", (2026, 11)),
    ("พฤศจิกายน 69", (2026, 11)), ("2026-11", (2026, 11)), ("", None),
])
def test_months_typed_in_the_buddhist_era_are_read(typed, meant):
    assert parse_month(typed, TODAY) == meant


@pytest.mark.parametrize(("typed", "reason"), [
    ("11/2026", "western_year"), ("13/2569", "no_such_day"), ("11/3114", "far_year"), ("พย", "form"),
])
def test_impossible_months_are_refused(typed, reason):
    with pytest.raises(DateRefused, match=reason):
        parse_month(typed, TODAY)


def test_dates_are_shown_as_they_are_typed():
    assert be_date(date(2027, 1, 3)) == "03/01/2570" and be_date(None) == ""
    assert parse_date(be_date(date(2027, 1, 3)), TODAY) == date(2027, 1, 3)
    assert be_month(2026, 11) == "11/2569"
