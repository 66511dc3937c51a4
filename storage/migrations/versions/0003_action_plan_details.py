"""action plan details: group titles, replies from the outbox, reminder -> outbox, draft kind

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 19:51:21.935751
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "groupchat",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actiondraft", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("guided", sa.Boolean(), nullable=False, server_default=sa.true())
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_to_message_id", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outbox_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_reminder_outbox_id", "outbox", ["outbox_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_constraint("fk_reminder_outbox_id", type_="foreignkey")
        batch_op.drop_column("outbox_id")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("reply_to_message_id")

    with op.batch_alter_table("actiondraft", schema=None) as batch_op:
        batch_op.drop_column("guided")

    op.drop_table("groupchat")
