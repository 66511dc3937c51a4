"""outbox_mention: which members each outbox message names

Revision ID: 0014_mentions
Revises: 0013_group_links
Create Date: 2026-12-06 03:00:00
"""

import html
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_mentions"
down_revision: str | None = "0013_group_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # /vergeetmij follows these links instead of searching every group's messages for a
    # name (bot.services.common links each new message when it is queued).
    op.create_table(
        "outbox_mention",
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"]),
        sa.PrimaryKeyConstraint("outbox_id", "user_id"),
    )
    op.create_index("ix_outbox_mention_user_id", "outbox_mention", ["user_id"])
    _link_existing_messages()


def _link_existing_messages() -> None:
    """Messages already stored: linked to the members seen in their group whose name or
    mention link they carry, the way the old /vergeetmij searched, but per group (a % or _
    in a name only matches a little wider: this runs once); a file to all of them, as
    bot.services.common links new ones."""
    connection = op.get_bind()
    seen = connection.execute(
        sa.text(
            "SELECT g.chat_id, m.id, m.first_name, m.last_name, m.username "
            "FROM group_member g JOIN member m ON m.id = g.user_id"
        )
    ).all()
    link = sa.text(
        "INSERT INTO outbox_mention (outbox_id, user_id) "
        "SELECT o.id, :user_id FROM outbox o WHERE o.chat_id = :chat_id "
        "AND (o.document_name IS NOT NULL OR o.text LIKE :name OR o.text LIKE :link "
        "OR (:username <> '' AND o.text LIKE :at)) "
        "AND NOT EXISTS (SELECT 1 FROM outbox_mention x "
        "WHERE x.outbox_id = o.id AND x.user_id = :user_id)"
    )
    for chat_id, user_id, first_name, last_name, username in seen:
        name = f"{first_name} {last_name}".strip() if last_name else first_name
        connection.execute(
            link,
            {
                "chat_id": chat_id,
                "user_id": user_id,
                "name": f"%{html.escape(name, quote=False)}%",
                "link": f'%tg://user?id={user_id}"%',
                "username": username or "",
                "at": f"%@{username or ''}%",
            },
        )


def downgrade() -> None:
    op.drop_index("ix_outbox_mention_user_id", table_name="outbox_mention")
    op.drop_table("outbox_mention")
