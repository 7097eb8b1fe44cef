"""Collection-round reminders: school groups, the calendar, sends, completions, staff notices.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from bot.storage.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox_message", sa.Column("expires_at", UTCDateTime(), nullable=True))
    op.add_column("outbox_message", sa.Column("reminder_id", sa.Integer(), nullable=True))
    op.create_table(
        "school_group",
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("school_code", sa.String(20), nullable=True),
        sa.Column("area_wide", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("member_count_at", UTCDateTime(), nullable=True),
        sa.Column("linked_by", sa.String(64), nullable=True),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.Column("linked_at", UTCDateTime(), nullable=True),
        sa.Column("left_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["school_code"], ["school.code"], name=op.f("fk_school_group_school_code_school"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_school_group")),
    )
    op.create_index(op.f("ix_school_group_school_code"), "school_group", ["school_code"])
    op.create_table(
        "collection_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("opens", sa.Date(), nullable=False),
        sa.Column("closes", sa.Date(), nullable=False),
        sa.Column("data_as_of", sa.Date(), nullable=True),
        sa.Column("announcement", sa.Text(), nullable=False),
        sa.Column("offsets", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("remind_time", sa.String(5), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_round")),
        sa.UniqueConstraint("kind", "academic_year", name="uq_collection_round_kind_academic_year"),
    )
    op.create_table(
        "reminder_send",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("offset", sa.String(20), nullable=False),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("members", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["collection_round.id"],
                                name=op.f("fk_reminder_send_round_id_collection_round"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_send")),
        sa.UniqueConstraint("round_id", "offset", "group_id", name="uq_reminder_send_round_id_offset_group_id"),
    )
    op.create_table(
        "round_completion",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("school_code", sa.String(20), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=False),
        sa.Column("done_by", sa.String(64), nullable=True),
        sa.Column("group_id", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["collection_round.id"],
                                name=op.f("fk_round_completion_round_id_collection_round"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["school_code"], ["school.code"],
                                name=op.f("fk_round_completion_school_code_school"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "school_code", name=op.f("pk_round_completion")),
    )
    op.create_table(
        "staff_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notice")),
        sa.UniqueConstraint("key", name=op.f("uq_staff_notice_key")),
    )


def downgrade() -> None:
    op.drop_table("staff_notice")
    op.drop_table("round_completion")
    op.drop_table("reminder_send")
    op.drop_table("collection_round")
    op.drop_index(op.f("ix_school_group_school_code"), table_name="school_group")
    op.drop_table("school_group")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("reminder_id")
        batch.drop_column("expires_at")
