"""Webhook inbox, chats with processing leases, and the outbox to LINE.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from bot.storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "inbox_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_event_id", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("source_type", sa.String(10), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("event_ts", sa.BigInteger(), nullable=False),
        sa.Column("is_redelivery", sa.Boolean(), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_event")),
        sa.UniqueConstraint("webhook_event_id", name=op.f("uq_inbox_event_webhook_event_id")),
    )
    op.create_index("ix_inbox_event_status_next_attempt_at", "inbox_event", ["status", "next_attempt_at"])
    op.create_index("ix_inbox_event_chat_id_event_ts", "inbox_event", ["chat_id", "event_ts"])

    op.create_table(
        "chat",
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("source_type", sa.String(10), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("followed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chat")),
    )

    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("messages", JSON, nullable=False),
        sa.Column("reply_token", sa.String(255), nullable=True),
        sa.Column("reply_expires_at", UTCDateTime(), nullable=True),
        sa.Column("retry_key", sa.String(36), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("via", sa.String(10), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["inbox_event.id"], ondelete="SET NULL",
                                name=op.f("fk_outbox_message_event_id_inbox_event")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("retry_key", name=op.f("uq_outbox_message_retry_key")),
    )
    op.create_index("ix_outbox_message_chat_id", "outbox_message", ["chat_id"])
    op.create_index("ix_outbox_message_status_next_attempt_at", "outbox_message", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("outbox_message")
    op.drop_table("chat")
    op.drop_table("inbox_event")
