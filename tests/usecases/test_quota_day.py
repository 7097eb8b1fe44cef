"""A day of typical use, counted in LINE messages: only what must be pushed is pushed; staff acting costs nothing."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from bot import texts
from bot.clock import BANGKOK, utcnow
from bot.collection_calendar import Round
from bot.storage import calendar_repo, groups_repo, register_repo, settings_repo
from bot.storage.models import Ticket
from bot.storage.models_admin import StaffUser
from bot.texts import staff as st
from bot.workdays import add_working_days
from tests.conftest import link_approved
from tests.helpers.dialogue import card_actions, chat

STAFF_GROUP, STAFF_MEMBERS = "C0000000000000000000000000000ff1", 4
SOMCHAI, MALEE = "U0000000000000000000000000000s01", "U0000000000000000000000000000s02"
SCHOOL_GROUPS, GROUP_MEMBERS = 10, 25
REQUESTS = 20
SCHOOLS = [{"school_code": f"10341500{n:02d}", "name": f"บ้านทดสอบ{n}"} for n in range(SCHOOL_GROUPS)]


def teacher(n: int) -> str:
    return f"U{n:031d}"


@pytest.fixture
def office(services, fake_line, accounts):
    """A staff group of four with two bound staff, ten approved school groups of 25, a round opening today."""
    fake_line.quota = 100_000
    fake_line.add_group(STAFF_GROUP, "ICT เขต", members=STAFF_MEMBERS)
    today = utcnow().astimezone(BANGKOK).date()
    linked = datetime.combine(today - timedelta(days=30), time(8), BANGKOK)
    with services.sessions() as session, session.begin():
        settings_repo.set_office(session, {"staff_group_id": STAFF_GROUP})
        register_repo.import_schools(session, SCHOOLS)
        for username, line_id in (("somchai", SOMCHAI), ("malee", MALEE)):
            session.execute(update(StaffUser).where(StaffUser.username == username).values(line_user_id=line_id))
        for n, school in enumerate(SCHOOLS):
            group_id = f"C{n:032d}"
            fake_line.add_group(group_id, school["name"], members=GROUP_MEMBERS)
            link_approved(session, groups_repo.joined(session, group_id, linked, school["name"]),
                          school["school_code"], "Uteacher", linked)
        calendar_repo.save(session, Round("dmc-x", "DMC", "DMC รอบทดสอบ", today, today + timedelta(days=20),
                                          academic_year=2026), linked)
    return datetime.combine(today, time(9, 1), BANGKOK)


def pushes(fake_line, start: int = 0) -> Counter:
    """Count the messages LINE charged since delivery `start`, by who got them: staff group, teachers, schools."""
    charged: Counter = Counter()
    for d in fake_line.deliveries[start:]:
        if d["via"] != "push":
            continue
        who = "staff group" if d["to"] == STAFF_GROUP else "school groups" if d["to"].startswith("C") else "teachers"
        charged[who] += fake_line.groups.get(d["to"], ("", 1))[1]
    return charged


def test_a_day_of_twenty_requests_answered_from_the_staff_group(services, webhook, fake_line, process, db, office):
    # 20 teachers file a request each: every answer to them is a free reply; the staff group gets one card each
    for n in range(REQUESTS):
        chat(webhook, fake_line, process, teacher(n), texts.MENU_CONSULT, f"ครูทดสอบ {n}", "ครู", SCHOOLS[n % 10][
            "name"], "0812345678", "DMC", f"เรื่องที่ {n}", "ข้าม", "ปกติ", "ยืนยัน")
    assert pushes(fake_line) == {"staff group": REQUESTS * STAFF_MEMBERS}
    cards = fake_line.sent_to(STAFF_GROUP)
    ids = fake_line.sent_ids_to(STAFF_GROUP)
    assert len(cards) == REQUESTS

    # staff act from the group: claim each card, answer it by quoting it, check the backlog twice
    acting = len(fake_line.deliveries)
    for n, (card, card_id) in enumerate(zip(cards, ids, strict=True)):
        staff = (SOMCHAI, MALEE)[n % 2]
        webhook(fake_line.user_event("postback", staff, STAFF_GROUP, postback={"data": card_actions(card)[0]["data"]}))
        webhook.text(staff, f"ลองทำตามนี้ครับ ({n})", group=STAFF_GROUP, quoting=card_id)
        process()
        if n in (0, REQUESTS - 1):
            webhook.text(staff, st.BACKLOG, group=STAFF_GROUP)
            process()
    db.rollback()
    assert all(t.assigned_to and t.status == "answered" for t in db.scalars(select(Ticket)))
    staff_side = [d["via"] for d in fake_line.deliveries[acting:] if d["to"] == STAFF_GROUP]
    assert len(staff_side) == 2 * REQUESTS + 2 and set(staff_side) == {"reply"}  # free
    # the answers reach the teachers (their reply tokens are long spent): one push each
    assert pushes(fake_line, acting) == {"teachers": REQUESTS}

    # half the teachers tap "แก้ไขได้แล้ว" on the answer card: they need no follow-up push later
    for n in range(0, REQUESTS, 2):
        answer = fake_line.sent_to(teacher(n))[-1]
        solved = next(a for a in card_actions(answer) if a["label"] == texts.FOLLOWUP_SOLVED_LABEL)
        webhook(fake_line.user_event("postback", teacher(n), postback={"data": solved["data"]}))
        process()

    # the reminders of the day: the round opens, one card to each school group
    reminding = len(fake_line.deliveries)
    counts = services.reminders.send_due(office)
    assert counts["queued"] == SCHOOL_GROUPS and counts["delivery:sent"] == SCHOOL_GROUPS, counts
    assert pushes(fake_line, reminding) == {"school groups": SCHOOL_GROUPS * GROUP_MEMBERS}

    # days later the follow-up asks the other half, one push each
    following = len(fake_line.deliveries)
    later = add_working_days(utcnow().astimezone(BANGKOK).date(), 5)
    services.followups.send_due(datetime.combine(later, time(10), BANGKOK))  # within office hours
    assert pushes(fake_line, following) == {"teachers": REQUESTS // 2}

    day = pushes(fake_line)
    assert day == {"staff group": 80, "teachers": 30, "school groups": 250}
