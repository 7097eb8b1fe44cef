"""Where a request stands against the manual's target times: its age, when it must be answered, whether late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import BANGKOK
from bot.register.rules import FIRST_RESPONSE_DAYS
from bot.workdays import add_working_days


@dataclass(frozen=True)
class Target:
    """A request's age and its first-answer target (`closed`: the office's days off count as holidays)."""

    age: timedelta
    answer_by: datetime
    late: bool  # not answered yet and past its target
    follow_up: tuple[date, date] | None  # the 1–3 working days after the first answer


def target(received_at: datetime, first_response_at: datetime | None, now: datetime,
           closed: frozenset[date] = frozenset()) -> Target:
    """Return a request's target times as the manual counts them (working days, Bangkok time)."""
    received = received_at.astimezone(BANGKOK)
    answer_by = datetime.combine(add_working_days(received.date(), FIRST_RESPONSE_DAYS, closed), received.time(),
                                 BANGKOK)
    follow_up = None
    if first_response_at is not None:
        answered = first_response_at.astimezone(BANGKOK).date()
        follow_up = (add_working_days(answered, 1, closed), add_working_days(answered, 3, closed))
    return Target(now - received_at, answer_by, first_response_at is None and now > answer_by, follow_up)

