"""outbox.kind ("family:ref:detail") becomes the columns family, ref and detail

Revision ID: 0016_outbox_kind_columns
Revises: 0015_membership
Create Date: 2026-12-06 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_outbox_kind_columns"
down_revision: str | None = "0015_membership"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The table as this migration sees it, whatever the models say later.
outbox = sa.table(
    "outbox",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("family", sa.String),
    sa.column("ref", sa.String),
    sa.column("detail", sa.String),
)

BATCH = 1000


# No batch mode: on SQLite it copies the table, and dropping the old one breaks the
# foreign keys of outbox_mention and reminder (enforced, and not to be switched off inside
# the migration's transaction). SQLite (3.35+) adds and drops these columns in place, and a
# NOT NULL column added in place needs a default, which PostgreSQL drops again.


def upgrade() -> None:
    _add_required("family", sa.String(length=32))
    op.add_column("outbox", sa.Column("ref", sa.String(), nullable=True))
    op.add_column("outbox", sa.Column("detail", sa.String(), nullable=True))
    # In Python: SQLite and PostgreSQL split strings with different functions, and this
    # is the last place a kind string is ever split.
    db = op.get_bind()
    rows = db.execute(sa.select(outbox.c.id, outbox.c.kind)).all()
    split = []
    for row_id, kind in rows:
        family, *rest = kind.split(":", 2)
        split.append(
            {
                "row_id": row_id,
                "family": family,
                "ref": rest[0] if rest else None,
                "detail": rest[1] if len(rest) > 1 else None,
            }
        )
    _update(
        db,
        outbox.update()
        .where(outbox.c.id == sa.bindparam("row_id"))
        .values(
            family=sa.bindparam("family"), ref=sa.bindparam("ref"), detail=sa.bindparam("detail")
        ),
        split,
    )
    _drop_default("family", sa.String(length=32))
    op.drop_column("outbox", "kind")


def downgrade() -> None:
    _add_required("kind", sa.String())
    db = op.get_bind()
    rows = db.execute(sa.select(outbox.c.id, outbox.c.family, outbox.c.ref, outbox.c.detail)).all()
    joined = [
        {
            "row_id": row_id,
            "kind": ":".join(part for part in (family, ref, detail) if part is not None),
        }
        for row_id, family, ref, detail in rows
    ]
    _update(
        db,
        outbox.update()
        .where(outbox.c.id == sa.bindparam("row_id"))
        .values(kind=sa.bindparam("kind")),
        joined,
    )
    _drop_default("kind", sa.String())
    for name in ("detail", "ref", "family"):
        op.drop_column("outbox", name)


def _update(db: sa.Connection, statement: sa.Update, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.execute(statement, rows[start : start + BATCH])


def _add_required(name: str, type_: sa.types.TypeEngine) -> None:
    op.add_column("outbox", sa.Column(name, type_, nullable=False, server_default=""))


def _drop_default(name: str, type_: sa.types.TypeEngine) -> None:
    """Every row has its value now; new rows must bring their own."""
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("outbox", name, existing_type=type_, server_default=None)
