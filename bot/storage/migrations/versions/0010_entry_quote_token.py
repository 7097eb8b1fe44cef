"""The quote token of a teacher's LINE message in a request's thread, so a staff answer can quote it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_entry") as batch:  # SQLite alters by copying the table
        batch.add_column(sa.Column("quote_token", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ticket_entry") as batch:
        batch.drop_column("quote_token")
