"""Repository functions for the LINE groups the Official Account is in, and the school each one belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import School, SchoolGroup


def joined(session: Session, group_id: str, now: datetime, name: str | None = None) -> SchoolGroup:
    """Record that the Official Account is in a group (again); a group that left keeps its school."""
    group = session.get(SchoolGroup, group_id)
    if group is None:
        group = SchoolGroup(group_id=group_id, joined_at=now, area_wide=False)
        session.add(group)
    group.active, group.left_at = True, None
    if name:
        group.name = name
    session.flush()
    return group


def left(session: Session, group_id: str, now: datetime) -> SchoolGroup | None:
    """Deactivate a group the Official Account was removed from; nothing is sent to it any more."""
    group = session.get(SchoolGroup, group_id)
    if group is not None:
        group.active, group.left_at = False, now
    return group


def get(session: Session, group_id: str) -> SchoolGroup | None:
    return session.get(SchoolGroup, group_id)


def link(session: Session, group: SchoolGroup, school_code: str | None, by: str | None, now: datetime) -> None:
    """Make the group one school's group, or (school_code None) an area-wide group."""
    group.school_code = school_code
    group.area_wide = school_code is None
    group.linked_by, group.linked_at = by, now


def unlink(session: Session, group: SchoolGroup) -> None:
    """Forget which school a group belongs to, so it is asked again."""
    group.school_code, group.area_wide, group.linked_at = None, False, None


def awaiting_link(group: SchoolGroup | None) -> bool:
    """Say whether the group has not said which school it is."""
    return group is not None and group.active and group.school_code is None and not group.area_wide


def all_groups(session: Session) -> Sequence[tuple[SchoolGroup, School | None]]:
    """Return every group with its school, active ones first."""
    query = (select(SchoolGroup, School).outerjoin(School, School.code == SchoolGroup.school_code)
             .order_by(SchoolGroup.active.desc(), School.name, SchoolGroup.group_id))
    return [(group, school) for group, school in session.execute(query)]


def reminder_targets(session: Session) -> Sequence[Any]:
    """Return the active groups that get reminders (linked to a school, or area-wide) as plain rows."""
    g = SchoolGroup
    # plain columns, not objects: the scheduler reads every group each minute
    query = select(g.group_id, g.school_code, g.area_wide, g.linked_at, g.joined_at, g.member_count).where(
        g.active, (g.school_code.is_not(None)) | g.area_wide
    ).order_by(g.group_id)
    return session.execute(query).all()


def set_member_count(session: Session, group: SchoolGroup, count: int, now: datetime) -> None:
    group.member_count, group.member_count_at = count, now
