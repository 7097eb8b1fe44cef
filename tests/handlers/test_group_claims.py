"""A group's claim to be a school's group waits for staff: approving, rejecting, rival claims, and what it may do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.clock import BANGKOK, utcnow
from bot.collection_calendar import Round
from bot.handlers.groups import DONE_GRACE_DAYS
from bot.storage import calendar_repo, groups_repo, settings_repo
from bot.storage.models import RoundCompletion, StaffNotice
from bot.thai import long_date
from tests.conftest import approve_group
from tests.helpers.groups import GROUP, choices, group, join, say, tap

STAFF_GROUP, OTHER = "C0000000000000000000000000000ff1", "C0000000000000000000000000000cc2"
OFFICER, STRANGER = "U0000000000000000000000000000ee1", "U0000000000000000000000000000bb9"
pytestmark = pytest.mark.usefixtures("office")


@pytest.fixture
def staff_group(services):
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"staff_group_id": STAFF_GROUP})


def tap_in(webhook, fake_line, process, chat, data, user=OFFICER):
    """Tap a postback button in a chat (a group, or the user's own chat when `chat` is None); return the answers."""
    to = chat or user
    before = len(fake_line.sent_to(to))
    webhook(fake_line.user_event("postback", user, chat, postback={"data": data}))
    process()
    return fake_line.sent_to(to)[before:]


def buttons(message):
    """Return the staff message's approve and reject postbacks."""
    found = dict(choices(message))
    return found[texts.CLAIM_APPROVE], found[texts.CLAIM_REJECT]


def claim(webhook, fake_line, process, school="บ้านหนองบัว"):
    """Join GROUP, claim a school from it, and return what the staff group was told."""
    join(webhook, fake_line, process)
    before = len(fake_line.sent_to(STAFF_GROUP))
    say(webhook, fake_line, process, school)
    return fake_line.sent_to(STAFF_GROUP)[before:]


def open_round(services, days_from_opening: int = 5) -> int:
    """Put a round in the calendar that opened `days_from_opening` days ago (negative: opens later)."""
    opens = utcnow().astimezone(BANGKOK).date() - timedelta(days=days_from_opening)
    round_ = Round("mobec", "M-OBEC", "M-OBEC ประจำปี", opens, opens + timedelta(days=15), academic_year=2026)
    with services.sessions() as session, session.begin():
        return calendar_repo.save(session, round_, utcnow()).id


def completions(db):
    db.rollback()
    return db.scalars(select(RoundCompletion)).all()


def test_a_claim_waits_for_staff_who_are_asked_in_their_group(webhook, fake_line, process, db, staff_group):
    told = claim(webhook, fake_line, process)
    assert fake_line.texts_to(GROUP)[-1] == texts.group_claim_pending("บ้านหนองบัว")
    assert groups_repo.pending(group(db)) and group(db).approved_at is None
    assert groups_repo.reminder_targets(db) == []
    assert len(told) == 1 and "ครูบ้านหนองบัว" in told[0]["text"] and "บ้านหนองบัว" in told[0]["text"]
    approve, reject = buttons(told[0])
    assert approve.startswith("group.approve?") and reject.startswith("group.reject?") and GROUP in approve
    assert any("ครูบ้านหนองบัว" in n.text for n in db.scalars(select(StaffNotice)))


def test_an_area_wide_claim_waits_too(webhook, fake_line, process, db, staff_group):
    join(webhook, fake_line, process)
    assert tap(webhook, fake_line, process, "group.area")[0]["text"] == texts.GROUP_CLAIM_PENDING_AREA
    assert groups_repo.pending(group(db)) and groups_repo.reminder_targets(db) == []
    approve, _ = buttons(fake_line.sent_to(STAFF_GROUP)[-1])
    tap_in(webhook, fake_line, process, STAFF_GROUP, approve)
    assert fake_line.texts_to(GROUP)[-1] == texts.GROUP_APPROVED_AREA
    db.rollback()
    assert [t.group_id for t in groups_repo.reminder_targets(db)] == [GROUP]


def test_a_tap_in_the_staff_group_approves_once(webhook, fake_line, process, db, staff_group):
    approve, _ = buttons(claim(webhook, fake_line, process)[0])
    answer = tap_in(webhook, fake_line, process, STAFF_GROUP, approve)
    assert answer[0]["text"] == texts.claim_approved("ครูบ้านหนองบัว", texts.school_label("บ้านหนองบัว", "1034150001"))
    assert fake_line.texts_to(GROUP)[-1] == texts.group_approved("บ้านหนองบัว")
    assert not groups_repo.pending(group(db)) and group(db).approved_by == f"line:{OFFICER}"
    assert [t.group_id for t in groups_repo.reminder_targets(db)] == [GROUP]
    told_group = len(fake_line.sent_to(GROUP))
    again = tap_in(webhook, fake_line, process, STAFF_GROUP, approve)  # a second tap, or a second officer
    assert again[0]["text"] == texts.CLAIM_ALREADY_APPROVED
    assert len(fake_line.sent_to(GROUP)) == told_group  # the group is not told twice


@pytest.mark.parametrize("where", ["school group", "private chat", "another group"])
def test_the_approve_button_outside_the_staff_group_is_refused(webhook, fake_line, process, db, staff_group,
                                                               where):
    approve, _ = buttons(claim(webhook, fake_line, process)[0])
    chat = {"school group": GROUP, "private chat": None, "another group": OTHER}[where]
    answer = tap_in(webhook, fake_line, process, chat, approve, user=STRANGER)
    assert answer[0]["text"] == texts.CLAIM_STAFF_ONLY
    assert groups_repo.pending(group(db))


def test_no_staff_group_means_no_tap_approves(webhook, fake_line, process, db, services):
    claim(webhook, fake_line, process)
    data = f"group.approve?g={GROUP}&claim=x"
    assert tap_in(webhook, fake_line, process, GROUP, data)[0]["text"] == texts.CLAIM_STAFF_ONLY
    assert groups_repo.pending(group(db))


def test_reject_unlinks_and_tells_the_group_and_old_buttons_go_stale(webhook, fake_line, process, db,
                                                                     staff_group):
    approve, reject = buttons(claim(webhook, fake_line, process)[0])
    answer = tap_in(webhook, fake_line, process, STAFF_GROUP, reject)
    assert answer[0]["text"] == texts.claim_rejected("ครูบ้านหนองบัว", texts.school_label("บ้านหนองบัว", "1034150001"))
    assert fake_line.texts_to(GROUP)[-1] == texts.GROUP_CLAIM_REJECTED
    assert groups_repo.awaiting_link(group(db)) and group(db).school_code is None
    assert tap_in(webhook, fake_line, process, STAFF_GROUP, approve)[0]["text"] == texts.CLAIM_STALE
    assert tap_in(webhook, fake_line, process, STAFF_GROUP, reject)[0]["text"] == texts.CLAIM_STALE
    # the group may claim again: a new claim, new buttons; the old ones still decide nothing
    say(webhook, fake_line, process, "บ้านหนองบัว")
    assert tap_in(webhook, fake_line, process, STAFF_GROUP, approve)[0]["text"] == texts.CLAIM_STALE
    assert groups_repo.pending(group(db))


@pytest.mark.parametrize("first_approved", [True, False])
def test_a_second_group_claiming_the_same_school_alerts_staff(webhook, fake_line, process, db, staff_group,
                                                              services, first_approved):
    claim(webhook, fake_line, process)
    if first_approved:
        approve_group(services, GROUP)
    fake_line.add_group(OTHER, "กลุ่มเพื่อนครู", members=3)
    webhook(fake_line.user_event("join", STRANGER, OTHER))
    process()
    before = len(fake_line.sent_to(STAFF_GROUP))
    webhook.text(STRANGER, "บ้านหนองบัว", group=OTHER)
    process()
    alert = fake_line.sent_to(STAFF_GROUP)[before:]
    assert len(alert) == 1 and "⚠️" in alert[0]["text"]
    assert all(name in alert[0]["text"] for name in ("ครูบ้านหนองบัว", "กลุ่มเพื่อนครู", "บ้านหนองบัว"))
    db.rollback()
    notice = db.scalars(select(StaffNotice).where(StaffNotice.kind == "group-conflict")).one()
    assert "ครูบ้านหนองบัว" in notice.text and "กลุ่มเพื่อนครู" in notice.text
    assert groups_repo.pending(groups_repo.get(db, OTHER))
    assert groups_repo.pending(groups_repo.get(db, GROUP)) is not first_approved


def test_done_from_a_pending_group_does_not_count(webhook, fake_line, process, db, services):
    round_id = open_round(services)
    claim(webhook, fake_line, process)
    assert say(webhook, fake_line, process, "ส่งแล้ว")[0]["text"] == texts.GROUP_AWAITING_APPROVAL
    assert tap(webhook, fake_line, process, f"round.done?round={round_id}")[0]["text"] == \
        texts.GROUP_AWAITING_APPROVAL
    assert completions(db) == []


def test_the_done_button_from_an_unlinked_group_does_not_count(webhook, fake_line, process, db, services):
    round_id = open_round(services)
    join(webhook, fake_line, process)
    assert tap(webhook, fake_line, process, f"round.done?round={round_id}")[0]["text"] == texts.GROUP_ASK_SCHOOL
    assert completions(db) == []


@pytest.mark.parametrize(("opened", "answer"), [
    (-3, lambda r: texts.round_not_open(r.name, long_date(r.opens))),
    (16 + DONE_GRACE_DAYS, lambda r: texts.round_closed(r.name)),
])
def test_a_round_not_open_cannot_be_marked_done(webhook, fake_line, process, db, services, opened, answer):
    round_id = open_round(services, days_from_opening=opened)
    claim(webhook, fake_line, process)
    approve_group(services, GROUP)
    db.rollback()
    round_ = calendar_repo.get(db, round_id)
    assert tap(webhook, fake_line, process, f"round.done?round={round_id}")[0]["text"] == answer(round_)
    assert completions(db) == []


def test_a_round_closed_within_the_grace_days_can_still_be_marked(webhook, fake_line, process, db,
                                                                  services):
    round_id = open_round(services, days_from_opening=15 + DONE_GRACE_DAYS)
    claim(webhook, fake_line, process)
    approve_group(services, GROUP)
    assert tap(webhook, fake_line, process, f"round.done?round={round_id}")[0]["text"] == texts.round_done(
        "บ้านหนองบัว", "M-OBEC ประจำปี")
    assert [c.round_id for c in completions(db)] == [round_id]


@pytest.mark.parametrize("data", ["round.done?round=1234567890123456789012345", "round.done?round=99999",
                                  "round.done?round=abc", "round.done"])
def test_a_stale_or_invalid_round_button_gets_a_clear_answer(webhook, fake_line, process, db, services,
                                                             data):
    open_round(services)
    claim(webhook, fake_line, process)
    approve_group(services, GROUP)
    assert tap(webhook, fake_line, process, data)[0]["text"] == texts.ROUND_BUTTON_STALE
    assert completions(db) == []
