"""The statistics report's figures, from hand-built records: counts, targets in working days, periods."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import BANGKOK
from bot.stats.report import Period, Record, Summary

# Thai public holidays these tests lean on (bot.workdays, Thailand calendar):
# Sat 5 Dec 2026 Father's Day, Mon 7 Dec 2026 its substitute day, Thu 10 Dec 2026 Constitution Day,
# Mon 13 – Wed 15 Apr 2026 Songkran.


def bkk(*args: int) -> datetime:
    return datetime(*args, tzinfo=BANGKOK)


BASE = Record(number="ICT-2570-0001", received_at=bkk(2026, 12, 14, 8, 30), channel="line", kind="consult",
              category="dmc", urgency="normal", status="received", subject="ส่งข้อมูล DMC ไม่ได้", details=None,
              requester="ครูสมใจ", position=None, phone=None, school_code="1034150001", school="บ้านหนองบัว",
              district="เมือง", assigned_to=None, first_response_at=None, resolved_at=None, closed_at=None,
              followup_result=None, understanding=None, satisfaction=None, comment=None)


def record(**fields) -> Record:
    return replace(BASE, **fields)


def summarize(*records: Record) -> Summary:
    summary = Summary()
    for r in records:
        summary.add(r)
    return summary


# December 2026, as a director would read it. Hours and targets worked out by hand:
# R1 Fri 4 Dec 16:00 -> answered Tue 8 Dec 09:00 = 89 h; deadline 1 working day: Sat, Sun, Mon 7 (substitute
#    holiday) skipped -> Tue 8: on time. Resolved Fri 11 Dec 15:00 = 167 h; 3 working days: 8, 9, 11 (10 is a
#    holiday) -> Fri 11: on time.
# R2 Wed 9 Dec 10:00 -> answered Fri 11 Dec 17:00 = 55 h; deadline: Thu 10 is a holiday -> Fri 11: on time.
#    Resolved Wed 16 Dec 10:00 = 168 h; 3 working days: 11, 14, 15 -> Tue 15: late.
# R3 Mon 14 Dec 08:30 -> answered 09:00 = 0.5 h, resolved 11:30 = 3 h: both on time.
# R4 Tue 15 Dec 13:00 -> answered Thu 17 Dec 08:00 = 43 h; deadline Wed 16: late. Still open.
# R5 Wed 16 Dec 09:00 -> never answered: still open, in no time figure.
# R6 Sat 5 Dec 10:00 (a weekend) -> answered Tue 8 Dec 08:00 = 70 h; deadline: Sun, Mon 7 skipped -> Tue 8: on
#    time. Resolved Wed 9 Dec 10:00 = 96 h; 3 working days: 8, 9, 11 -> on time.
DECEMBER = [
    record(number="R1", received_at=bkk(2026, 12, 4, 16), first_response_at=bkk(2026, 12, 8, 9),
           resolved_at=bkk(2026, 12, 11, 15), closed_at=bkk(2026, 12, 14, 10), status="closed",
           followup_result="solved", understanding="good", satisfaction=5),
    record(number="R2", received_at=bkk(2026, 12, 9, 10), kind="repair", category="computer", channel="phone",
           first_response_at=bkk(2026, 12, 11, 17), resolved_at=bkk(2026, 12, 16, 10), status="resolved",
           followup_result="problem", understanding="fair", satisfaction=3, school_code="1034150002",
           school="บ้านโนนสูง", district="วารินชำราบ"),
    record(number="R3", received_at=bkk(2026, 12, 14, 8, 30), first_response_at=bkk(2026, 12, 14, 9),
           resolved_at=bkk(2026, 12, 14, 11, 30), closed_at=bkk(2026, 12, 16, 9), status="closed",
           followup_result="solved", understanding="good", satisfaction=4),
    record(number="R4", received_at=bkk(2026, 12, 15, 13), category="network", channel="walkin",
           first_response_at=bkk(2026, 12, 17, 8), status="answered", school_code="1034150002",
           school="บ้านโนนสูง", district="วารินชำราบ"),
    record(number="R5", received_at=bkk(2026, 12, 16, 9), kind="borrow", category="other", status="received",
           school_code=None, school=None, district=None),
    record(number="R6", received_at=bkk(2026, 12, 5, 10), channel="email", first_response_at=bkk(2026, 12, 8, 8),
           resolved_at=bkk(2026, 12, 9, 10), closed_at=bkk(2026, 12, 11, 9), status="closed",
           followup_result="solved", understanding="poor", satisfaction=2),
]


def test_a_month_is_counted_by_kind_category_channel_and_status():
    summary = summarize(*DECEMBER)
    assert summary.total == 6
    assert summary.by_kind == Counter({"consult": 4, "repair": 1, "borrow": 1})
    assert summary.by_category == Counter({"dmc": 3, "computer": 1, "network": 1, "other": 1})
    assert summary.by_channel == Counter({"line": 3, "phone": 1, "walkin": 1, "email": 1})
    assert summary.by_status == Counter({"closed": 3, "resolved": 1, "answered": 1, "received": 1})


def test_a_month_is_counted_by_school_district_and_day():
    summary = summarize(*DECEMBER)
    assert summary.by_school == Counter({"บ้านหนองบัว": 3, "บ้านโนนสูง": 2, "(ไม่ระบุ)": 1})
    assert summary.by_district == Counter({"เมือง": 3, "วารินชำราบ": 2, "(ไม่ระบุ)": 1})
    assert summary.by_day == Counter({date(2026, 12, d): 1 for d in (4, 5, 9, 14, 15, 16)})


def test_follow_up_understanding_and_satisfaction_are_counted_only_where_given():
    summary = summarize(*DECEMBER)
    assert summary.followup == Counter({"solved": 3, "problem": 1})
    assert summary.understanding == Counter({"good": 2, "fair": 1, "poor": 1})
    assert summary.satisfaction == Counter({5: 1, 3: 1, 4: 1, 2: 1})


def test_a_months_time_and_satisfaction_figures():
    summary = summarize(*DECEMBER)
    assert sorted(summary.response_hours) == [0.5, 43, 55, 70, 89]
    assert sorted(summary.resolution_hours) == [3, 96, 167, 168]
    assert (summary.response_on_time, summary.resolution_on_time) == (4, 3)
    assert summary.figures() == {
        "response_median_h": 55.0,  # the middle of five
        "response_p90_h": 89.0,  # nearest rank: ceil(0.9 × 5) = 5th
        "response_within_target_pct": 80.0,  # 4 of 5 answered
        "resolution_median_h": 131.5,  # (96 + 167) / 2
        "resolution_p90_h": 168.0,  # ceil(0.9 × 4) = 4th
        "resolution_within_target_pct": 75.0,  # 3 of 4 resolved
        "satisfaction_mean": 3.5,  # (5 + 3 + 4 + 2) / 4
        "satisfaction_count": 4,
    }


def test_an_empty_month_has_no_figures_rather_than_zeros():
    summary = Summary()
    assert summary.total == 0 and not summary.by_kind and not summary.by_day
    assert summary.figures() == {
        "response_median_h": None, "response_p90_h": None, "response_within_target_pct": None,
        "resolution_median_h": None, "resolution_p90_h": None, "resolution_within_target_pct": None,
        "satisfaction_mean": None, "satisfaction_count": 0,
    }


def test_a_request_still_open_is_counted_but_times_nothing():
    summary = summarize(record(status="received"), record(status="in_progress"))
    assert summary.total == 2 and summary.by_status == Counter({"received": 1, "in_progress": 1})
    assert summary.response_hours == [] and summary.resolution_hours == []
    figures = summary.figures()
    assert figures["response_within_target_pct"] is None and figures["resolution_within_target_pct"] is None
    assert figures["satisfaction_count"] == 0


def test_an_answered_request_not_yet_resolved_counts_for_response_only():
    summary = summarize(record(first_response_at=BASE.received_at + timedelta(hours=2), status="answered"))
    figures = summary.figures()
    assert (figures["response_median_h"], figures["response_within_target_pct"]) == (2.0, 100.0)
    assert (figures["resolution_median_h"], figures["resolution_within_target_pct"]) == (None, None)


@pytest.mark.parametrize(("received", "answered", "on_time"), [
    # a plain weekend: Fri 27 Nov 2026 -> next working day Mon 30 Nov
    (bkk(2026, 11, 27, 16), bkk(2026, 11, 30, 23, 59), True),
    (bkk(2026, 11, 27, 16), bkk(2026, 12, 1, 0, 1), False),
    # a weekend then a substitute holiday: Fri 4 Dec -> Tue 8 Dec
    (bkk(2026, 12, 4, 16), bkk(2026, 12, 8, 17), True),
    (bkk(2026, 12, 4, 16), bkk(2026, 12, 9, 8), False),
    # received on a Saturday: Sun and Mon 7 (holiday) skipped -> Tue 8 Dec
    (bkk(2026, 12, 5, 10), bkk(2026, 12, 8, 16), True),
    (bkk(2026, 12, 5, 10), bkk(2026, 12, 9, 9), False),
    # a midweek holiday: Wed 9 Dec -> Fri 11 Dec (Thu 10 is Constitution Day)
    (bkk(2026, 12, 9, 10), bkk(2026, 12, 11, 17), True),
    (bkk(2026, 12, 9, 10), bkk(2026, 12, 14, 8), False),
    # an ordinary day: Mon 14 Dec -> Tue 15 Dec, whatever the hour
    (bkk(2026, 12, 14, 8), bkk(2026, 12, 14, 8, 20), True),
    (bkk(2026, 12, 14, 16), bkk(2026, 12, 16, 8), False),
])
def test_first_response_target_is_one_working_day(received, answered, on_time):
    summary = summarize(record(received_at=received, first_response_at=answered, status="answered"))
    assert summary.response_on_time == int(on_time)
    assert summary.figures()["response_within_target_pct"] == (100.0 if on_time else 0.0)


@pytest.mark.parametrize(("received", "resolved", "on_time"), [
    # Songkran: Fri 10 Apr 2026, Mon–Wed 13–15 Apr off -> Thu 16, Fri 17, Mon 20 Apr
    (bkk(2026, 4, 10, 9), bkk(2026, 4, 20, 16), True),
    (bkk(2026, 4, 10, 9), bkk(2026, 4, 21, 9), False),
    # Wed 9 Dec 2026: Fri 11, Mon 14, Tue 15 (Thu 10 is a holiday)
    (bkk(2026, 12, 9, 10), bkk(2026, 12, 15, 17), True),
    (bkk(2026, 12, 9, 10), bkk(2026, 12, 16, 8), False),
    # an ordinary week: Mon 14 Dec -> Thu 17 Dec
    (bkk(2026, 12, 14, 9), bkk(2026, 12, 17, 23), True),
    (bkk(2026, 12, 14, 9), bkk(2026, 12, 18, 9), False),
])
def test_resolution_target_is_three_working_days(received, resolved, on_time):
    summary = summarize(record(received_at=received, first_response_at=received + timedelta(minutes=30),
                               resolved_at=resolved, status="resolved"))
    assert summary.resolution_on_time == int(on_time)
    assert summary.figures()["resolution_within_target_pct"] == (100.0 if on_time else 0.0)


def test_targets_and_days_are_read_in_bangkok_time_even_from_utc():
    # 17:30 UTC on Tue 1 Dec is 00:30 on Wed 2 Dec in Bangkok: due Thu 3 Dec, answered 23:00 Thu in Bangkok.
    # Read in UTC it would be due Wed 2 Dec and look late.
    received = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    answered = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
    summary = summarize(record(received_at=received, first_response_at=answered, status="answered"))
    assert summary.by_day == Counter({date(2026, 12, 2): 1})
    assert summary.response_on_time == 1
    assert summary.response_hours == [46.5]


def test_hours_and_shares_are_rounded_for_the_page():
    start = BASE.received_at
    summary = summarize(
        record(first_response_at=start + timedelta(minutes=20), status="answered"),  # 0.333 h
        record(first_response_at=start + timedelta(minutes=20), status="answered"),
        record(first_response_at=start + timedelta(days=3), status="answered"),  # Thu 17 Dec: late
    )
    figures = summary.figures()
    assert figures["response_median_h"] == 0.3
    assert figures["response_within_target_pct"] == 66.7  # 2 of 3
    assert summarize(record(satisfaction=5), record(satisfaction=4),
                     record(satisfaction=4)).figures()["satisfaction_mean"] == 4.33  # 13 / 3


def test_the_90th_percentile_is_the_nearest_rank():
    start = BASE.received_at
    summary = summarize(*(record(first_response_at=start + timedelta(hours=h), status="answered")
                          for h in range(1, 11)))
    figures = summary.figures()
    assert figures["response_p90_h"] == 9.0  # ceil(0.9 × 10) = 9th of 1..10
    assert figures["response_median_h"] == 5.5  # (5 + 6) / 2


def test_a_month_period_has_a_thai_label_and_bangkok_bounds():
    november = Period.month("2026-11")
    assert november.label == "เดือนพฤศจิกายน 2569"
    assert (november.start, november.end) == (bkk(2026, 11, 1), bkk(2026, 12, 1))
    assert november.start == datetime(2026, 10, 31, 17, tzinfo=UTC)
    assert november.months == ("2026-11",)


def test_december_ends_in_the_next_year_and_february_knows_leap_years():
    december = Period.month("2026-12")
    assert december.label == "เดือนธันวาคม 2569" and december.end == bkk(2027, 1, 1)
    january = Period.month("2027-01")
    assert january.label == "เดือนมกราคม 2570" and january.start == bkk(2027, 1, 1)
    assert (Period.month("2028-02").end - Period.month("2028-02").start).days == 29
    assert (Period.month("2027-02").end - Period.month("2027-02").start).days == 28


def test_a_fiscal_year_runs_october_to_september():
    fy = Period.fiscal_year(2570)
    assert fy.label == "ปีงบประมาณ 2570"
    assert (fy.start, fy.end) == (bkk(2026, 10, 1), bkk(2027, 10, 1))
    assert fy.months == ("2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05",
                         "2027-06", "2027-07", "2027-08", "2027-09")


def test_a_fiscal_years_bounds_are_bangkok_midnights():
    fy = Period.fiscal_year(2570)
    inside = [datetime(2026, 9, 30, 17, tzinfo=UTC), datetime(2027, 9, 30, 16, 59, 59, tzinfo=UTC)]
    outside = [datetime(2026, 9, 30, 16, 59, 59, tzinfo=UTC), datetime(2027, 9, 30, 17, tzinfo=UTC)]
    assert all(fy.start <= t < fy.end for t in inside)
    assert not any(fy.start <= t < fy.end for t in outside)


def test_the_month_parser_refuses_a_month_that_does_not_exist():
    with pytest.raises(ValueError):
        Period.month("2026-13")


def test_on_time_shares_count_against_the_manuals_targets():
    answered, resolved = summarize(*DECEMBER).on_time()
    assert (answered.days, answered.met, answered.counted, answered.percent) == (1, 4, 5, 80.0)
    assert (resolved.days, resolved.met, resolved.counted, resolved.percent) == (3, 3, 4, 75.0)
    nothing = Summary().on_time()[0]
    assert nothing.counted == 0 and nothing.percent is None


def test_repairs_are_counted_by_equipment():
    summary = summarize(record(kind="repair", equipment="ปริ้นเตอร์"), record(kind="repair", equipment="ปริ้นเตอร์"),
                        record(kind="repair"), record(kind="consult", equipment="คอมพิวเตอร์"))
    assert summary.by_equipment == Counter({"ปริ้นเตอร์": 2, "(ไม่ระบุ)": 1})  # consultations are no repairs
