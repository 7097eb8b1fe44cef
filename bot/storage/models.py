"""Typed SQLAlchemy models: the event inbox, the outbox to LINE and per-chat state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, MetaData, String, Text, false
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON().with_variant(JSONB(), "postgresql"),
        list[Any]: JSON().with_variant(JSONB(), "postgresql"),
    }


class InboxEvent(Base):
    """One webhook event as LINE sent it, kept until a handler has dealt with it."""

    __tablename__ = "inbox_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(40))
    chat_id: Mapped[str] = mapped_column(String(64))
    source_type: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[str | None] = mapped_column(String(64))
    event_ts: Mapped[int] = mapped_column(BigInteger)
    is_redelivery: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[dict[str, Any]]
    # pending → done | skipped | failed (will retry) → dead (gave up); see bot.inbox
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime]
    processed_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_inbox_event_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_inbox_event_chat_id_event_ts", "chat_id", "event_ts"),
    )


class Chat(Base):
    """A 1:1 chat, group or room, and which worker may process its events now."""

    __tablename__ = "chat"

    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_type: Mapped[str] = mapped_column(String(10))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    followed: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime]


class OutboxMessage(Base):
    """Up to five messages for one chat, sent by reply while the token is fresh or else by push."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    messages: Mapped[list[Any]]
    reply_token: Mapped[str | None] = mapped_column(String(255))
    reply_expires_at: Mapped[datetime | None]
    retry_key: Mapped[str] = mapped_column(String(36), unique=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("inbox_event.id", ondelete="SET NULL"))
    # pending → sending → sent | failed; see bot.line.outbox
    status: Mapped[str] = mapped_column(String(10), default="pending")
    via: Mapped[str | None] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),)
