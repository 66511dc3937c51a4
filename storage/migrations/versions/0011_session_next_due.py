"""work_session.next_due_at: the moment a running session next has something to do

Revision ID: 0011_session_next_due
Revises: 0010_hot_read_indexes
Create Date: 2026-12-03 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0011_session_next_due"
down_revision: str | None = "0010_hot_read_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Without it, every wake-up (and every replan after a command) read every running
    # session whole to find the few with a hulpvraag, warning or end due.
    with op.batch_alter_table("work_session") as table:
        table.add_column(
            sa.Column("next_due_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_index("ix_work_session_status_next_due", "work_session", ["status", "next_due_at"])
    # Sessions running during the upgrade: due at once, so the first wake-up after the
    # start looks at each and stores its real next moment (the deck decides it, not SQL).
    op.execute(
        "UPDATE work_session SET next_due_at = step_started_at "
        "WHERE status = 'running' AND step_started_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_work_session_status_next_due", table_name="work_session")
    with op.batch_alter_table("work_session") as table:
        table.drop_column("next_due_at")
