"""The decision: what the router and the judge say, turned into an answer, a suggestion, a request (pure)."""

from __future__ import annotations

import pytest

from bot.knowledge import base, decide, groups, matcher, model
from bot.knowledge.text import segment
from bot.thai import without_particles

T = {"request": 0.5, "other": 0.5, "chat": 0.5, "answer": 0.6, "out": 0.4, "suggest": 0.1}


def kinds(**given: float) -> dict[str, float]:
    rest = (1.0 - sum(given.values())) / 9
    return {k: given.get(k, rest) for k in ("answer", "repair", "consult", "borrow", "access", "vconf", "other",
                                             "chat", "out")}


@pytest.mark.parametrize(("router", "judged", "plain", "action"), [
    (kinds(answer=0.9), [("dmc-what", 0.95), ("emis-what", 0.2)], False, "answer"),
    (kinds(answer=0.9), [("dmc-what", 0.5), ("emis-what", 0.2)], False, "suggest"),
    (kinds(answer=0.9), [("dmc-what", 0.05)], False, "refuse"),
    (kinds(repair=0.8), [("how-repair", 0.9)], False, "request"),  # a request is started, not explained
    (kinds(other=0.7), [("dmc-what", 0.9)], False, "other"),
    (kinds(chat=0.7), [], False, "chat"),
    (kinds(out=0.6), [("dmc-what", 0.3)], False, "refuse"),  # out of scope: no buttons either
    (kinds(answer=0.9), [("dmc-what", 0.95)], True, "refuse"),  # everyday words only: about something earlier
])
def test_thresholds_turn_probabilities_into_one_action(router, judged, plain, action):
    assert decide.choose(router, judged, T, plain).action == action


def test_suggestions_are_the_judged_candidates_above_the_bar():
    decision = decide.choose(kinds(answer=0.9), [("a", 0.5), ("b", 0.3), ("c", 0.04)], T)
    assert decision.suggestions == ("a", "b") and decision.confidence == 0.5


def test_a_second_guess_beside_the_best_needs_half_the_bar():
    assert decide.choose(kinds(answer=0.9), [("a", 0.2), ("b", 0.06), ("c", 0.04)], T).suggestions == ("a", "b")
    assert decide.choose(kinds(answer=0.9), [("a", 0.08), ("b", 0.07)], T).action == "refuse"


@pytest.mark.parametrize(("action", "router", "may"), [
    ("answer", kinds(answer=0.9), True), ("suggest", kinds(answer=0.9), True),
    ("request", kinds(consult=0.7), False),  # "ยืนยันรอบ 10 พ.ย. ไม่ทัน ขอให้เขตช่วย" starts the request
    ("other", kinds(other=0.9), False),  # the router hears another group's work
    ("other", kinds(answer=0.5), True),  # only another group's word ("ย้าย") turned a refusal into "other"
])
def test_the_calendar_answers_unless_a_request_or_another_groups_work(action, router, may):
    assert decide.calendar_may_answer(decide.Decision(action, kinds=router)) is may


@pytest.fixture(scope="module")
def index():
    return matcher.build(base.load())


def test_a_phrasing_staff_taught_is_answered_word_for_word(index):
    entry = base.load()[0]
    decision = decide.decide(index, model.shipped(), entry.phrasings[0])
    assert (decision.action, decision.entry, decision.confidence) == ("answer", entry.id, 1.0)


@pytest.mark.parametrize(("text", "action", "detail"), [
    ("ปริ้นเตอร์ห้องธุรการกระดาษติด พิมพ์ไม่ออก ช่วยส่งช่างมาดูหน่อยค่ะ", "request", "repair"),
    ("ขอจองห้องประชุมทางไกลวันพฤหัสหน้า บ่ายโมงค่ะ", "request", "vconf"),
    ("ลาป่วยต้องยื่นใบลาล่วงหน้ากี่วันคะ", "other", None),
    ("ต้องเก็บ log การใช้อินเทอร์เน็ตกี่วันครับ", "answer", "traffic-log"),
    ("วันนี้ฝนจะตกไหมคะ", "refuse", None),
])
def test_the_shipped_model_routes_plain_cases(index, text, action, detail):
    decision = decide.decide(index, model.shipped(), text)
    assert decision.action == action, decision
    assert detail in (None, decision.request, decision.entry), decision


def test_the_shipped_segmentations_are_what_the_segmenter_says_now(index):
    """The model file carries the base's segmented texts (for start-up): stale ones mean `bot faq train`."""
    import json

    data = json.loads(model.SHIPPED.read_text(encoding="utf-8"))["segmented"]
    from bot.knowledge.text import _segmented

    texts = {text for entry in base.load() for text in matcher.texts_of(entry)}
    assert texts <= set(data), "entries changed since the model was trained: run `bot faq train`"
    assert all(tuple(data[text].split()) == _segmented(text) for text in texts)
    assert segment(next(iter(texts)))


@pytest.mark.parametrize(("typed", "meant"), [("ลิ้งค์ B-OBEC ค่ะ", "ลิ้งค์ B-OBEC"), ("ด่วนนนนค่ะ", "ด่วน"),
                                             ("emisปิดวันไหนคะะ", "emisปิดวันไหน"), ("555 ขำมากกก", "555 ขำมาก"),
                                             ("แบบบันทึกค่ะ", "แบบบันทึก"), ("ช่วยด้วยยยย", "ช่วยด้วย")])
def test_particles_and_emphasis_say_nothing_about_what_is_asked(typed, meant):
    assert without_particles(typed) == meant


@pytest.mark.parametrize(("text", "group"), [
    ("ลาป่วยต้องยื่นใบลาล่วงหน้ากี่วัน", "personnel"), ("เงินเดือนออกวันไหนคะ", "finance"),
    ("ตารางสอบ O-NET ปีนี้ออกหรือยัง", "supervision"), ("ขอยืมรถตู้ของเขตค่ะ", "admin"),
    ("ครูทำผิดวินัยต้องรายงานใคร", "legal"), ("ระบบ DMC คืออะไร", None),
])
def test_another_groups_work_is_named(text, group):
    assert groups.which(text) == group


@pytest.mark.parametrize(("text", "entry_id", "fits"), [
    ("ลิ้งค์บีโอเบคค่ะ", "bobec-url", {"system_fits": 1.0, "system_missing": 0.0, "system_other": 0.0}),
    ("ลิ้งค์บีโอเบคค่ะ", "emis-url", {"system_fits": 0.0, "system_missing": 1.0, "system_other": 1.0}),
    ("dmc emis ต่างกันยังไง", "emis-url", {"system_fits": 0.5, "system_missing": 0.0}),
    ("อีมิสคืออะไรคะ", "emis-what", {"system_fits": 1.0, "what_fits": 1.0}),
])
def test_the_judge_sees_whether_a_candidate_is_about_the_systems_asked(text, entry_id, fits):
    entry = {e.id: e for e in base.load()}[entry_id]
    found = decide._fit(decide.normalize(text), entry)
    assert {k: found[k] for k in fits} == fits


def test_the_judge_sees_how_much_of_the_question_a_candidate_covers():
    index = matcher.build(base.load())
    words = matcher.score_entries(index, "ลิงก์ระบบ emis")[1].words
    assert decide.covered(index, words, index.position["emis-url"]) == 1.0
    assert decide.covered(index, words, index.position["dltv-no-signal"]) < 0.5
