"""Decide which reminders are due for which groups, and write them (pure functions)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import texts
from bot.collection_calendar import Reminder, Round, reminders
from bot.thai import MONTHS, long_date

LOOKBACK = timedelta(days=35)  # older reminders are history, not something to catch up on or report


@dataclass(frozen=True)
class GroupTarget:
    """A group that gets reminders: one school's (school_code) or area-wide (school_code None)."""

    group_id: str
    school_code: str | None
    since: datetime  # reminders due before the group was linked were never its to miss
    members: int | None = None


@dataclass(frozen=True)
class DueReminder:
    """One reminder for one group, to send now or to record as missed."""

    round: Round
    reminder: Reminder
    target: GroupTarget
    late: bool


def due(rounds: list[Round], targets: list[GroupTarget], recorded: set[tuple[int, str, str]],
        done: set[tuple[int, str]], now: datetime, grace: timedelta) -> list[DueReminder]:
    """Return reminders due by `now` and not yet recorded; those older than `grace` are marked late."""
    out = []
    for round_ in rounds:
        assert round_.id is not None, "only stored rounds are scheduled"
        for reminder in reminders(round_):
            if reminder.at > now or reminder.at < now - LOOKBACK:
                continue
            for target in targets:
                if reminder.at < target.since or (round_.id, reminder.offset, target.group_id) in recorded:
                    continue
                if target.school_code is not None and (round_.id, target.school_code) in done:
                    continue  # the school has entered its data: no more reminders for this round
                out.append(DueReminder(round_, reminder, target, now - reminder.at > grace))
    return out


def message(round_: Round, reminder: Reminder, progress: tuple[int, int] | None) -> str:
    """Write the reminder text as it reads on the day it is sent."""
    return texts.reminder(
        round_.name, round_.system, f"{long_date(round_.opens)} – {long_date(round_.closes)}",
        long_date(round_.data_as_of) if round_.data_as_of else None, (round_.closes - reminder.day).days,
        long_date(round_.closes), round_.announcement, reminder.offset == "opens", progress,
    )


def cost_by_month(round_: Round, targets: list[GroupTarget], after: datetime,
                  done: set[tuple[int, str]] = frozenset()) -> dict[tuple[int, int], int]:
    """Estimate messages a round's remaining reminders use per month: each group push costs its member count."""
    per_push = sum(t.members or 1 for t in targets
                   if t.school_code is None or (round_.id, t.school_code) not in done)
    months: dict[tuple[int, int], int] = defaultdict(int)
    for reminder in reminders(round_):
        if reminder.at >= after:
            months[(reminder.day.year, reminder.day.month)] += per_push
    return dict(months)


def month_name(year: int, month: int) -> str:
    """Name a month as Thai text reads it: พฤศจิกายน 2569."""
    return f"{MONTHS[month - 1]} {year + 543}"

