"""school calendar: team vacations, skipped meetings, reminder deadlines

Revision ID: 0008_school_calendar
Revises: 0006_send_path
Create Date: 2026-12-01 21:43:36.842045
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0008_school_calendar"
down_revision: str | None = "0006_send_path"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_vacation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("team_vacation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_vacation_chat_id"), ["chat_id"], unique=False)

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline", sa.Date(), nullable=True))

    with op.batch_alter_table("teammeeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("skipped", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("teammeeting", schema=None) as batch_op:
        batch_op.drop_column("skipped")

    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_column("deadline")

    with op.batch_alter_table("team_vacation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_vacation_chat_id"))

    op.drop_table("team_vacation")
