"""Follow-up in LINE with frozen time: one push per requester, the survey by taps, reopen, no response,
a double tap and a forged postback; nothing pushed when the teacher already confirmed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import BANGKOK
from bot.line import flex
from bot.storage import register_repo, settings_repo
from bot.storage.models import InboxEvent, Requester, Ticket
from bot.usecases import desk
from tests.conftest import run_concurrently

TEACHER, OTHER = "U00000000000000000000000000000f1", "U00000000000000000000000000000f2"
ANSWERED = datetime(2027, 4, 9, 10, 0, tzinfo=BANGKOK)  # a Friday before Songkran
DUE = datetime(2027, 4, 16, 10, 0, tzinfo=BANGKOK)


class Frozen:
    def __init__(self, services):
        self.now = ANSWERED
        services.sender.clock = self

    def __call__(self):
        return self.now


def file_and_answer(services, user=TEACHER, kind="consult", subject="ยืนยันข้อมูล DMC ไม่ได้", answer_at=ANSWERED):
    """Register a LINE request for `user` and answer it as staff at `answer_at`; return the ticket id."""
    with services.sessions() as session, session.begin():
        requester = register_repo.requester_for_line(session, user, answer_at)
        requester.name = f"ครู {user[-2:]}"
        ticket = register_repo.create_ticket(session, requester, {"kind": kind, "subject": subject}, "ICT",
                                             answer_at - timedelta(hours=1))
        if kind == "repair":
            desk.set_status(session, ticket, "resolved", "สมชาย", answer_at, services.settings.office)
        else:
            desk.reply(session, ticket, "กดยืนยันที่เมนูรายงานครับ", "สมชาย", answer_at, services.settings.office)
        return ticket.id


def ticket(db, ticket_id):
    db.rollback()
    return db.get(Ticket, ticket_id)


def tap(webhook, fake_line, process, data, user=TEACHER):
    before = len(fake_line.sent_to(user))
    webhook(fake_line.user_event("postback", user, postback={"data": data}))
    process()
    return [m.get("text", "") for m in fake_line.sent_to(user)[before:]]


def buttons(message):
    """Return the postback data of a message's buttons: its quick replies and its card's."""
    return [action.get("data") for action in flex.actions(message)]


def test_one_push_covers_a_requesters_due_follow_ups_and_the_survey_closes_the_request(
        services, webhook, fake_line, process, db):
    frozen = Frozen(services)
    first = file_and_answer(services)
    second = file_and_answer(services, kind="repair", subject="ปริ้นเตอร์ไม่ออก")
    process()
    assert ticket(db, first).followup_due_at == DUE and ticket(db, first).followup_state == "scheduled"
    frozen.now = DUE - timedelta(minutes=1)
    assert services.followups.send_due(frozen.now) == {}  # not yet
    frozen.now = DUE + timedelta(minutes=1)
    counts = services.followups.send_due(frozen.now)
    assert counts["asked"] == 2 and counts["messages"] == 1
    push = fake_line.sent_to(TEACHER)[-1]
    assert "ติดตามผลเรื่องที่เจ้าหน้าที่ตอบไปแล้ว" in push["altText"] and len(buttons(push)) == 4
    assert push["contents"]["type"] == "carousel"  # a card per request, each with its two buttons
    assert services.followups.send_due(frozen.now + timedelta(minutes=1)) == {}  # asked once only

    # the consultation: solved → understanding → satisfaction → a comment; closed with everything recorded
    assert tap(webhook, fake_line, process, f"followup.result?t={first}&v=solved") == [texts.ASK_UNDERSTANDING]
    assert tap(webhook, fake_line, process, f"followup.understood?t={first}&v=good") == [texts.ASK_SATISFACTION]
    assert tap(webhook, fake_line, process, f"followup.rate?t={first}&v=5") == [texts.ASK_COMMENT]
    webhook.text(TEACHER, "บริการรวดเร็วมากครับ")
    process()
    assert fake_line.texts_to(TEACHER)[-1] == texts.COMMENT_THANKS
    done = ticket(db, first)
    assert (done.followup_result, done.understanding, done.satisfaction, done.comment, done.status) == (
        "solved", "good", 5, "บริการรวดเร็วมาก", "closed")  # kept without the polite particle
    # a double tap changes nothing
    assert tap(webhook, fake_line, process, f"followup.rate?t={first}&v=1") == [texts.FOLLOWUP_ALREADY]
    assert ticket(db, first).satisfaction == 5

    # the repair: still a problem → reopened and staff told
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"staff_group_id": "Cstaff"})
    assert tap(webhook, fake_line, process, f"followup.result?t={second}&v=problem") == [texts.FOLLOWUP_REOPENED]
    assert ticket(db, second).status == "reopened" and ticket(db, second).followup_state is None
    assert "ยังมีปัญหา" in fake_line.texts_to("Cstaff")[-1]


def test_a_forged_postback_cannot_rate_someone_elses_request(services, webhook, fake_line, process, db):
    Frozen(services)
    mine = file_and_answer(services)
    process()
    assert tap(webhook, fake_line, process, f"followup.result?t={mine}&v=solved", user=OTHER) == [
        texts.FOLLOWUP_NOT_YOURS]
    assert tap(webhook, fake_line, process, "followup.rate?t=99999&v=5", user=OTHER) == [texts.FOLLOWUP_NOT_YOURS]
    assert tap(webhook, fake_line, process, f"followup.rate?t={mine}&v=5") == [texts.FOLLOWUP_ALREADY]  # not yet
    stored = ticket(db, mine)
    assert stored.followup_result is None and stored.satisfaction is None


def test_confirming_on_the_answer_itself_means_no_follow_up_push(services, webhook, fake_line, process, db):
    frozen = Frozen(services)
    tid = file_and_answer(services)
    process()
    answer = fake_line.sent_to(TEACHER)[-1]
    assert f"followup.result?t={tid}&v=solved" in buttons(answer)  # the staff answer carries the question
    tap(webhook, fake_line, process, f"followup.result?t={tid}&v=solved")
    tap(webhook, fake_line, process, f"followup.understood?t={tid}&v=fair")
    tap(webhook, fake_line, process, f"followup.rate?t={tid}&v=4")
    webhook.text(TEACHER, "ข้าม")
    process()
    assert fake_line.texts_to(TEACHER)[-1] == texts.SURVEY_THANKS
    pushes = len([d for d in fake_line.deliveries if d["via"] == "push"])
    frozen.now = DUE + timedelta(hours=1)
    assert services.followups.send_due(frozen.now) == {}
    assert len([d for d in fake_line.deliveries if d["via"] == "push"]) == pushes


def test_no_answer_closes_as_no_response_and_nothing_is_lost(services, fake_line, db):
    frozen = Frozen(services)
    tid = file_and_answer(services)
    frozen.now = DUE + timedelta(minutes=5)
    services.followups.send_due(frozen.now)
    frozen.now = DUE + timedelta(days=4, minutes=10)  # Tuesday: two working days later, still waiting
    assert services.followups.send_due(frozen.now) == {}
    frozen.now = DUE + timedelta(days=5, minutes=10)  # Wednesday: three working days, no answer
    assert services.followups.send_due(frozen.now) == {"closed": 1}
    closed = ticket(db, tid)
    assert (closed.status, closed.followup_result, closed.followup_state) == ("closed", "no_response", "no_response")
    history = [e.text for e in register_repo.entries(db, closed) if e.kind == "note"]
    assert "ไม่ตอบกลับ" in history
    assert services.followups.send_due(frozen.now + timedelta(minutes=1)) == {}


def test_follow_ups_wait_for_office_hours_and_skip_requesters_not_on_line(services, fake_line, db):
    frozen = Frozen(services)
    tid = file_and_answer(services, answer_at=datetime(2026, 11, 26, 15, 0, tzinfo=BANGKOK))  # Thursday
    with services.sessions() as session, session.begin():
        phone = Requester(name="ครูโทรมา", created_at=ANSWERED, updated_at=ANSWERED)
        session.add(phone)
        session.flush()
        by_phone = register_repo.create_ticket(session, phone, {"kind": "consult", "subject": "โทรมา"}, "ICT",
                                               ANSWERED, channel="phone")
        desk.reply(session, by_phone, "ตอบทางโทรศัพท์แล้ว", "สมชาย", ANSWERED, services.settings.office)
        assert by_phone.followup_state == "manual"  # staff phone them; the bot cannot
    frozen.now = datetime(2026, 11, 30, 8, 0, tzinfo=BANGKOK)  # due Monday 15:00; early morning: not yet
    assert services.followups.send_due(frozen.now) == {}
    frozen.now = datetime(2026, 11, 30, 15, 1, tzinfo=BANGKOK)
    assert services.followups.send_due(frozen.now)["asked"] == 1
    assert ticket(db, tid).followup_state == "asked"


def test_two_schedulers_ask_once(services, fake_line, db, process):
    frozen = Frozen(services)
    for n in range(5):
        file_and_answer(services, user=f"U000000000000000000000000000a{n:03d}")
    process()  # the staff answers go out first: a chat's messages keep their order
    answers = len(fake_line.deliveries)
    frozen.now = DUE + timedelta(minutes=1)
    results = []
    run_concurrently(lambda: results.append(services.followups.send_due(frozen.now)), [(), ()])
    assert sum(r.get("asked", 0) for r in results) == 5
    assert len(fake_line.deliveries) - answers == 5


def test_cli_lists_and_sends(cli, services, fake_line):
    Frozen(services)
    file_and_answer(services)
    rows = cli("followups", "due", "--at", "2027-04-16T10:05", "--json").output
    assert '"action": "ask"' in rows
    assert '"asked": 1' in cli("followups", "send-due", "--at", "2027-04-16T10:05").output
    db_check = cli("followups", "due", "--at", "2027-04-16T10:06").output
    assert "0 due" in db_check


@pytest.mark.parametrize("ticket_id", ["1234567890123456789012345", "-1", "๑", "²", "0", "2147483648", ""])
def test_a_postback_with_an_impossible_id_gets_a_clear_answer_not_a_retry(webhook, fake_line, process, db,
                                                                          ticket_id):
    answer = tap(webhook, fake_line, process, f"followup.result?t={ticket_id}&v=solved")
    assert answer == [texts.FOLLOWUP_NOT_YOURS]
    db.rollback()
    assert db.scalars(select(InboxEvent.status)).all() == ["done"]


def test_still_a_problem_after_staff_closed_the_request_reopens_it_and_tells_staff(
        services, webhook, fake_line, process, db):
    Frozen(services)
    tid = file_and_answer(services)
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"staff_group_id": "C" + "0" * 31 + "9"})
        desk.set_status(session, session.get(Ticket, tid), "closed", "สมชาย", ANSWERED, services.settings.office)
    process()
    problem = next(d for d in buttons(fake_line.sent_to(TEACHER)[-1]) if d and "v=problem" in d)
    said = tap(webhook, fake_line, process, problem)
    assert said[0] == texts.FOLLOWUP_REOPENED  # not "your answer was already recorded"
    found = ticket(db, tid)
    assert (found.status, found.followup_result) == ("reopened", texts.FOLLOWUP_PROBLEM)
    assert ("status", "requester", "reopened") in [(e.kind, e.actor, e.new_status)
                                                    for e in register_repo.entries(db, found)]
    assert texts.staff_reopened(found.number, found.subject) in fake_line.texts_to("C" + "0" * 31 + "9")
