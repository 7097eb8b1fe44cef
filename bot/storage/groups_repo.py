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


def get_for_update(session: Session, group_id: str) -> SchoolGroup | None:
    """Return the group locked until the transaction ends, so two staff deciding its claim take turns."""
    return session.get(SchoolGroup, group_id, with_for_update=True)


def link(session: Session, group: SchoolGroup, school_code: str | None, by: str | None, now: datetime, *,
         approved_by: str | None = None) -> None:
    """Make the group one school's group, or (school_code None) area-wide; pending unless `approved_by` is given."""
    group.school_code = school_code
    group.area_wide = school_code is None
    group.linked_by, group.linked_at = by, now
    group.approved_at, group.approved_by = (now, approved_by) if approved_by else (None, None)


def approve(session: Session, group: SchoolGroup, by: str, now: datetime) -> bool:
    """Put a group's pending link in force; False when it has none."""
    if not pending(group):
        return False
    group.approved_at, group.approved_by = now, by
    return True


def unlink(session: Session, group: SchoolGroup) -> None:
    """Forget which school a group belongs to, so it is asked again."""
    group.school_code, group.area_wide, group.linked_at = None, False, None
    group.approved_at, group.approved_by = None, None


def awaiting_link(group: SchoolGroup | None) -> bool:
    """Say whether the group has not said which school it is."""
    return group is not None and group.active and group.school_code is None and not group.area_wide


def pending(group: SchoolGroup | None) -> bool:
    """Say whether the group named its school (or area) in LINE and waits for staff to approve it."""
    return (group is not None and group.active and (group.school_code is not None or group.area_wide)
            and group.approved_at is None)


def others_with_school(session: Session, group: SchoolGroup) -> Sequence[SchoolGroup]:
    """Return the other active groups linked to the group's school, approved or pending."""
    if group.school_code is None:
        return []
    query = select(SchoolGroup).where(SchoolGroup.school_code == group.school_code, SchoolGroup.active,
                                      SchoolGroup.group_id != group.group_id).order_by(SchoolGroup.group_id)
    return session.scalars(query).all()


def all_groups(session: Session) -> Sequence[tuple[SchoolGroup, School | None]]:
    """Return every group with its school, active ones first."""
    query = (select(SchoolGroup, School).outerjoin(School, School.code == SchoolGroup.school_code)
             .order_by(SchoolGroup.active.desc(), School.name, SchoolGroup.group_id))
    return [(group, school) for group, school in session.execute(query)]


def reminder_targets(session: Session) -> Sequence[Any]:
    """Return the active groups that get reminders (approved for a school, or area-wide) as plain rows."""
    g = SchoolGroup
    # plain columns, not objects: the scheduler reads every group each minute
    query = select(g.group_id, g.school_code, g.area_wide, g.approved_at, g.member_count).where(
        g.active, g.approved_at.is_not(None), (g.school_code.is_not(None)) | g.area_wide
    ).order_by(g.group_id)
    return session.execute(query).all()


def set_member_count(session: Session, group: SchoolGroup, count: int, now: datetime) -> None:
    group.member_count, group.member_count_at = count, now
