"""Column charts of requests per day or month for the printable report and the dashboard (pure geometry)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.thai import BE_OFFSET, MONTHS_SHORT

NICE_STEPS = (1, 2, 5)


def ticks(peak: int, intervals: int = 4) -> list[int]:
    """Return round y-axis values from 0 up to at least `peak`, with at most `intervals` steps between them."""
    if peak <= 0:
        return [0, 1]
    scale = 1
    while True:
        for nice in NICE_STEPS:
            step = nice * scale
            if math.ceil(peak / step) <= intervals:
                return [step * n for n in range(math.ceil(peak / step) + 1)]
        scale *= 10


def day_label(day: date) -> str:
    """Label a day on an axis in the Buddhist era: 14 พ.ย. 69."""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {(day.year + BE_OFFSET) % 100:02d}"


@dataclass(frozen=True)
class Point:
    """One bar to draw: what it stands for (a day, a month), its count, and its axis label if it gets one."""

    name: str
    count: int
    label: str | None


def days(counts: Mapping[date, int], first: date, last: date, label_every: int = 5) -> list[Point]:
    """Return a point for every day from `first` to `last`, 0 where nothing came; the last day is always labelled."""
    number = (last - first).days + 1
    points = []
    for n in range(number):
        day = first + timedelta(days=n)
        named = day_label(day)
        points.append(Point(named, counts.get(day, 0), named if (number - 1 - n) % label_every == 0 else None))
    return points


def window(today: date, month_end: date, number: int = 30) -> tuple[date, date]:
    """Return the first and last of the `number` days a daily chart shows: up to today, or to a past month's end."""
    last = min(today, month_end)
    return last - timedelta(days=number - 1), last


def months(counts: Mapping[date, int], keys: Sequence[str]) -> list[Point]:
    """Return a point per month (keys YYYY-MM, as a period lists them), summing the days of each."""
    totals = dict.fromkeys(keys, 0)
    for day, n in counts.items():
        key = f"{day.year:04d}-{day.month:02d}"
        if key in totals:
            totals[key] += n
    points = []
    for key, n in totals.items():
        year, month = (int(part) for part in key.split("-"))
        name = f"{MONTHS_SHORT[month - 1]} {(year + BE_OFFSET) % 100:02d}"
        points.append(Point(name, n, name))
    return points


@dataclass(frozen=True)
class Bar:
    point: Point
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    """Bars and a y axis in the units of an SVG viewBox (0 0 width height)."""

    width: int
    height: int
    left: int  # the plot starts here: room for the y-axis labels
    top: int
    bottom: int  # the plot's baseline: below it, the x-axis labels
    bars: list[Bar]
    ticks: list[Tick]


def layout(points: Sequence[Point], width: int = 640, height: int = 150) -> BarChart:
    """Place the bars and the y-axis ticks of a column chart of the points."""
    left, top, bottom, right = 30, 8, height - 22, 28  # the last label is centred under the last bar: room for it
    axis = ticks(max((p.count for p in points), default=0))
    scale = (bottom - top) / axis[-1]
    slot = (width - left - right) / max(len(points), 1)
    bars = [Bar(p, round(left + n * slot + slot * 0.15, 1), round(bottom - p.count * scale, 1), round(slot * 0.7, 1),
                round(p.count * scale, 1)) for n, p in enumerate(points)]
    return BarChart(width, height, left, top, bottom, bars, [Tick(v, round(bottom - v * scale, 1)) for v in axis])
