"""A staff member's LINE account, bound with a one-time code shown on the admin page.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:  # SQLite alters by copying the table
        batch.add_column(sa.Column("line_user_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("line_code_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("line_code_expires_at", UTCDateTime(), nullable=True))
        batch.create_unique_constraint(op.f("uq_staff_user_line_user_id"), ["line_user_id"])


def downgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_constraint(op.f("uq_staff_user_line_user_id"), type_="unique")
        batch.drop_column("line_code_expires_at")
        batch.drop_column("line_code_hash")
        batch.drop_column("line_user_id")
