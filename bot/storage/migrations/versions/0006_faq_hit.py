"""FAQ answers given per entry and month, for the statistics report.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_hit",
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("entry_id", sa.String(60), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "entry_id", name=op.f("pk_faq_hit")),
    )


def downgrade() -> None:
    op.drop_table("faq_hit")
