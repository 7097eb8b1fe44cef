"""School groups in LINE: saying which school a group is, leaving, and "ส่งแล้ว" for a round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import BANGKOK, utcnow
from bot.collection_calendar import Round
from bot.storage import calendar_repo, groups_repo, reminders_repo
from bot.storage.models import RoundCompletion
from tests.conftest import approve_group
from tests.helpers.groups import GROUP, TEACHER, choices, group, join, say, tap

pytestmark = pytest.mark.usefixtures("office")

def open_round(services, key: str, system: str, name: str) -> int:
    """Put a round in the calendar whose window includes today."""
    today = utcnow().astimezone(BANGKOK).date()
    round_ = Round(key, system, name, today - timedelta(days=5), today + timedelta(days=10), academic_year=2026)
    with services.sessions() as session, session.begin():
        return calendar_repo.save(session, round_, utcnow()).id




def test_join_asks_the_school_and_a_typed_code_links_the_group(webhook, fake_line, process, db, office):
    hello = join(webhook, fake_line, process)
    assert hello[1]["text"] == texts.GROUP_ASK_SCHOOL
    assert choices(hello[1]) == [(texts.GROUP_AREA_WIDE, "group.area")]
    assert group(db).name == "ครูบ้านหนองบัว" and groups_repo.awaiting_link(group(db))

    assert say(webhook, fake_line, process, "ประชุมบ่ายนี้นะคะ") == []  # chatter is not an answer
    answer = say(webhook, fake_line, process, "1034150003")
    assert answer[0]["text"] == texts.group_claim_pending("อนุบาลวารินชำราบ")
    assert (group(db).school_code, group(db).linked_by) == ("1034150003", TEACHER)
    assert groups_repo.pending(group(db))  # a claim made in LINE waits for staff


def test_a_close_name_offers_choices_and_a_tap_links(webhook, fake_line, process, db, office):
    join(webhook, fake_line, process)
    answer = say(webhook, fake_line, process, "รร.บ้านหนองบัว ท")
    assert answer[0]["text"] == texts.SCHOOL_WHICH
    assert ("บ้านหนองบัวทอง", "group.link?school=1034150002") in choices(answer[0])
    linked = tap(webhook, fake_line, process, "group.link?school=1034150002")
    assert linked[0]["text"] == texts.group_claim_pending("บ้านหนองบัวทอง")
    assert tap(webhook, fake_line, process, "group.link?school=1034150001") == []  # a stale button changes nothing
    assert group(db).school_code == "1034150002"


def test_unknown_school_is_said_and_area_button_marks_area_wide(webhook, fake_line, process, db, office):
    join(webhook, fake_line, process)
    assert say(webhook, fake_line, process, "โรงเรียนไม่มีจริงวิทยา")[0]["text"] == texts.GROUP_SCHOOL_NOT_FOUND
    assert tap(webhook, fake_line, process, "group.area")[0]["text"] == texts.GROUP_CLAIM_PENDING_AREA
    assert group(db).area_wide and group(db).school_code is None
    assert say(webhook, fake_line, process, "ส่งแล้ว") == []  # no one school to mark in an area group


def test_leave_deactivates_and_rejoining_keeps_the_school(webhook, fake_line, process, db, office, services):
    join(webhook, fake_line, process)
    say(webhook, fake_line, process, "บ้านหนองบัว")
    approve_group(services, GROUP)
    webhook(fake_line.user_event("leave", TEACHER, GROUP))
    process()
    assert not group(db).active
    again = join(webhook, fake_line, process)
    assert group(db).active and again[-1]["text"] == texts.group_linked("บ้านหนองบัว")


@pytest.mark.parametrize("typed", ["ส่งแล้ว", "ส่งแล้วค่ะ", "บันทึกข้อมูลเรียบร้อยแล้วครับ", "@บอท กรอกเสร็จแล้ว",
                                   "ส่ง M-OBEC แล้วค่ะ"])
def test_school_says_it_is_done(webhook, fake_line, process, db, office, services, typed):
    round_id = open_round(services, "mobec", "M-OBEC", "M-OBEC ประจำปี")
    join(webhook, fake_line, process)
    say(webhook, fake_line, process, "บ้านหนองบัว")
    approve_group(services, GROUP)
    answer = say(webhook, fake_line, process, typed, mention=typed.startswith("@"))
    assert answer[0]["text"] == texts.round_done("บ้านหนองบัว", "M-OBEC ประจำปี")
    db.rollback()
    done = db.scalars(select(RoundCompletion)).one()
    assert (done.round_id, done.school_code, done.done_by) == (round_id, "1034150001", TEACHER)
    again = say(webhook, fake_line, process, "ส่งแล้ว")
    assert again[0]["text"] == texts.round_already_done("บ้านหนองบัว", "M-OBEC ประจำปี")


def test_two_open_rounds_ask_which_and_the_reminder_button_marks_one(webhook, fake_line, process, db, office,
                                                                     services):
    mobec = open_round(services, "mobec", "M-OBEC", "M-OBEC ประจำปี")
    extra = open_round(services, "dlit-survey", "DLIT", "สำรวจการใช้ DLIT")
    join(webhook, fake_line, process)
    say(webhook, fake_line, process, "บ้านหนองบัว")
    approve_group(services, GROUP)
    answer = say(webhook, fake_line, process, "ส่งแล้ว")
    assert answer[0]["text"] == texts.WHICH_ROUND
    assert {data for _, data in choices(answer[0])} == {f"round.done?round={mobec}", f"round.done?round={extra}"}
    assert tap(webhook, fake_line, process, f"round.done?round={extra}")[0]["text"] == texts.round_done(
        "บ้านหนองบัว", "สำรวจการใช้ DLIT")
    # with one round left open, "ส่งแล้ว" needs no question
    assert say(webhook, fake_line, process, "ส่งแล้ว")[0]["text"] == texts.round_done("บ้านหนองบัว", "M-OBEC ประจำปี")
    db.rollback()
    assert reminders_repo.completions(db, [mobec, extra]) == {(mobec, "1034150001"), (extra, "1034150001")}


def test_done_without_an_open_round_says_so(webhook, fake_line, process, office, services):
    join(webhook, fake_line, process)
    say(webhook, fake_line, process, "บ้านหนองบัว")
    approve_group(services, GROUP)
    assert say(webhook, fake_line, process, "ส่งแล้ว")[0]["text"] == texts.NO_OPEN_ROUND


def test_linked_group_stays_quiet_unless_mentioned(webhook, fake_line, process, office):
    join(webhook, fake_line, process)
    say(webhook, fake_line, process, "บ้านหนองบัว")
    assert say(webhook, fake_line, process, "ส่งรูปกิจกรรมให้แล้วนะคะ ") == []
    assert say(webhook, fake_line, process, "@บอท แจ้งซ่อมคอม", mention=True)[0]["text"] == texts.GROUP_PRIVATE
