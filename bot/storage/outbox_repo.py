"""Repository functions for the outbox: messages waiting to go out to LINE."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, true, update
from sqlalchemy.orm import Session

from bot.storage.models import OutboxMessage, SentCard, Ticket

MAX_MESSAGES_PER_REQUEST = 5  # LINE's limit for one reply or push
# LINE keeps a reply token for about a minute; stop trusting it a little earlier.
REPLY_TOKEN_LIFETIME = timedelta(seconds=50)
# A late answer (its reply token expired) waits this long for the chat's next answer to take it along.
COALESCE_WINDOW = timedelta(seconds=3)
OPEN = ("pending", "sending")


def enqueue(
    session: Session,
    chat_id: str,
    messages: Sequence[dict[str, Any]],
    now: datetime,
    reply_token: str | None = None,
    reply_expires_at: datetime | None = None,
    event_id: int | None = None,
    expires_at: datetime | None = None,
    not_before: datetime | None = None,
    ticket_id: int | None = None,
) -> list[OutboxMessage]:
    """Queue messages for a chat in batches of five; only the first batch may use the reply token.

    `ticket_id`: the request these messages are about, remembered with their LINE ids once sent (quoting one of
    them then acts on that request).
    """
    rows = []
    for start in range(0, len(messages), MAX_MESSAGES_PER_REQUEST):
        row = OutboxMessage(
            chat_id=chat_id,
            messages=list(messages[start : start + MAX_MESSAGES_PER_REQUEST]),
            reply_token=reply_token if start == 0 else None,
            reply_expires_at=reply_expires_at if start == 0 else None,
            retry_key=str(uuid.uuid4()),
            event_id=event_id,
            expires_at=expires_at,
            ticket_id=ticket_id,
            status="pending",
            attempts=0,
            next_attempt_at=not_before or now,
            created_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def reply_window(event_ts: int) -> datetime:
    """Return until when the reply token of an event sent at `event_ts` (LINE's milliseconds) may be used."""
    from bot.clock import from_line_ms

    return from_line_ms(event_ts) + REPLY_TOKEN_LIFETIME


def unused_reply_token(session: Session, chat_id: str, now: datetime,
                       lifetime: timedelta = REPLY_TOKEN_LIFETIME) -> tuple[str, datetime] | None:
    """Return the reply token of the chat's latest event if it is still fresh and nothing used it yet."""
    from bot.clock import from_line_ms
    from bot.storage.models import InboxEvent

    event = session.scalar(select(InboxEvent).where(InboxEvent.chat_id == chat_id)
                           .order_by(InboxEvent.event_ts.desc()).limit(1))
    token = (event.payload or {}).get("replyToken") if event else None
    if not token or event is None:
        return None
    expires = from_line_ms(event.event_ts) + lifetime
    used = session.scalar(select(OutboxMessage.id).where(OutboxMessage.event_id == event.id).limit(1))
    return (token, expires) if expires > now and used is None else None


def enqueue_many(session: Session, chats: Sequence[tuple[str, dict[str, Any], int | None]], now: datetime,
                 expires_at: datetime | None = None) -> list[int]:
    """Queue one message for each of many chats in one statement (a reminder to every group); return the ids.

    Each item is (chat id, message, id of the reminder_send it carries or None).
    """
    if not chats:
        return []
    rows = [{"chat_id": chat_id, "messages": [message], "retry_key": str(uuid.uuid4()), "expires_at": expires_at,
             "reminder_id": reminder_id, "status": "pending", "attempts": 0, "next_attempt_at": now,
             "created_at": now} for chat_id, message, reminder_id in chats]
    statement = insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))


def _heads() -> Any:
    """Select each chat's oldest open message: a chat's messages go out in order."""
    return select(func.min(OutboxMessage.id)).where(OutboxMessage.status.in_(OPEN)).group_by(OutboxMessage.chat_id)


def due(session: Session, now: datetime, limit: int = 50) -> Sequence[int]:
    """Return ids of messages ready to send: each chat's oldest open message, if it is due."""
    heads = _heads()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.id.in_(heads), *_claimable(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def _claimable(now: datetime, early: bool = False) -> tuple[Any, ...]:
    """Return the conditions under which a message may be taken for sending (`early`: before its retry time)."""
    return (
        or_(
            (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now if not early else true()),
            # a sender that died mid-send: its lease runs out and the message is tried again
            (OutboxMessage.status == "sending") & (OutboxMessage.lease_until < now),
        ),
    )


def claim(session: Session, message_id: int, now: datetime, seconds: float,
          early: bool = False) -> OutboxMessage | None:
    """Mark a message as being sent by us, unless someone else took it first (`early`: a probe of LINE)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_claimable(now, early))
        .values(
            status="sending",
            lease_until=now + timedelta(seconds=seconds),
            attempts=OutboxMessage.attempts + 1,
        )
    )
    if result.rowcount != 1:
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


def claim_many(session: Session, ids: Sequence[int], now: datetime, seconds: float,
               limit: int | None = None) -> list[OutboxMessage]:
    """Claim (up to `limit` of) these messages that are due and first in their chat; return the claimed rows."""
    if not ids:
        return []
    candidates = select(OutboxMessage.id).where(OutboxMessage.id.in_(ids), OutboxMessage.id.in_(_heads()),
                                                *_claimable(now)).order_by(OutboxMessage.id)
    if limit is not None:
        candidates = candidates.limit(limit)
    chosen = session.scalars(candidates).all()
    if not chosen:
        return []
    claimed = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(chosen), *_claimable(now))
        .values(status="sending", lease_until=now + timedelta(seconds=seconds), attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage.id)
    ).all()
    if not claimed:
        return []
    query = select(OutboxMessage).where(OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id)
    return list(session.scalars(query.execution_options(populate_existing=True)))


def absorb_late(session: Session, chat_id: str) -> list[dict[str, Any]]:
    """Take back the chat's late answers no sender has tried yet, and return their messages, oldest first."""
    late = (OutboxMessage.chat_id == chat_id, OutboxMessage.status == "pending", OutboxMessage.attempts == 0,
            OutboxMessage.reply_token.is_(None), OutboxMessage.event_id.is_not(None))
    ids = session.scalars(select(OutboxMessage.id).where(*late)).all()
    if not ids:
        return []
    # deleted only if still untried: a sender that claimed one meanwhile keeps it
    taken = session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids), *late)
                            .returning(OutboxMessage.id, OutboxMessage.messages)).all()
    return [message for _, messages in sorted(taken, key=lambda row: row[0]) for message in messages]


def take(session: Session, rows: Sequence[OutboxMessage], now: datetime, seconds: float) -> list[OutboxMessage]:
    """Claim new messages for sending right after commit, unless an older one to the chat is still open."""
    taken = []
    for row in rows:
        if row.next_attempt_at > now:
            continue  # a late answer waiting for company: the sender takes it when it is due
        older = select(OutboxMessage.id).where(
            OutboxMessage.chat_id == row.chat_id, OutboxMessage.status.in_(OPEN), OutboxMessage.id < row.id
        )
        if session.scalar(older.limit(1)) is not None:
            continue  # keep the chat's order: the sender takes it after the older ones
        row.status = "sending"
        row.lease_until = now + timedelta(seconds=seconds)
        row.attempts += 1
        taken.append(row)
    return taken


def record(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Store attempts' outcomes, each only if its claim (`b_claim`, the attempt count) is still the current one.

    A sender whose claim ran out must not overwrite what the sender that took the message over recorded.
    """
    if not rows:
        return
    statement = (update(OutboxMessage)
                 .where(OutboxMessage.id == bindparam("b_id"), OutboxMessage.attempts == bindparam("b_claim"))
                 .values({key: bindparam(key) for key in rows[0] if not key.startswith("b_")}))
    session.connection().execute(statement, list(rows))


def _waiting() -> tuple[Any, ...]:
    """Conditions of a message that failed to go out and waits for its next try."""
    return OutboxMessage.status == "pending", OutboxMessage.last_error.is_not(None)


def waiting_after_failure(session: Session, now: datetime, limit: int = 1) -> Sequence[int]:
    """Return the oldest chat heads waiting after a failed try (a probe while LINE is away)."""
    query = (select(OutboxMessage.id).where(OutboxMessage.id.in_(_heads()), *_waiting(),
                                            OutboxMessage.next_attempt_at > now)
             .order_by(OutboxMessage.id).limit(limit))
    return session.scalars(query).all()


def retry_now(session: Session, now: datetime, held_until: datetime | None = None) -> int:
    """Make every message backing off from a failure due now (LINE answers again); not those held for the quota."""
    conditions = [*_waiting(), OutboxMessage.next_attempt_at > now]
    if held_until is not None and held_until > now:
        conditions.append(OutboxMessage.next_attempt_at < held_until)
    return session.execute(update(OutboxMessage).where(*conditions).values(next_attempt_at=now)).rowcount


def waiting_summary(session: Session) -> tuple[int, datetime | None]:
    """Count messages waiting after a failed try, and since when the oldest waits."""
    count, oldest = session.execute(select(func.count(), func.min(OutboxMessage.created_at)).where(*_waiting())).one()
    return int(count or 0), oldest


def counts(session: Session) -> dict[str, int]:
    """Count outbox messages by status."""
    rows = session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    return {status: n for status, n in rows}


def remember_cards(session: Session, sent: Sequence[tuple[int, str, Sequence[str]]], now: datetime) -> None:
    """Keep which request each sent message was about: (ticket id, chat, LINE message ids)."""
    if not any(ids for _, _, ids in sent):
        return
    known = {card.line_message_id for card in session.scalars(select(SentCard).where(
        SentCard.line_message_id.in_([i for _, _, ids in sent for i in ids])))}
    # a request erased while its card waited has nothing to point at: storing it would fail the whole record
    alive = set(session.scalars(select(Ticket.id).where(Ticket.id.in_({t for t, _, _ in sent}))))
    for ticket_id, chat_id, ids in sent:
        for message_id in ids if ticket_id in alive else ():
            if message_id not in known:  # ids are LINE's: a row recorded twice by two senders is kept once
                session.add(SentCard(line_message_id=message_id, ticket_id=ticket_id, chat_id=chat_id, sent_at=now))
                known.add(message_id)


def ticket_of_card(session: Session, chat_id: str, line_message_id: str) -> int | None:
    """Return the request a message the bot sent to this chat was about (None: not a card about one)."""
    return session.scalar(select(SentCard.ticket_id).where(SentCard.line_message_id == line_message_id,
                                                           SentCard.chat_id == chat_id))
