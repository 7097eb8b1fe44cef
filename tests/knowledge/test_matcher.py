"""The knowledge matcher, without an app: Thai normalisation, the index and the decision."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge import matcher
from bot.knowledge.grading import read_entry_labelled
from bot.knowledge.matcher import Entry
from bot.knowledge.text import WordSet, normalize, tokens

DATA = Path(__file__).resolve().parents[1] / "data"

ENTRIES = [
    Entry("dmc-term1", "dmc", "ส่งข้อมูล DMC ภาคเรียนที่ 1 ได้ถึงวันไหน", "…",
          ("DMC รอบ 10 มิถุนายน ปิดเมื่อไร", "กำหนดส่งข้อมูลนักเรียนเทอม 1"), ("dmc", "10 มิถุนายน", "เทอม 1")),
    Entry("dmc-term2", "dmc", "ส่งข้อมูล DMC ภาคเรียนที่ 2 ได้ถึงวันไหน", "…",
          ("DMC รอบ 10 พฤศจิกายน ปิดเมื่อไร", "กำหนดส่งข้อมูลนักเรียนเทอม 2"), ("dmc", "10 พฤศจิกายน", "เทอม 2")),
    Entry("bobec", "bobec", "B-OBEC กรอกข้อมูลสิ่งก่อสร้างช่วงไหน", "…", ("บีโอเบคเปิดระบบเดือนอะไร",),
          ("bobec", "สิ่งก่อสร้าง", "ตุลาคม")),
    Entry("password", "account", "ลืมรหัสผ่านอีเมลโรงเรียนทำอย่างไร", "…", ("รีเซ็ตรหัสผ่าน", "เข้าอีเมลไม่ได้"),
          ("รหัสผ่าน", "password", "อีเมล")),
    Entry("repair", "other", "แจ้งซ่อมอุปกรณ์คอมพิวเตอร์ทำอย่างไร", "…", ("คอมเสียต้องแจ้งใคร",), ("แจ้งซ่อม",)),
]


@pytest.fixture(scope="module")
def index():
    return matcher.build(ENTRIES)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("๑๐ มิ.ย.", "10 มิถุนายน"), ("ดีเอ็มซี", "dmc"), ("บีโอเบค", "bobec"), ("B-OBEC", "bobec"),
     ("รร.บ้านหนองบัว", "โรงเรียน บ้านหนองบัว"), ("ผอ.สั่ง", "ผู้อำนวยการ สั่ง"),
     # letters held down for emphasis, "แ" typed as two "เ", spelling variants of loanwords
     ("ด่วนนนน", "ด่วน"), ("เเจ้งซ่อม", "แจ้งซ่อม"), ("ขอลิ้งค์", "ขอ ลิงก์"), ("เว็ปโรงเรียน", "website โรงเรียน"),
     ("เน้ตช้ามากกก", "เน็ต ช้ามาก"), ("www.dltv.ac.th", "www.dltv.ac.th"), ("ขอบคุณ 555", "ขอบคุณ 555"),
     # three letters alike across two words, or before an abbreviation's dot, are not emphasis
     ("แบบบันทึก", "แบบบันทึก"), ("ต่อออนไลน์", "ต่อออนไลน์"), ("ธุรการรร.", "ธุรการ โรงเรียน"),
     ("เวปไซต์โรงเรียน", "website โรงเรียน")],
)
def test_normalize(text, folded):
    assert normalize(text) == folded


def test_tokens_drop_filler_words():
    assert tokens("ลืมพาสเวิร์ดอีเมล์ครับ") == ["ลืม", "password", "อีเมล"]


def test_word_set_segments_like_pythainlps_trie():
    tokens("warm")  # sets pythainlp's data folder before its first import
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    words = [*thai_words(), "ก"]  # a one-letter word too
    trie, word_set = Trie(words), WordSet(words)
    files = [DATA / name for name in ("faq_eval.tsv", "faq_heldout.tsv")]
    questions = [normalize(q) for q, _ in read_entry_labelled(files)]
    questions += ["ก", "กก", "ข้อมูลก"]
    assert len(questions) > 300
    for question in questions:
        assert [word_set.prefixes(question, i) for i in range(len(question))] == \
            [trie.prefixes(question, i) for i in range(len(question))], question
        assert word_tokenize(question, custom_dict=word_set, engine="newmm") == \
            word_tokenize(question, custom_dict=trie, engine="newmm"), question
    assert len(word_set) == len(trie) and "ข้อมูล" in word_set and "ข้อมูลก" not in word_set


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("DMC เทอม 1 ส่งได้ถึงวันไหนครับ", "dmc-term1"),
        ("ดีเอ็มซี รอบ ๑๐ พ.ย. ปิดเมื่อไหร่", "dmc-term2"),
        ("บีโอเบคเปิดเดือนไหนคะ", "bobec"),
        ("ลืมพาสเวิร์ดอีเมล์ รร.", "password"),
    ],
)
def test_the_right_entry_ranks_first(index, question, entry):
    ranked, _ = matcher.score_entries(index, question)
    assert entry in index.entries[ranked[0][1]].id, [(round(s), index.entries[n].id) for s, n in ranked[:3]]


@pytest.mark.parametrize("question", ["", "?!", "ครับ"])
def test_a_question_of_no_words_ranks_nothing(index, question):
    assert matcher.score_entries(index, question)[0] == []


def test_a_phrasing_is_recognised_word_for_word(index):
    entry = index.entries[3]
    assert matcher.exactly(index, entry.phrasings[0] + " ครับ") == entry
    assert matcher.exactly(index, "ราคาทองวันนี้เท่าไร") is None


def test_the_ranking_is_the_same_in_every_process():
    # entries tied on the words they share used to be cut from the shortlist in set order, which changes with
    # the process's hash seed: the same question could get another answer after a restart
    code = ("from bot.knowledge import base, grading, matcher; index = matcher.build(base.load()); "
            "_, cases = grading.parse(open('tests/data/faq_tune_a.tsv', encoding='utf-8').read(), 'a'); "
            "print([[n for _, n in matcher.score_entries(index, c.question)[0]] for c in cases])")
    root = Path(__file__).resolve().parents[2]
    outputs = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(1, 5)}
    assert len(outputs) == 1
