"""When follow-ups are due and when they give up, across Thai holidays and office closures (pure)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import BANGKOK
from bot.office import Office
from bot.register import followup

OFFICE = Office()


def bkk(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BANGKOK)


@pytest.mark.parametrize(("answered", "closures", "due"), [
    (bkk(2026, 11, 23, 10, 0), [], bkk(2026, 11, 25, 10, 0)),  # Monday → Wednesday
    (bkk(2027, 4, 9, 10, 0), [], bkk(2027, 4, 16, 10, 0)),  # Songkran 13–15 April in between
    (bkk(2026, 12, 30, 10, 0), [], bkk(2027, 1, 5, 10, 0)),  # New Year's Eve, New Year's Day, a weekend
    (bkk(2026, 12, 30, 10, 0), ["2027-01-04"], bkk(2027, 1, 6, 10, 0)),  # and an office closure
    (bkk(2026, 11, 23, 20, 15), [], bkk(2026, 11, 25, 15, 30)),  # answered at night: within office hours
    (bkk(2026, 11, 23, 6, 0), [], bkk(2026, 11, 25, 8, 30)),
])
def test_due_two_working_days_later_in_office_hours(answered, closures, due):
    assert followup.due_at(answered, OFFICE.updated({"closures": closures})) == due


def test_days_are_configurable():
    assert followup.due_at(bkk(2026, 11, 23, 10), OFFICE.updated({"followup_days": 1})) == bkk(2026, 11, 24, 10)
    assert followup.due_at(bkk(2026, 11, 23, 10), OFFICE.updated({"followup_days": 3})) == bkk(2026, 11, 26, 10)


def test_office_hours():
    assert followup.in_office_hours(bkk(2026, 11, 23, 9, 0), OFFICE)
    assert not followup.in_office_hours(bkk(2026, 11, 23, 17, 0), OFFICE)
    assert not followup.in_office_hours(bkk(2026, 11, 28, 10, 0), OFFICE)  # Saturday
    assert not followup.in_office_hours(bkk(2027, 4, 13, 10, 0), OFFICE)  # Songkran
    assert not followup.in_office_hours(bkk(2026, 11, 24, 10, 0), OFFICE.updated({"closures": ["2026-11-24"]}))


def test_no_response_gives_up_after_three_working_days():
    assert followup.gives_up_at(bkk(2027, 4, 9, 10), OFFICE) == bkk(2027, 4, 19, 10)  # over Songkran


@pytest.mark.parametrize(("kind", "status", "starts"), [
    ("consult", "answered", True), ("consult", "resolved", True), ("access", "answered", True),
    ("repair", "answered", False), ("repair", "resolved", True), ("consult", "in_progress", False),
])
def test_what_starts_a_follow_up(kind, status, starts):
    assert followup.needs_followup(kind, status) is starts


@pytest.mark.parametrize(("current", "new", "allowed"), [
    (None, "scheduled", True), (None, "manual", True), ("scheduled", "asked", True), ("asked", "done", True),
    ("asked", "no_response", True), ("done", None, True), ("no_response", None, True), (None, None, True),
    ("scheduled", "no_response", False), ("done", "asked", False), ("manual", "asked", False),
    ("no_response", "done", False),
])
def test_the_follow_up_moves_only_along_its_table(current, new, allowed):
    from bot.register import rules

    target = rules.FollowUp(new) if new else None
    if allowed:
        assert rules.next_followup(current, target) == target
    else:
        with pytest.raises(rules.TransitionError):
            rules.next_followup(current, target)


def test_statuses_are_an_enum_stored_as_their_text():
    from bot.register import rules

    assert rules.Status.IN_PROGRESS == "in_progress" and rules.STATUSES["in_progress"] == "กำลังดำเนินการ"
    assert set(rules.TRANSITIONS) == set(rules.Status) and set(rules.FOLLOWUP_TRANSITIONS) == {None, *rules.FollowUp}
