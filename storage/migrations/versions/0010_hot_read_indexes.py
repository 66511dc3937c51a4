"""indexes for the hot reads: unsent heads, the next retry, a bot message by id, reminders by status

Revision ID: 0010_hot_read_indexes
Revises: 0007_method
Create Date: 2026-12-03 09:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_hot_read_indexes"
down_revision: str | None = "0007_method"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Sent rows stay (history, until retention): without these, every wake-up and every
    # reply to a bot message read the whole outbox.
    op.create_index("ix_outbox_status_chat", "outbox", ["status", "chat_id", "id"])
    op.create_index("ix_outbox_status_not_before", "outbox", ["status", "not_before"])
    op.create_index("ix_outbox_chat_message", "outbox", ["chat_id", "message_id"])
    op.create_index("ix_reminder_status_due", "reminder", ["status", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_reminder_status_due", table_name="reminder")
    op.drop_index("ix_outbox_chat_message", table_name="outbox")
    op.drop_index("ix_outbox_status_not_before", table_name="outbox")
    op.drop_index("ix_outbox_status_chat", table_name="outbox")
