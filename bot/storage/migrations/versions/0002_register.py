"""The register: schools, requesters, tickets, history, attachments, numbering, editable settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from bot.storage.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("chat") as batch:
        batch.add_column(sa.Column("conversation", JSON, nullable=True))

    op.create_table(
        "setting",
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("value", JSON, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "school",
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("district", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_school")),
    )
    op.create_table(
        "requester",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_user_id", sa.String(64), nullable=True),
        sa.Column("display_name", sa.String(200), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("position", sa.String(100), nullable=True),
        sa.Column("school_code", sa.String(20), nullable=True),
        sa.Column("school_name", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["school_code"], ["school.code"], name=op.f("fk_requester_school_code_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requester")),
        sa.UniqueConstraint("line_user_id", name=op.f("uq_requester_line_user_id")),
    )
    op.create_table(
        "counter",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_counter")),
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("school_code", sa.String(20), nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("equipment", sa.String(100), nullable=True),
        sa.Column("asset_number", sa.String(100), nullable=True),
        sa.Column("location", sa.String(200), nullable=True),
        sa.Column("urgency", sa.String(10), nullable=False),
        sa.Column("assigned_to", sa.String(100), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("first_response_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("followup_result", sa.String(20), nullable=True),
        sa.Column("understanding", sa.String(20), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["requester_id"], ["requester.id"], name=op.f("fk_ticket_requester_id_requester")),
        sa.ForeignKeyConstraint(["school_code"], ["school.code"], name=op.f("fk_ticket_school_code_school")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
        sa.UniqueConstraint("number", name=op.f("uq_ticket_number")),
    )
    op.create_index("ix_ticket_requester_id", "ticket", ["requester_id"])
    op.create_index("ix_ticket_status", "ticket", ["status"])
    op.create_table(
        "ticket_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("old_status", sa.String(12), nullable=True),
        sa.Column("new_status", sa.String(12), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], ondelete="CASCADE",
                                name=op.f("fk_ticket_entry_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_entry")),
    )
    op.create_index("ix_ticket_entry_ticket_id", "ticket_entry", ["ticket_id"])
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("line_message_id", sa.String(40), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], ondelete="CASCADE",
                                name=op.f("fk_attachment_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("line_message_id", name=op.f("uq_attachment_line_message_id")),
    )
    op.create_index("ix_attachment_ticket_id", "attachment", ["ticket_id"])


def downgrade() -> None:
    op.drop_table("attachment")
    op.drop_table("ticket_entry")
    op.drop_table("ticket")
    op.drop_table("counter")
    op.drop_table("requester")
    op.drop_table("school")
    op.drop_table("setting")
    with op.batch_alter_table("chat") as batch:
        batch.drop_column("conversation")
