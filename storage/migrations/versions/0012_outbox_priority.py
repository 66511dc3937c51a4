"""outbox.priority and outbox.request_key: the session's messages before answers to
commands, and who asked for what (repeated commands, heavy commands)

Revision ID: 0012_outbox_priority
Revises: 0011_session_next_due
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_outbox_priority"
down_revision: str | None = "0011_session_next_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows queued before the upgrade all get priority 0, so their order stays as it was.
    with op.batch_alter_table("outbox") as table:
        table.add_column(
            sa.Column("priority", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        table.add_column(sa.Column("request_key", sa.String(length=120), nullable=True))
    # Each chat's head is now its first unsent row by priority, then id.
    op.drop_index("ix_outbox_status_chat", table_name="outbox")
    op.create_index(
        "ix_outbox_status_chat_priority", "outbox", ["status", "chat_id", "priority", "id"]
    )
    # Every answer to a command looks for the same member's same command just before.
    op.create_index("ix_outbox_chat_request", "outbox", ["chat_id", "request_key"])


def downgrade() -> None:
    op.drop_index("ix_outbox_chat_request", table_name="outbox")
    op.drop_index("ix_outbox_status_chat_priority", table_name="outbox")
    op.create_index("ix_outbox_status_chat", "outbox", ["status", "chat_id", "id"])
    with op.batch_alter_table("outbox") as table:
        table.drop_column("request_key")
        table.drop_column("priority")
