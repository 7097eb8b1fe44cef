"""The FAQ learning loop: questions the knowledge base missed, and entries staff edited.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from bot.storage.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_miss",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("question", sa.String(500), nullable=False),
        sa.Column("normalized", sa.String(500), nullable=False),
        sa.Column("entry_id", sa.String(60), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_at", UTCDateTime(), nullable=False),
        sa.Column("last_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_miss")),
        sa.UniqueConstraint("kind", "normalized", name="uq_faq_miss_kind_normalized"),
    )


    op.create_table(
        "faq_entry",
        sa.Column("id", sa.String(60), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entry")),
    )


def downgrade() -> None:
    op.drop_table("faq_entry")
    op.drop_table("faq_miss")
