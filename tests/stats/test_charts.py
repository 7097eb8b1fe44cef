"""Column charts for the dashboard and the printable report: round ticks, every day present, BE labels."""

from __future__ import annotations

from datetime import date

import pytest

from bot.stats import charts


@pytest.mark.parametrize(("peak", "expected"), [
    (0, [0, 1]),  # an empty month still has an axis
    (1, [0, 1]),
    (4, [0, 1, 2, 3, 4]),
    (7, [0, 2, 4, 6, 8]),
    (12, [0, 5, 10, 15]),
    (23, [0, 10, 20, 30]),
    (180, [0, 50, 100, 150, 200]),
])
def test_the_y_axis_has_a_few_round_ticks_reaching_the_peak(peak, expected):
    assert charts.ticks(peak) == expected


def test_every_one_of_thirty_days_gets_a_bar_even_with_nothing_received():
    counts = {date(2026, 11, 3): 4, date(2026, 11, 20): 1}
    points = charts.days(counts, date(2026, 10, 22), date(2026, 11, 20))
    assert len(points) == 30
    assert [p.count for p in points].count(0) == 28
    assert points[12].name == "3 พ.ย. 69" and points[12].count == 4  # Buddhist era: 2569
    assert points[0].name == "22 ต.ค. 69"


def test_labels_fall_every_five_days_counting_back_from_the_last_day():
    points = charts.days({}, date(2026, 10, 22), date(2026, 11, 20))
    labelled = [p.label for p in points if p.label]
    assert labelled == ["26 ต.ค. 69", "31 ต.ค. 69", "5 พ.ย. 69", "10 พ.ย. 69", "15 พ.ย. 69", "20 พ.ย. 69"]
    assert points[-1].label == "20 พ.ย. 69"  # the latest day is always named


def test_the_window_ends_today_or_at_the_end_of_a_past_month():
    assert charts.window(date(2026, 11, 20), date(2026, 11, 30)) == (date(2026, 10, 22), date(2026, 11, 20))
    assert charts.window(date(2026, 12, 5), date(2026, 11, 30)) == (date(2026, 11, 1), date(2026, 11, 30))


def test_bars_stand_on_the_baseline_in_proportion_to_the_top_tick():
    points = charts.days({date(2026, 11, 1): 6, date(2026, 11, 2): 3}, date(2026, 11, 1), date(2026, 11, 3))
    chart = charts.layout(points, width=300, height=120)
    assert [t.value for t in chart.ticks] == [0, 2, 4, 6]
    assert chart.ticks[0].y == chart.bottom and chart.ticks[-1].y == chart.top
    six, three, none = chart.bars
    assert six.y == chart.top and six.y + six.height == chart.bottom
    assert three.height == pytest.approx(six.height / 2, abs=0.1)
    assert none.height == 0 and none.y == chart.bottom
    assert six.x >= chart.left and none.x + none.width <= chart.width
    assert six.x < three.x < none.x


def test_a_fiscal_year_is_charted_by_month():
    counts = {date(2026, 10, 3): 2, date(2026, 10, 30): 1, date(2027, 9, 1): 5, date(2027, 10, 1): 9}
    keys = ("2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06",
            "2027-07", "2027-08", "2027-09")
    points = charts.months(counts, keys)
    assert [p.count for p in points] == [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]  # October 2027 is the next year's
    assert points[0].label == "ต.ค. 69" and points[-1].label == "ก.ย. 70"
