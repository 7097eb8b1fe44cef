"""Typed SQLAlchemy models: the event inbox, the outbox to LINE and per-chat state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import Document, LongText, Str, UTCDateTime

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
        dict[str, Any]: Document(),
        list[Any]: Document(),
    }


class InboxEvent(Base):
    """One webhook event as LINE sent it, kept until a handler has dealt with it."""

    __tablename__ = "inbox_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(Str(64), unique=True)
    event_type: Mapped[str] = mapped_column(Str(40))
    chat_id: Mapped[str] = mapped_column(Str(64))
    source_type: Mapped[str] = mapped_column(Str(10))
    user_id: Mapped[str | None] = mapped_column(Str(64))
    event_ts: Mapped[int] = mapped_column(BigInteger)
    is_redelivery: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[dict[str, Any]]
    # pending → done | skipped | failed (will retry) → dead (gave up); see bot.pipeline.inbox
    status: Mapped[str] = mapped_column(Str(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(LongText())
    received_at: Mapped[datetime]
    processed_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_inbox_event_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_inbox_event_chat_id_event_ts", "chat_id", "event_ts"),
    )


class Chat(Base):
    """A 1:1 chat, group or room, and which worker may process its events now."""

    __tablename__ = "chat"

    chat_id: Mapped[str] = mapped_column(Str(64), primary_key=True)
    source_type: Mapped[str] = mapped_column(Str(10))
    lease_owner: Mapped[str | None] = mapped_column(Str(64))
    lease_until: Mapped[datetime | None]
    followed: Mapped[bool] = mapped_column(default=False, server_default=false())
    conversation: Mapped[dict[str, Any] | None]  # bot.conversation state, so any worker can resume it
    created_at: Mapped[datetime]


class OutboxMessage(Base):
    """Up to five messages for one chat, sent by reply while the token is fresh or else by push."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[str] = mapped_column(Str(64), index=True)
    messages: Mapped[list[Any]]
    reply_token: Mapped[str | None] = mapped_column(Str(255))
    reply_expires_at: Mapped[datetime | None]
    retry_key: Mapped[str] = mapped_column(Str(36), unique=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("inbox_event.id", ondelete="SET NULL"))
    # pending → sending → sent | failed | expired; see bot.pipeline.outbox
    status: Mapped[str] = mapped_column(Str(10), default="pending")
    via: Mapped[str | None] = mapped_column(Str(10))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]  # after this it is no use any more (a reminder for a closed round)
    # the reminder_send this message carries; no foreign key, as SQLite cannot add one to an existing table
    reminder_id: Mapped[int | None]
    # the request a card in it is about: its LINE message ids go to sent_card, so a quoting answer finds it
    ticket_id: Mapped[int | None]
    lease_until: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(LongText())
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),)


class SentCard(Base):
    """A message the bot sent about one request (a staff card): quoting it in LINE acts on that request."""

    __tablename__ = "sent_card"

    line_message_id: Mapped[str] = mapped_column(Str(40), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[str] = mapped_column(Str(64))
    sent_at: Mapped[datetime]


class School(Base):
    """A school the office serves, imported from the office's list."""

    __tablename__ = "school"

    code: Mapped[str] = mapped_column(Str(20), primary_key=True)
    name: Mapped[str] = mapped_column(Str(200))
    district: Mapped[str] = mapped_column(Str(100), default="")


class Requester(Base):
    """A teacher or school officer who asks for help, from LINE or another channel."""

    __tablename__ = "requester"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_user_id: Mapped[str | None] = mapped_column(Str(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(Str(200))
    name: Mapped[str | None] = mapped_column(Str(200))
    position: Mapped[str | None] = mapped_column(Str(100))
    school_code: Mapped[str | None] = mapped_column(ForeignKey("school.code"))
    school_name: Mapped[str | None] = mapped_column(Str(200))  # as matched, or as typed when no list exists
    phone: Mapped[str | None] = mapped_column(Str(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class NumberSequence(Base):
    """A gapless number sequence (one per register prefix and fiscal year)."""

    __tablename__ = "counter"

    key: Mapped[str] = mapped_column(Str(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class Ticket(Base):
    """One record of the consultation and repair register."""

    __tablename__ = "ticket"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(Str(40), unique=True)
    fiscal_year: Mapped[int]
    received_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(Str(10), default="line")
    requester_id: Mapped[int] = mapped_column(ForeignKey("requester.id"), index=True)
    school_code: Mapped[str | None] = mapped_column(ForeignKey("school.code"))
    kind: Mapped[str] = mapped_column(Str(10))
    category: Mapped[str] = mapped_column(Str(20))
    subject: Mapped[str] = mapped_column(Str(300))
    details: Mapped[str | None] = mapped_column(LongText())
    equipment: Mapped[str | None] = mapped_column(Str(100))
    asset_number: Mapped[str | None] = mapped_column(Str(100))
    location: Mapped[str | None] = mapped_column(Str(200))
    urgency: Mapped[str] = mapped_column(Str(10), default="normal")
    assigned_to: Mapped[str | None] = mapped_column(Str(100))
    status: Mapped[str] = mapped_column(Str(12), default="received", index=True)
    answer: Mapped[str | None] = mapped_column(LongText())
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    followup_result: Mapped[str | None] = mapped_column(Str(20))
    # scheduled → asked → done | no_response; manual when the requester is not on LINE (staff phone them)
    followup_state: Mapped[str | None] = mapped_column(Str(12))
    followup_due_at: Mapped[datetime | None] = mapped_column(index=True)
    followup_asked_at: Mapped[datetime | None]
    understanding: Mapped[str | None] = mapped_column(Str(20))
    satisfaction: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(LongText())
    updated_at: Mapped[datetime]


class TicketEntry(Base):
    """The history and thread of a record: status changes, messages both ways, notes."""

    __tablename__ = "ticket_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(Str(120))
    kind: Mapped[str] = mapped_column(Str(12))  # created | status | message_in | message_out | note | assign
    old_status: Mapped[str | None] = mapped_column(Str(12))
    new_status: Mapped[str | None] = mapped_column(Str(12))
    text: Mapped[str | None] = mapped_column(LongText())
    # a teacher's LINE message's quote token: a staff answer quotes the message it answers (tokens never expire)
    quote_token: Mapped[str | None] = mapped_column(Str(200))


class Attachment(Base):
    """A picture or file a requester sent, kept with the record (before it exists: with the chat)."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[str] = mapped_column(Str(64))
    line_message_id: Mapped[str] = mapped_column(Str(40), unique=True)
    content_type: Mapped[str] = mapped_column(Str(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime]


class Setting(Base):
    """An office setting staff can change at run time (categories, …), stored as JSON."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(Str(60), primary_key=True)
    value: Mapped[dict[str, Any]]


class FaqMiss(Base):
    """A question the knowledge base could not answer, or whose answer did not help, counted for staff."""

    __tablename__ = "faq_miss"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(Str(12))  # unanswered | unsure | not_helpful | redirected
    question: Mapped[str] = mapped_column(Str(500))
    normalized: Mapped[str] = mapped_column(Str(500))
    entry_id: Mapped[str | None] = mapped_column(Str(60))
    count: Mapped[int] = mapped_column(default=1)
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("kind", "normalized", name="uq_faq_miss_kind_normalized"),)


class FaqHit(Base):
    """How often the bot answered with an entry in a month (Bangkok), for the statistics report."""

    __tablename__ = "faq_hit"

    month: Mapped[str] = mapped_column(Str(7), primary_key=True)  # YYYY-MM
    entry_id: Mapped[str] = mapped_column(Str(60), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class FaqEntry(Base):
    """A knowledge-base entry edited or added by staff; it overrides the shipped entry with the same id."""

    __tablename__ = "faq_entry"

    id: Mapped[str] = mapped_column(Str(60), primary_key=True)
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class SchoolGroup(Base):
    """A LINE group the Official Account is in: one school's group, or an area-wide one."""

    __tablename__ = "school_group"

    group_id: Mapped[str] = mapped_column(Str(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(Str(200))
    school_code: Mapped[str | None] = mapped_column(ForeignKey("school.code", ondelete="SET NULL"), index=True)
    area_wide: Mapped[bool] = mapped_column(default=False, server_default=false())
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    member_count: Mapped[int | None]
    member_count_at: Mapped[datetime | None]
    linked_by: Mapped[str | None] = mapped_column(Str(64))
    joined_at: Mapped[datetime]
    linked_at: Mapped[datetime | None]
    # a link is in force once staff approved it; until then reminders and "ส่งแล้ว" do not count
    approved_at: Mapped[datetime | None]
    approved_by: Mapped[str | None] = mapped_column(Str(120))
    left_at: Mapped[datetime | None]


class CollectionRound(Base):
    """A data-collection round in the office's calendar (seeded from the manual, edited by staff)."""

    __tablename__ = "collection_round"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(Str(30))
    academic_year: Mapped[int]
    system: Mapped[str] = mapped_column(Str(20))
    name: Mapped[str] = mapped_column(Str(200))
    opens: Mapped[date]
    closes: Mapped[date]
    data_as_of: Mapped[date | None]
    announcement: Mapped[str] = mapped_column(LongText(), default="")
    offsets: Mapped[list[Any]]
    remind_time: Mapped[str] = mapped_column(Str(5), default="09:00")
    updated_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("kind", "academic_year", name="uq_collection_round_kind_academic_year"),)


class ReminderSend(Base):
    """One reminder to one group, recorded under a unique key so it is sent at most once."""

    __tablename__ = "reminder_send"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("collection_round.id", ondelete="CASCADE"))
    offset: Mapped[str] = mapped_column(Str(20))
    group_id: Mapped[str] = mapped_column(Str(64))
    due_at: Mapped[datetime]
    # queued (in the outbox) | late (missed beyond the grace window) | quota (LINE's monthly limit was reached)
    status: Mapped[str] = mapped_column(Str(10))
    members: Mapped[int | None]  # what the push costs against the monthly quota
    created_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("round_id", "offset", "group_id", name="uq_reminder_send_round_id_offset_group_id"),
    )


class RoundCompletion(Base):
    """A school has entered its data for a round."""

    __tablename__ = "round_completion"

    round_id: Mapped[int] = mapped_column(ForeignKey("collection_round.id", ondelete="CASCADE"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("school.code", ondelete="CASCADE"), primary_key=True)
    done_at: Mapped[datetime]
    done_by: Mapped[str | None] = mapped_column(Str(64))  # LINE user id, or "staff"
    group_id: Mapped[str | None] = mapped_column(Str(64))


class StaffNotice(Base):
    """Something staff must know (quota warnings, sends that stopped), shown once per key."""

    __tablename__ = "staff_notice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Str(120), unique=True)
    kind: Mapped[str] = mapped_column(Str(20))
    text: Mapped[str] = mapped_column(LongText())
    created_at: Mapped[datetime]
    seen_at: Mapped[datetime | None]
