"""The one normaliser for what people type, and button labels, without an app."""

from __future__ import annotations

import pytest

from bot.texts import SOFTENERS
from bot.thai import answer_text, command_key, short_label, tidy, without_particles


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
