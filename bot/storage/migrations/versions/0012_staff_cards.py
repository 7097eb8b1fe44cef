"""Staff work from LINE: which request a sent card is about (so a quoting answer finds it), staff menus linked.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.types import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:  # SQLite alters by copying the table
        batch.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
    op.create_table(
        "sent_card",
        sa.Column("line_message_id", sa.String(40), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], name=op.f("fk_sent_card_ticket_id_ticket"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("line_message_id", name=op.f("pk_sent_card")),
    )
    op.create_index(op.f("ix_sent_card_ticket_id"), "sent_card", ["ticket_id"])
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(sa.Column("line_menu_id", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("line_menu_id")
    op.drop_index(op.f("ix_sent_card_ticket_id"), table_name="sent_card")
    op.drop_table("sent_card")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("ticket_id")
