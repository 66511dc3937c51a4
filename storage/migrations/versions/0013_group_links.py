"""link_code and group_link: sub-groups of a larger team, linked by their chairs (/koppel)

Revision ID: 0013_group_links
Revises: 0012_outbox_priority
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0013_group_links"
down_revision: str | None = "0012_outbox_priority"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_code",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_by_chat", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_link_code_chat_id", "link_code", ["chat_id"])
    op.create_table(
        "group_link",
        sa.Column("chat_id", sa.BigInteger(), primary_key=True),
        sa.Column("team_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_by", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_group_link_team_id", "group_link", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_group_link_team_id", table_name="group_link")
    op.drop_table("group_link")
    op.drop_index("ix_link_code_chat_id", table_name="link_code")
    op.drop_table("link_code")
