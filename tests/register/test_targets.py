"""A request's target against the manual: one working day to answer, counted in Bangkok working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.clock import BANGKOK
from bot.register.targets import target
from bot.thai import age_text

FRIDAY_EVENING = datetime(2026, 11, 27, 17, 30, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    ("now", "answered", "late"),
    [
        (datetime(2026, 11, 30, 17, 29, tzinfo=BANGKOK), None, False),  # the weekend does not count
        (datetime(2026, 11, 30, 17, 31, tzinfo=BANGKOK), None, True),
        (datetime(2026, 12, 3, 9, 0, tzinfo=BANGKOK), datetime(2026, 11, 28, 8, 0, tzinfo=BANGKOK), False),
    ],
)
def test_a_request_is_late_once_a_working_day_passed_unanswered(now, answered, late):
    found = target(FRIDAY_EVENING, answered, now)
    assert found.answer_by == datetime(2026, 11, 30, 17, 30, tzinfo=BANGKOK) and found.late is late


def test_the_office_s_days_off_move_the_target_and_the_follow_up_window():
    found = target(FRIDAY_EVENING, datetime(2026, 12, 1, 10, 0, tzinfo=BANGKOK), FRIDAY_EVENING,
                   frozenset({date(2026, 11, 30)}))
    assert found.answer_by.date() == date(2026, 12, 1)
    assert found.follow_up == (date(2026, 12, 2), date(2026, 12, 4))


@pytest.mark.parametrize(("minutes", "said"), [(0, "0 นาที"), (59, "59 นาที"), (60, "1 ชม."), (60 * 49, "2 วัน"),
                                               (-5, "0 นาที")])
def test_ages_read_as_staff_say_them(minutes, said):
    assert age_text(timedelta(minutes=minutes)) == said
