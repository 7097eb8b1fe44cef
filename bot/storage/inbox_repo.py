"""Repository functions for the webhook inbox and the per-chat processing lease."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot.storage.db import upsert_insert
from bot.storage.models import Chat, InboxEvent

UNFINISHED = ("pending", "failed")


def has_later_message(session: Session, chat_id: str, event_id: int) -> bool:
    """Say whether the chat sent another message after event `event_id` (the bot's answer then quotes its own)."""
    return session.scalar(select(InboxEvent.id).where(InboxEvent.chat_id == chat_id, InboxEvent.id > event_id,
                                                      InboxEvent.event_type == "message").limit(1)) is not None


def previous_event_at(session: Session, chat_id: str, event_id: int) -> datetime | None:
    """Return when the chat's event before `event_id` arrived (None for its first)."""
    return session.scalar(select(InboxEvent.received_at).where(InboxEvent.chat_id == chat_id, InboxEvent.id < event_id)
                          .order_by(InboxEvent.id.desc()).limit(1))




# The fields handlers read, with the JSON types LINE gives them; an event with another type is stored, not run.
SHAPE: dict[str, tuple[type, ...]] = {
    "type": (str,), "timestamp": (int,), "source": (dict,), "webhookEventId": (str,), "replyToken": (str,),
    "deliveryContext": (dict,), "message": (dict,), "postback": (dict,), "mode": (str,),
}
SOURCE_SHAPE: dict[str, tuple[type, ...]] = {"type": (str,), "userId": (str,), "groupId": (str,), "roomId": (str,)}


def malformed(event: dict[str, Any]) -> str | None:
    """Name the first field of an event whose type is not what LINE sends, or None when the event is sound."""
    for fields, where in ((SHAPE, event), (SOURCE_SHAPE, event.get("source"))):
        if not isinstance(where, dict):
            continue
        for name, types in fields.items():
            value = where.get(name)
            if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
                return name
    return None


def source_of(event: dict[str, Any]) -> tuple[str, str, str | None]:
    """Return (chat id, source type, user id) of a raw LINE event (one that is not malformed)."""
    source = event.get("source") or {}
    kind = str(source.get("type") or "none")
    user_id = source.get("userId")
    chat_id = source.get("groupId") or source.get("roomId") or user_id or "-"
    return str(chat_id), kind, user_id


def event_key(event: dict[str, Any]) -> str:
    """Return the webhookEventId, or a digest of the event for the rare one without it."""
    key = event.get("webhookEventId")
    if isinstance(key, str) and key:
        return key[:64]
    digest = hashlib.sha256(json.dumps(event, sort_keys=True).encode()).hexdigest()
    return "sha256:" + digest[:57]


def event_row(event: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Return the inbox row of a raw event; a malformed one is kept as `skipped` with the reason, never run."""
    fault = malformed(event)
    fault = f"malformed: {fault} has the wrong type" if fault else None
    if "unstorable" in event:  # what bot.pipeline.intake keeps of an event the database refused as sent
        fault = f"the database refused it ({str(event['unstorable'])[:60]})"
    chat_id, source_type, user_id = ("-", "none", None) if fault else source_of(event)
    return {
        "webhook_event_id": event_key(event),
        "event_type": str(event.get("type", "unknown")),
        "chat_id": chat_id,
        "source_type": source_type,
        "user_id": user_id,
        "event_ts": 0 if fault else max(0, min(int(event.get("timestamp") or 0), 2**62)),
        "is_redelivery": not fault and bool((event.get("deliveryContext") or {}).get("isRedelivery")),
        "payload": event,
        "status": "skipped" if fault else "pending",
        "last_error": fault,
        "attempts": 0,
        "next_attempt_at": now,
        "received_at": now,
    }


def add_events(session: Session, events: Iterable[dict[str, Any]], now: datetime) -> list[str]:
    """Store new events, ignoring ones already stored; return the webhookEventIds that were new."""
    rows = [event_row(event, now) for event in events]
    if not rows:
        return []
    # A Core insert on the table: the webhook's hot path skips the ORM's unit of work.
    table = InboxEvent.__table__
    insert = upsert_insert(session, table).on_conflict_do_nothing().returning(table.c.webhook_event_id)
    return list(session.scalars(insert, rows))


def chats_with_work(session: Session, now: datetime, limit: int = 20) -> Sequence[tuple[str, str]]:
    """Return (chat id, source type) of chats with a due event and a free lease, oldest first."""
    oldest = (
        select(InboxEvent.chat_id, func.min(InboxEvent.source_type).label("source_type"),
               func.min(InboxEvent.event_ts).label("ts"))
        .where(InboxEvent.status.in_(UNFINISHED), InboxEvent.next_attempt_at <= now)
        .group_by(InboxEvent.chat_id)
        .subquery()
    )
    query = (
        select(oldest.c.chat_id, oldest.c.source_type)
        .outerjoin(Chat, Chat.chat_id == oldest.c.chat_id)
        .where(or_(Chat.lease_owner.is_(None), Chat.lease_until < now))
        .order_by(oldest.c.ts)
        .limit(limit)
    )
    return [(row.chat_id, row.source_type) for row in session.execute(query)]


def ensure_chat(session: Session, chat_id: str, source_type: str, now: datetime) -> None:
    """Create the chat's row on first sight (the webhook leaves that to the workers)."""
    session.execute(
        upsert_insert(session, Chat).on_conflict_do_nothing(),
        {"chat_id": chat_id, "source_type": source_type, "created_at": now, "followed": False},
    )


def lease_chat(session: Session, chat_id: str, owner: str, now: datetime, seconds: float) -> bool:
    """Take or renew the chat's processing lease; True if this owner now holds it."""
    result = session.execute(
        update(Chat)
        .where(
            Chat.chat_id == chat_id,
            or_(Chat.lease_owner.is_(None), Chat.lease_owner == owner, Chat.lease_until < now),
        )
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
    )
    return result.rowcount == 1


def release_chat(session: Session, chat_id: str, owner: str) -> None:
    """Give the chat's lease back if this owner holds it."""
    session.execute(
        update(Chat)
        .where(Chat.chat_id == chat_id, Chat.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
    )


def release_leases_of(session: Session, owners: Iterable[str]) -> int:
    """Drop the leases of owners known to be gone (a worker that crashed); return how many."""
    owners = list(owners)
    if not owners:
        return 0
    result = session.execute(
        update(Chat).where(Chat.lease_owner.in_(owners)).values(lease_owner=None, lease_until=None)
    )
    return result.rowcount


def lease_owners(session: Session) -> Sequence[str]:
    """Return every owner currently holding a chat lease."""
    return session.scalars(select(Chat.lease_owner).where(Chat.lease_owner.is_not(None)).distinct()).all()


def next_event(session: Session, chat_id: str) -> InboxEvent | None:
    """Return the chat's oldest unfinished event, due or not, so later ones never overtake it."""
    return session.scalars(
        select(InboxEvent)
        .where(InboxEvent.chat_id == chat_id, InboxEvent.status.in_(UNFINISHED))
        .order_by(InboxEvent.event_ts, InboxEvent.id)
        .limit(1)
    ).first()


def backlog(session: Session) -> int:
    """Count events not yet finished."""
    return session.scalar(select(func.count()).where(InboxEvent.status.in_(UNFINISHED))) or 0


def set_aside(session: Session, limit: int = 10) -> Sequence[InboxEvent]:
    """Return the newest events that were given up on (dead), for staff to look at."""
    return session.scalars(select(InboxEvent).where(InboxEvent.status == "dead")
                           .order_by(InboxEvent.id.desc()).limit(limit)).all()
