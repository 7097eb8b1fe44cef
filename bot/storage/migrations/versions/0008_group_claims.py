"""School groups: a group's claim to be a school's group waits for staff approval.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("school_group") as batch:
        batch.add_column(sa.Column("approved_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("approved_by", sa.String(120), nullable=True))
    # Links made before approval existed were trusted as they were: they stay in force.
    op.execute("UPDATE school_group SET approved_at = linked_at, approved_by = 'migration' "
               "WHERE linked_at IS NOT NULL AND (school_code IS NOT NULL OR area_wide)")


def downgrade() -> None:
    with op.batch_alter_table("school_group") as batch:
        batch.drop_column("approved_by")
        batch.drop_column("approved_at")
