"""A LINE group's claim to be a school's group: what staff are asked, and their decision (in LINE or on the web)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from bot import postbacks, texts
from bot.line.messages import quick_postback, text
from bot.storage import groups_repo
from bot.storage.models import School, SchoolGroup


class ClaimDecision(NamedTuple):
    """What deciding a claim did: its outcome, the answer for staff, and the message for the group (if any)."""

    outcome: str  # approved | rejected | already | stale
    answer: str
    message: dict[str, Any] | None


def claim_id(group: SchoolGroup) -> str:
    """Name the group's current claim, so a button for an earlier claim cannot decide a later one."""
    stamp = group.linked_at.astimezone(UTC).strftime("%Y%m%d%H%M%S%f") if group.linked_at else "-"
    return f"{group.school_code or 'area'}-{stamp}"


def label(group: SchoolGroup) -> str:
    return group.name or group.group_id


def school_name(session: Session, group: SchoolGroup) -> str | None:
    """Return the name of the school the group is linked to (None for an area-wide or unlinked group)."""
    if group.school_code is None:
        return None
    school = session.get(School, group.school_code)
    return school.name if school else group.school_code


def claimed(session: Session, group: SchoolGroup) -> str | None:
    """Name the school the group claims, with its code, for staff (None: the area-wide group)."""
    name = school_name(session, group)
    return None if name is None else texts.school_label(name, str(group.school_code))


def ask_staff(session: Session, group: SchoolGroup) -> tuple[str, str, list[dict[str, Any]]]:
    """Return the note asking staff to decide the group's claim, its notice kind, and the decision buttons."""
    rivals = [texts.rival_group(label(g), g.approved_at is not None)
              for g in groups_repo.others_with_school(session, group)]
    claim = {"g": group.group_id, "claim": claim_id(group)}
    quick = [quick_postback(texts.CLAIM_APPROVE, postbacks.data(postbacks.GROUP_APPROVE, **claim), texts.CLAIM_APPROVE),
             quick_postback(texts.CLAIM_REJECT, postbacks.data(postbacks.GROUP_REJECT, **claim), texts.CLAIM_REJECT)]
    note = texts.staff_group_claim(label(group), claimed(session, group), rivals)
    return note, "group-conflict" if rivals else "group-claim", quick


def decide(session: Session, group: SchoolGroup | None, claim: str, approve: bool, by: str,
           now: datetime) -> ClaimDecision:
    """Approve or reject the group's claim named `claim`; a decided or replaced claim is left as it is."""
    if group is None or group.linked_at is None or claim_id(group) != claim:
        return ClaimDecision("stale", texts.CLAIM_STALE, None)
    if group.approved_at is not None:
        return ClaimDecision("already", texts.CLAIM_ALREADY_APPROVED, None)
    if not groups_repo.pending(group):  # the bot left the group: nothing to decide or tell
        return ClaimDecision("stale", texts.CLAIM_STALE, None)
    what, name = claimed(session, group), school_name(session, group)
    if approve:
        groups_repo.approve(session, group, by, now)
        told = texts.GROUP_APPROVED_AREA if name is None else texts.group_approved(name)
        return ClaimDecision("approved", texts.claim_approved(label(group), what), text(told))
    groups_repo.unlink(session, group)
    return ClaimDecision("rejected", texts.claim_rejected(label(group), what), text(texts.GROUP_CLAIM_REJECTED))
