"""The conversation engine, without an app: dialogue tables over a small flow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import conversation as conv
from bot.conversation import Flow, Invalid, Step

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def urgency(answer, data):
    if answer not in ("ปกติ", "ด่วน"):
        raise Invalid("กรุณาเลือกจากปุ่ม")
    return answer


FLOW = Flow("demo", (
    Step("subject", "เรื่องอะไรครับ"),
    Step("asset", "เลขครุภัณฑ์", optional=True),
    Step("urgency", "ด่วนไหม", choices=("ปกติ", "ด่วน"), parse=urgency),
))
FLOWS = {"demo": FLOW}


def run(answers, data=None):
    outcome = conv.start(FLOW, NOW, data)
    said = [r.text for r in outcome.replies]
    for text in answers:
        outcome = conv.answer(FLOWS, outcome.state, text, NOW)
        said += [r.text for r in outcome.replies]
    return outcome, said


@pytest.mark.parametrize(
    ("answers", "prefill", "finished", "last_said"),
    [
        (["ปริ้นเตอร์เสีย", "ข้าม", "ด่วน"], None, {"subject": "ปริ้นเตอร์เสีย", "asset": None, "urgency": "ด่วน"},
         "ด่วนไหม"),
        (["ปริ้นเตอร์เสีย", "7440-001", "ด่วนมากๆ", "ปกติ"], None,
         {"subject": "ปริ้นเตอร์เสีย", "asset": "7440-001", "urgency": "ปกติ"}, "กรุณาเลือกจากปุ่ม\nด่วนไหม"),
        (["ข้าม", "ปกติ"], {"subject": "จากข้อความแรก"}, {"subject": "จากข้อความแรก", "asset": None,
                                                        "urgency": "ปกติ"}, "ด่วนไหม"),
    ],
    ids=["full", "invalid-then-valid", "prefilled-skips"],
)
def test_dialogue(answers, prefill, finished, last_said):
    outcome, said = run(answers, prefill)
    assert outcome.state is None and outcome.finished == finished
    assert last_said in said


@pytest.mark.parametrize("word", ["ยกเลิก", " ยกเลิก ", "Cancel"])
def test_cancel_at_any_step(word):
    outcome, _ = run(["เรื่อง", word])
    assert outcome.cancelled and outcome.state is None and outcome.finished is None


def test_empty_answer_is_asked_again():
    outcome, said = run(["   "])
    assert outcome.state["step"] == "subject" and said[-1] == "เรื่องอะไรครับ"


def test_optional_step_offers_skip():
    outcome = conv.answer(FLOWS, conv.start(FLOW, NOW).state, "เรื่อง", NOW)
    assert outcome.replies[0].choices == ("ข้าม", "ย้อนกลับ")


def test_state_is_plain_json_and_expires():
    import json

    state = conv.start(FLOW, NOW).state
    assert json.loads(json.dumps(state)) == state
    assert not conv.is_expired(state, NOW + timedelta(minutes=29), timedelta(minutes=30))
    assert conv.is_expired(state, NOW + timedelta(minutes=31), timedelta(minutes=30))


def test_attachments_are_kept_with_the_answers():
    state = conv.start(FLOW, NOW).state
    state = conv.add_attachment(state, {"message_id": "1", "type": "image"}, NOW)
    outcome = conv.answer(FLOWS, state, "จอดับ", NOW)
    assert outcome.state["data"]["attachments"] == [{"message_id": "1", "type": "image"}]
