"""Linked sub-groups of one larger team: the codes chairs hand out, and which groups are
linked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.models import GroupLink, LinkCode


def add_link_code(
    db: Session, *, code: str, chat_id: int, created_by: int, now: datetime, expires_at: datetime
) -> LinkCode:
    row = LinkCode(
        code=code, chat_id=chat_id, created_by=created_by, created_at=now, expires_at=expires_at
    )
    db.add(row)
    db.flush()
    return row


def link_code(db: Session, *, code: str) -> LinkCode | None:
    return db.get(LinkCode, code)


def group_link(db: Session, *, chat_id: int) -> GroupLink | None:
    return db.get(GroupLink, chat_id)


def linked_chat_ids(db: Session, *, chat_id: int) -> list[int]:
    """The groups linked with this one, this one included: the group that handed out the
    first code, then the others in the order they joined; empty when it is linked with none."""
    rows = db.exec(select(GroupLink).where(col(GroupLink.chat_id).in_(linked_with(chat_id)))).all()
    rows = sorted(rows, key=lambda row: (row.chat_id != row.team_id, row.linked_at))
    return [row.chat_id for row in rows]


def linked_with(chat_id: int | ColumnElement[int]) -> SelectOfScalar[int]:
    """The ids of the groups linked with `chat_id` (a value or a parameter), itself
    included; none when it is linked with none. A query piece: people_of_chat reads it in
    the statement that names a chat's people."""
    team = select(GroupLink.team_id).where(GroupLink.chat_id == chat_id).scalar_subquery()
    return select(GroupLink.chat_id).where(GroupLink.team_id == team)


def link_group(db: Session, *, chat_id: int, team_id: int, by: int, now: datetime) -> None:
    link = db.get(GroupLink, chat_id) or GroupLink(
        chat_id=chat_id, team_id=team_id, linked_by=by, linked_at=now
    )
    link.team_id = team_id
    db.add(link)
    db.flush()


def unlink_group(db: Session, *, chat_id: int) -> None:
    db.exec(delete(GroupLink).where(col(GroupLink.chat_id) == chat_id))


def prune_link_codes(db: Session, *, before: datetime) -> None:
    """Codes expired before `before` tell nothing any more."""
    db.exec(delete(LinkCode).where(col(LinkCode.expires_at) < before))
