"""Repository functions for the office's collection calendar (rounds and their reminder settings)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import collection_calendar as cal
from bot.storage.models import CollectionRound


def to_round(row: CollectionRound) -> cal.Round:
    """Return the pure calendar record of a stored round."""
    hours, minutes = (int(part) for part in row.remind_time.split(":"))
    return cal.Round(row.kind, row.system, row.name, row.opens, row.closes, row.data_as_of, row.academic_year,
                     row.announcement, tuple(row.offsets), time(hours, minutes), id=row.id)


def rounds(session: Session) -> list[cal.Round]:
    """Return every round in the calendar, by deadline."""
    query = select(CollectionRound).order_by(CollectionRound.closes, CollectionRound.kind)
    return [to_round(row) for row in session.scalars(query)]


def get(session: Session, round_id: int) -> cal.Round | None:
    row = session.get(CollectionRound, round_id)
    return to_round(row) if row else None


def for_answers(session: Session, today: date) -> list[cal.Round]:
    """Return the rounds the knowledge base quotes: the calendar, with the manual's defaults where it has none."""
    return cal.with_defaults(rounds(session), today)


def save(session: Session, round_: cal.Round, now: datetime) -> CollectionRound:
    """Insert a round, or replace the one of the same kind and academic year."""
    cal.check(round_)
    row = session.scalar(select(CollectionRound).where(
        CollectionRound.kind == round_.key, CollectionRound.academic_year == round_.academic_year))
    if row is None:
        row = CollectionRound(kind=round_.key, academic_year=round_.academic_year)
        session.add(row)
    row.system, row.name, row.opens, row.closes = round_.system, round_.name, round_.opens, round_.closes
    row.data_as_of, row.announcement, row.offsets = round_.data_as_of, round_.announcement, list(round_.offsets)
    row.remind_time, row.updated_at = round_.remind_time.strftime("%H:%M"), now
    session.flush()
    return row


def seed(session: Session, today: date, now: datetime) -> int:
    """Add the manual's rounds for the current and the next academic year where the calendar has none."""
    year = cal.academic_year_of(today)
    have = {tuple(row) for row in session.execute(select(CollectionRound.kind, CollectionRound.academic_year))}
    added = 0
    for round_ in cal.default_rounds(year) + cal.default_rounds(year + 1):
        if (round_.key, round_.academic_year) not in have:
            save(session, round_, now)
            added += 1
    return added


def to_dict(round_: cal.Round) -> dict[str, Any]:
    """Return a round as export writes it (ISO dates, Buddhist-era year shown for people)."""
    return {"key": round_.key, "academic_year": round_.academic_year, "system": round_.system,
            "name": round_.name, "opens": round_.opens.isoformat(), "closes": round_.closes.isoformat(),
            "data_as_of": round_.data_as_of.isoformat() if round_.data_as_of else None,
            "announcement": round_.announcement, "reminders": list(round_.offsets),
            "remind_time": round_.remind_time.strftime("%H:%M")}


def from_dict(data: dict[str, Any]) -> cal.Round:
    """Read a round as export writes it; raise ValueError with the reason when a field is wrong."""
    try:
        opens, closes = date.fromisoformat(data["opens"]), date.fromisoformat(data["closes"])
        as_of = date.fromisoformat(data["data_as_of"]) if data.get("data_as_of") else None
        hours, minutes = (int(part) for part in str(data.get("remind_time") or "09:00").split(":"))
        round_ = cal.Round(
            str(data["key"]), str(data["system"]), str(data["name"]), opens, closes, as_of,
            int(data.get("academic_year") or cal.academic_year_of(opens)), str(data.get("announcement") or ""),
            tuple(data.get("reminders") or cal.DEFAULT_OFFSETS), time(hours, minutes),
        )
    except KeyError as exc:
        raise ValueError(f"missing field {exc.args[0]}") from exc
    except (TypeError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    cal.check(round_)
    return round_
