"""group_member.left_at: a member who left or was removed is no member for any rule

Revision ID: 0015_membership
Revises: 0014_mentions
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0015_membership"
down_revision: str | None = "0014_mentions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Everyone seen so far counts as a member until Telegram says they left.
    with op.batch_alter_table("group_member") as table:
        table.add_column(
            sa.Column("left_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("group_member") as table:
        table.drop_column("left_at")
