"""Follow-up of answered requests: when it is due, when it was asked, where it stands.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("followup_state", sa.String(12), nullable=True))
        batch.add_column(sa.Column("followup_due_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("followup_asked_at", UTCDateTime(), nullable=True))
        batch.create_index(batch.f("ix_ticket_followup_due_at"), ["followup_due_at"])


def downgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.drop_index(batch.f("ix_ticket_followup_due_at"))
        batch.drop_column("followup_asked_at")
        batch.drop_column("followup_due_at")
        batch.drop_column("followup_state")
