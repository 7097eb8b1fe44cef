"""Default collection rounds and Thai dates, tested without an app."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from bot.clock import BANGKOK
from bot.collection_calendar import (
    Round,
    academic_year_of,
    check,
    default_rounds,
    reminders,
    render,
    thai_date,
    upcoming,
    with_defaults,
)
from bot.workdays import is_working_day


def test_thai_date_uses_the_buddhist_era():
    assert thai_date(date(2027, 6, 10)) == "10 มิถุนายน 2570"


def test_upcoming_round_rolls_over_to_next_year():
    rounds = with_defaults([], date(2026, 11, 23))
    assert upcoming(rounds, "dmc-2", date(2026, 11, 10)).closes == date(2026, 11, 10)  # still open today
    assert upcoming(rounds, "dmc-2", date(2026, 11, 11)).closes == date(2027, 11, 10)
    assert upcoming(rounds, "dmc-end", date(2026, 11, 23)).data_as_of == date(2027, 3, 31)


def test_render_fills_placeholders():
    today = date(2026, 11, 23)
    text = render("ส่งได้ {dmc-1.window} ข้อมูล ณ {dmc-1.as_of}; {bobec.name} ปิด {bobec.closes}",
                  with_defaults([], today), today)
    assert text == ("ส่งได้ 16 พฤษภาคม 2570 – 10 มิถุนายน 2570 ข้อมูล ณ 10 มิถุนายน 2570; "
                    "B-OBEC ประจำปี ปิด 30 ตุลาคม 2570")


def test_reminders_default_to_opening_and_7_3_1_0_days_before_at_nine_bangkok():
    dmc2 = next(r for r in default_rounds(2027) if r.key == "dmc-2")  # 15 Jul – 10 Nov 2027 (a Wednesday)
    times = [(rem.offset, rem.at) for rem in reminders(dmc2, working=lambda day: True)]
    assert times == [
        ("opens", datetime(2027, 7, 15, 9, 0, tzinfo=BANGKOK)),
        ("closes-7", datetime(2027, 11, 3, 9, 0, tzinfo=BANGKOK)),
        ("closes-3", datetime(2027, 11, 7, 9, 0, tzinfo=BANGKOK)),
        ("closes-1", datetime(2027, 11, 9, 9, 0, tzinfo=BANGKOK)),
        ("closes", datetime(2027, 11, 10, 9, 0, tzinfo=BANGKOK)),
    ]


def test_reminders_move_off_weekends_and_holidays():
    dmc1 = next(r for r in default_rounds(2026) if r.key == "dmc-1")  # opens Sat 16 May 2026
    days = {rem.offset: rem.day for rem in reminders(dmc1)}
    assert days["opens"] == date(2026, 5, 18)  # the window opens on a Saturday: remind on Monday
    assert days["closes-7"] == date(2026, 6, 2)  # 3 June is the Queen's birthday: the day before
    assert all(is_working_day(day) for day in days.values())


def test_reminders_landing_on_one_day_become_one():
    round_ = Round("x", "DMC", "x", date(2027, 1, 4), date(2027, 1, 11), offsets=("closes-3", "closes-1", "closes"))
    # 8 Jan (Fri) and 10 Jan (Sun → Fri 8 Jan) share a day; the one nearer the deadline wins
    assert [(r.offset, r.day) for r in reminders(round_)] == [("closes-1", date(2027, 1, 8)),
                                                              ("closes", date(2027, 1, 11))]


@pytest.mark.parametrize(("change", "message"), [
    ({"closes": date(2027, 1, 1)}, "before opens"),
    ({"offsets": ("closes-x",)}, "is not like"),
    ({"key": "DMC 1"}, "lower-case"),
    ({"name": " "}, "required"),
])
def test_check_explains_a_bad_round(change, message):
    good = Round("dmc-1", "DMC", "DMC", date(2027, 5, 16), date(2027, 6, 10))
    check(good)
    with pytest.raises(ValueError, match=message):
        check(replace(good, **change))


def test_academic_year_starts_in_may():
    assert academic_year_of(date(2027, 4, 30)) == 2026
    assert academic_year_of(date(2027, 5, 1)) == 2027


def test_stored_rounds_override_the_defaults_in_answers():
    today = date(2026, 11, 23)
    moved = replace(next(r for r in default_rounds(2027) if r.key == "dmc-1"), closes=date(2027, 6, 15))
    rounds = with_defaults([moved], today)
    assert render("{dmc-1.closes}", rounds, today) == "15 มิถุนายน 2570"
    assert sum(1 for r in rounds if r.key == "dmc-1" and r.academic_year == 2027) == 1
