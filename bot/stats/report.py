"""The figures of the manual's statistics report, computed in one pass over the register (pure)."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.clock import BANGKOK, first_of_next_month
from bot.register.rules import FIRST_RESPONSE_DAYS, RESOLUTION_DAYS
from bot.thai import BE_OFFSET, MONTHS
from bot.workdays import add_working_days


@dataclass(frozen=True)
class Period:
    """A month or a fiscal year, with Bangkok-time bounds [start, end)."""

    label: str
    start: datetime
    end: datetime
    months: tuple[str, ...]  # YYYY-MM of each month inside

    @staticmethod
    def month(value: str) -> Period:
        """Parse YYYY-MM (Common Era, as `--month 2026-11`)."""
        year, month = (int(part) for part in value.split("-"))
        start = datetime(year, month, 1, tzinfo=BANGKOK)
        end = datetime.combine(first_of_next_month(start.date()), start.timetz())
        return Period(f"เดือน{MONTHS[month - 1]} {year + BE_OFFSET}", start, end, (f"{year:04d}-{month:02d}",))

    @staticmethod
    def fiscal_year(be_year: int) -> Period:
        """A Thai fiscal year: October of the year before to September (2570 = Oct 2026 – Sep 2027)."""
        ce = be_year - BE_OFFSET
        start, end = datetime(ce - 1, 10, 1, tzinfo=BANGKOK), datetime(ce, 10, 1, tzinfo=BANGKOK)
        pairs = [(ce - 1, m) for m in (10, 11, 12)] + [(ce, m) for m in range(1, 10)]
        months = tuple(f"{y:04d}-{m:02d}" for y, m in pairs)
        return Period(f"ปีงบประมาณ {be_year}", start, end, months)


@dataclass(frozen=True)
class Record:
    """One request as the report sees it."""

    number: str
    received_at: datetime
    channel: str
    kind: str
    category: str
    urgency: str
    status: str
    subject: str
    details: str | None
    requester: str | None
    position: str | None
    phone: str | None
    school_code: str | None
    school: str | None
    district: str | None
    assigned_to: str | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    followup_result: str | None
    understanding: str | None
    satisfaction: int | None
    comment: str | None
    equipment: str | None = None
    asset_number: str | None = None
    location: str | None = None


def within(start: datetime, done: datetime, working_days: int) -> bool:
    """Say whether `done` came no later than `working_days` working days after `start` (Bangkok dates)."""
    return done.astimezone(BANGKOK).date() <= add_working_days(start.astimezone(BANGKOK).date(), working_days)


def percentile(values: list[float], share: float) -> float | None:
    """Return the nearest-rank percentile (0 < share ≤ 1) of the values, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class OnTime:
    """How many of the requests timed so far met the manual's target of `days` working days."""

    days: int
    met: int
    counted: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.met / self.counted, 1) if self.counted else None


@dataclass
class Summary:
    """Counters filled one record at a time; `figures()` gives the report's numbers."""

    total: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_school: Counter[str] = field(default_factory=Counter)
    by_district: Counter[str] = field(default_factory=Counter)
    by_channel: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_equipment: Counter[str] = field(default_factory=Counter)  # repair requests only
    by_day: Counter[date] = field(default_factory=Counter)
    followup: Counter[str] = field(default_factory=Counter)
    understanding: Counter[str] = field(default_factory=Counter)
    satisfaction: Counter[int] = field(default_factory=Counter)
    response_hours: list[float] = field(default_factory=list)
    resolution_hours: list[float] = field(default_factory=list)
    response_on_time: int = 0
    resolution_on_time: int = 0

    def add(self, r: Record) -> None:
        self.total += 1
        self.by_kind[r.kind] += 1
        self.by_category[r.category] += 1
        self.by_school[r.school or "(ไม่ระบุ)"] += 1
        self.by_district[r.district or "(ไม่ระบุ)"] += 1
        self.by_channel[r.channel] += 1
        self.by_status[r.status] += 1
        self.by_day[r.received_at.astimezone(BANGKOK).date()] += 1
        if r.kind == "repair":
            self.by_equipment[r.equipment or "(ไม่ระบุ)"] += 1
        if r.followup_result:
            self.followup[r.followup_result] += 1
        if r.understanding:
            self.understanding[r.understanding] += 1
        if r.satisfaction is not None:
            self.satisfaction[r.satisfaction] += 1
        if r.first_response_at is not None:
            self.response_hours.append((r.first_response_at - r.received_at).total_seconds() / 3600)
            self.response_on_time += within(r.received_at, r.first_response_at, FIRST_RESPONSE_DAYS)
        if r.resolved_at is not None:
            self.resolution_hours.append((r.resolved_at - r.received_at).total_seconds() / 3600)
            self.resolution_on_time += within(r.received_at, r.resolved_at, RESOLUTION_DAYS)

    def on_time(self) -> tuple[OnTime, OnTime]:
        """Return the first answers within FIRST_RESPONSE_DAYS and the resolutions within RESOLUTION_DAYS."""
        return (OnTime(FIRST_RESPONSE_DAYS, self.response_on_time, len(self.response_hours)),
                OnTime(RESOLUTION_DAYS, self.resolution_on_time, len(self.resolution_hours)))

    def figures(self) -> dict[str, float | int | None]:
        """Return the time and satisfaction figures (hours rounded to 0.1, shares in percent)."""
        rated = sum(self.satisfaction.values())
        answered, resolved = self.on_time()

        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        return {
            "response_median_h": rounded(statistics.median(self.response_hours) if self.response_hours else None),
            "response_p90_h": rounded(percentile(self.response_hours, 0.9)),
            "response_within_target_pct": answered.percent,
            "resolution_median_h": rounded(statistics.median(self.resolution_hours)
                                           if self.resolution_hours else None),
            "resolution_p90_h": rounded(percentile(self.resolution_hours, 0.9)),
            "resolution_within_target_pct": resolved.percent,
            "satisfaction_mean": round(sum(k * n for k, n in self.satisfaction.items()) / rated, 2) if rated else None,
            "satisfaction_count": rated,
        }
