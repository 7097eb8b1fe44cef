"""Reminders through the database and the fake LINE: once per group, through outages, within the quota."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot import create_app
from bot.clock import BANGKOK
from bot.collection_calendar import Round, reminders
from bot.storage import calendar_repo, groups_repo, register_repo, reminders_repo, settings_repo
from bot.storage.models import OutboxMessage, ReminderSend, StaffNotice
from tests.conftest import link_approved, run_concurrently

SCHOOLS = [("1034150001", "บ้านหนองบัว"), ("1034150002", "บ้านโนนสูง"), ("1034150003", "อนุบาลวารินชำราบ")]
LINKED_AT = datetime(2026, 4, 1, tzinfo=BANGKOK)


class Frozen:
    """The time the scheduler and the sender believe it is."""

    def __init__(self, services) -> None:
        self.now = LINKED_AT
        services.sender.clock = self

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def frozen(services):
    return Frozen(services)


def setup_office(services, groups: dict[str, str | None], academic_year: int = 2026,
                 linked_at: datetime = LINKED_AT) -> None:
    """Import schools, seed the year's calendar, and put groups in: group id → school code (None: area-wide)."""
    with services.sessions() as session, session.begin():
        register_repo.import_schools(session, [{"school_code": c, "name": n} for c, n in SCHOOLS])
        calendar_repo.seed(session, date(academic_year, 6, 1), LINKED_AT)
        for group_id, code in groups.items():
            group = groups_repo.joined(session, group_id, linked_at, f"กลุ่ม {group_id}")
            link_approved(session, group, code, "Uteacher", linked_at)


def rounds_of(services, academic_year: int = 2026):
    with services.sessions() as session:
        return [r for r in calendar_repo.rounds(session) if r.academic_year == academic_year]


def reminder_pushes(fake_line, group_id):
    return fake_line.texts_to(group_id)  # each card as text: its lines, then its button


def test_a_year_of_rounds_reaches_every_group_once_and_stops_for_finished_schools(services, fake_line, frozen):
    fake_line.quota = 100_000
    setup_office(services, {"Ca": "1034150001", "Cb": "1034150002", "Carea": None})
    year = rounds_of(services)
    dmc2 = next(r for r in year if r.key == "dmc-2")
    finished_at = reminders(dmc2)[1].at + timedelta(hours=2)  # school A enters DMC-2 after the 7-day reminder
    day = datetime(2026, 5, 1, 9, 1, tzinfo=BANGKOK)
    while day < datetime(2027, 5, 1, tzinfo=BANGKOK):
        for moment in (day - timedelta(minutes=2), day):  # 08:59 sends nothing; 09:01 sends what is due
            frozen.now = moment
            services.reminders.send_due(moment)
        if day <= finished_at < day + timedelta(days=1):
            with services.sessions() as session, session.begin():
                reminders_repo.mark_done(session, dmc2.id, "1034150001", "Uteacher", "Ca", finished_at)
        day += timedelta(days=1)

    expected = sum(len(reminders(r)) for r in year)
    assert expected == 25  # five rounds × five reminders
    assert len(reminder_pushes(fake_line, "Cb")) == expected
    assert len(reminder_pushes(fake_line, "Carea")) == expected
    assert len(reminder_pushes(fake_line, "Ca")) == expected - 3  # no 3-day, 1-day, last-day DMC-2 reminders
    for group in ("Ca", "Cb", "Carea"):
        texts = reminder_pushes(fake_line, group)
        assert len(set(texts)) == len(texts), "a reminder arrived twice"
    assert all("วันสุดท้าย" not in t for t in reminder_pushes(fake_line, "Ca") if "ภาคเรียนที่ 2" in t)
    area_last = [t for t in reminder_pushes(fake_line, "Carea") if "วันสุดท้าย" in t and "ภาคเรียนที่ 2" in t]
    assert len(area_last) == 1 and "ส่งแล้ว 1 จาก 3 โรงเรียน" in area_last[0]
    assert services.reminders.due(frozen.now) == []
    # a school's group can say it is done with one tap on its card; the area group only sees the count
    school_card, area_card = fake_line.sent_to("Cb")[0], fake_line.sent_to("Carea")[0]
    assert school_card["type"] == "flex" and school_card["altText"] == reminder_pushes(fake_line, "Cb")[0].split(
        "\n[")[0]
    assert school_card["contents"]["footer"]["contents"][0]["action"]["data"].startswith("round.done?round=")
    assert "footer" not in area_card["contents"]


def test_two_schedulers_send_each_reminder_once(services, settings, fake_line, frozen):
    fake_line.quota = 100_000
    groups = {f"Cg{i:03d}": SCHOOLS[i % 3][0] for i in range(40)}
    setup_office(services, groups)
    first = reminders(next(r for r in rounds_of(services) if r.key == "dmc-1"))[0]
    frozen.now = first.at + timedelta(minutes=1)
    other_app = create_app(settings)  # a second scheduler process: its own engine, sender and pool
    other = other_app.extensions["helpdesk"]
    other.sender.clock = frozen
    results: list[dict] = []
    try:
        run_concurrently(lambda s: results.append(s.reminders.send_due(frozen.now)),
                         [(services,), (other,)])
    finally:
        other.engine.dispose()
        other.line.close()
    # EMIS opens the same day as DMC-1: two reminders per group, each exactly once
    assert sum(r.get("queued", 0) for r in results) == 80
    for group_id in groups:
        assert len(reminder_pushes(fake_line, group_id)) == 2
    keys = [c["retry_key"] for c in fake_line.calls if c["path"] == "/v2/bot/message/push"]
    assert len(keys) == len(set(keys)) == 80


def test_line_down_for_ten_minutes_then_every_reminder_arrives_once(services, fake_line, frozen, db):
    fake_line.quota = 100_000
    groups = {f"Cg{i:03d}": SCHOOLS[i % 3][0] for i in range(12)}
    setup_office(services, groups)
    first = reminders(next(r for r in rounds_of(services) if r.key == "dmc-2"))[0]
    start = first.at + timedelta(minutes=1)
    frozen.now = start
    fake_line.outage = True
    counts = services.reminders.send_due(start)
    assert counts["queued"] == 12 and counts["delivery:pending"] == 12
    for minute in range(1, 40):
        frozen.now = start + timedelta(minutes=minute)
        if minute == 10:
            fake_line.outage = False
            # LINE takes the first pushes but the answers are lost: the retry key makes the resend harmless
            fake_line.fail("/v2/bot/message/push", 500, times=3, after_accepting=True)
        services.reminders.send_due(frozen.now)  # nothing new: every key is recorded
        services.sender.deliver_due(limit=100)
    for group_id in groups:
        assert len(reminder_pushes(fake_line, group_id)) == 1, group_id
    db.rollback()
    assert db.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status != "sent")) == 0


def test_reminders_missed_beyond_the_grace_window_are_reported_not_sent(services, fake_line, frozen, db):
    setup_office(services, {"Ca": "1034150001", "Cb": "1034150002"}, linked_at=datetime(2026, 7, 1, tzinfo=BANGKOK))
    first = reminders(next(r for r in rounds_of(services) if r.key == "dmc-2"))[0]
    frozen.now = first.at + timedelta(hours=5)  # the server was down all morning
    counts = services.reminders.send_due(frozen.now)
    assert counts == {"late": 2}
    assert fake_line.deliveries == []
    db.rollback()
    notice = db.scalars(select(StaffNotice)).one()
    assert "ไม่ได้ส่งแจ้งเตือน DMC ภาคเรียนที่ 2" in notice.text and "2 กลุ่ม" in notice.text
    assert services.reminders.send_due(frozen.now + timedelta(minutes=1)) == {}  # recorded: not again


def test_staff_group_hears_of_skipped_reminders(services, fake_line, frozen):
    services.reminders.office = services.reminders.office.updated({"staff_group_id": "Cstaff"})
    setup_office(services, {"Ca": "1034150001"}, linked_at=datetime(2026, 7, 1, tzinfo=BANGKOK))
    first = reminders(next(r for r in rounds_of(services) if r.key == "dmc-2"))[0]
    frozen.now = first.at + timedelta(hours=5)
    services.reminders.send_due(frozen.now)
    services.sender.deliver_due()
    assert [t for t in fake_line.texts_to("Cstaff") if "ไม่ได้ส่งแจ้งเตือน DMC ภาคเรียนที่ 2" in t]


def test_monthly_quota_used_up_stops_pushing_records_and_tells_staff(services, fake_line, frozen, db):
    groups = {f"Cg{i:03d}": SCHOOLS[i % 3][0] for i in range(10)}
    for group_id in groups:
        fake_line.add_group(group_id, group_id, members=20)
    fake_line.quota, fake_line.usage = 60, 0  # three group pushes fit
    setup_office(services, groups, linked_at=datetime(2026, 7, 1, tzinfo=BANGKOK))
    with services.sessions() as session, session.begin():  # the office's own round, later in the same month
        calendar_repo.save(session, Round("mobec", "M-OBEC", "M-OBEC ประจำปี", date(2026, 7, 20),
                                          date(2026, 7, 31), academic_year=2026), LINKED_AT)
    round_reminders = reminders(next(r for r in rounds_of(services) if r.key == "dmc-2"))
    frozen.now = round_reminders[0].at + timedelta(minutes=1)
    counts = services.reminders.send_due(frozen.now)
    assert counts["delivery:sent"] == 3 and counts["delivery:held"] == 7
    pushes = [c for c in fake_line.calls if c["path"] == "/v2/bot/message/push"]
    assert len(pushes) <= 10  # each message tried at most once: no spinning on 429

    calls_before = len(fake_line.calls)
    for _ in range(1, 30):  # retries wait for next month instead of hammering LINE
        frozen.now += timedelta(minutes=1)
        services.sender.deliver_due(limit=100)
    assert len(fake_line.calls) == calls_before

    db.rollback()
    assert settings_repo.quota_block(db) == datetime(2026, 8, 1, tzinfo=BANGKOK)
    assert any(n.kind == "quota" and "ครบโควตา" in n.text for n in db.scalars(select(StaffNotice)))

    frozen.now = datetime(2026, 7, 20, 9, 1, tzinfo=BANGKOK)  # later reminders are recorded, not pushed
    assert services.reminders.send_due(frozen.now) == {"quota": 10}
    assert len(fake_line.calls) == calls_before
    # next month the held July reminders are out of date: they expire instead of arriving late
    frozen.now = datetime(2026, 11, 20, tzinfo=BANGKOK)
    services.sender.deliver_due(limit=100)
    db.rollback()
    statuses = Counter(db.scalars(select(OutboxMessage.status)))
    assert statuses == {"sent": 3, "expired": 7}


def test_estimate_warns_staff_when_the_round_will_not_fit(services, fake_line, frozen, db):
    groups = {f"Cg{i:03d}": SCHOOLS[i % 3][0] for i in range(5)}
    for group_id in groups:
        fake_line.add_group(group_id, group_id, members=50)
    fake_line.quota, fake_line.usage = 300, 120
    setup_office(services, groups)
    frozen.now = datetime(2026, 10, 25, 7, 30, tzinfo=BANGKOK)
    short = services.reminders.warn_about_quota(frozen.now)
    # B-OBEC still has three reminders in October (27, 29, 30) and DMC-2 four in November
    assert [(e.year, e.month, e.needed, e.available) for e in short] == [(2026, 10, 3 * 250, 180),
                                                                         (2026, 11, 4 * 250, 300)]
    db.rollback()
    texts = [n.text for n in db.scalars(select(StaffNotice))]
    assert any("พฤศจิกายน 2569" in t and "1,000" in t for t in texts)
    services.reminders.warn_about_quota(frozen.now)  # once per month, not every morning
    db.rollback()
    assert len(db.scalars(select(StaffNotice)).all()) == len(texts)


def test_records_carry_the_unique_key(services, db):
    setup_office(services, {"Ca": "1034150001"})
    round_id = rounds_of(services)[0].id
    with services.sessions() as session, session.begin():
        assert reminders_repo.record(session, round_id, "opens", "Ca", LINKED_AT, "queued", LINKED_AT)
        assert reminders_repo.record(session, round_id, "opens", "Ca", LINKED_AT, "queued", LINKED_AT) is None
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ReminderSend)) == 1


def test_only_approved_groups_are_reminded_and_counted_against_the_quota(services, fake_line, frozen):
    fake_line.quota, fake_line.usage = 100_000, 0
    for group_id, members in (("Ca", 10), ("Cclaim", 1000), ("Carea", 1000)):
        fake_line.add_group(group_id, group_id, members=members)
    setup_office(services, {"Ca": "1034150001"})
    with services.sessions() as session, session.begin():  # claims made in LINE that staff have not approved
        for group_id, code in (("Cclaim", "1034150002"), ("Carea", None)):
            groups_repo.link(session, groups_repo.joined(session, group_id, LINKED_AT), code, "Ustranger", LINKED_AT)
    frozen.now = datetime(2026, 10, 25, 7, 30, tzinfo=BANGKOK)
    services.reminders.refresh_member_counts(frozen.now)
    assert [(e.month, e.needed) for e in services.reminders.estimate(frozen.now)] == [(10, 3 * 10), (11, 4 * 10)]
    first = reminders(next(r for r in rounds_of(services) if r.key == "dmc-2"))[0]
    frozen.now = first.at + timedelta(minutes=1)
    assert services.reminders.send_due(frozen.now)["queued"] == 1
    assert len(reminder_pushes(fake_line, "Ca")) == 1
    assert reminder_pushes(fake_line, "Cclaim") == reminder_pushes(fake_line, "Carea") == []
