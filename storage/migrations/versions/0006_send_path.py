"""send path: edits through the outbox, claim times indexed for the bot-wide pace

Revision ID: 0006_send_path
Revises: 0005
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_send_path"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edits_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("edits_outbox_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_claimed_at"), ["claimed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_claimed_at"))
        batch_op.drop_column("edits_outbox_id")
        batch_op.drop_column("edits_message_id")
