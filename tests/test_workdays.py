"""Thai working days, tested without an app."""

from __future__ import annotations

from datetime import date

import pytest

from bot.workdays import add_working_days, holiday_name, is_working_day, nearest_working_day


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 11, 23), True),  # Monday
    (date(2026, 11, 28), False),  # Saturday
    (date(2026, 12, 5), False),  # Father's Day (a Saturday anyway)
    (date(2026, 12, 7), False),  # its substitution day
    (date(2027, 4, 13), False),  # Songkran
])
def test_working_days_skip_weekends_and_thai_holidays(day, working):
    assert is_working_day(day) is working


def test_holiday_names_are_thai():
    assert "สงกรานต์" in (holiday_name(date(2027, 4, 13)) or "")


def test_add_working_days_skips_the_weekend_and_holidays():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday + 1 = Monday
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 8)  # Friday + 1 skips the 7th (holiday)
    assert add_working_days(date(2026, 11, 30), -1) == date(2026, 11, 27)
    assert nearest_working_day(date(2026, 11, 28), forward=True) == date(2026, 11, 30)


def test_office_closures_count_as_days_off():
    closed = {date(2026, 11, 30)}
    assert not is_working_day(date(2026, 11, 30), closed)
    assert add_working_days(date(2026, 11, 27), 1, closed) == date(2026, 12, 1)
