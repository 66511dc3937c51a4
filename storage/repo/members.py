"""Members: the Telegram users the bot knows by id and name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import Member


def upsert_member(
    db: Session,
    *,
    user_id: int,
    first_name: str,
    last_name: str | None,
    username: str | None,
    now: datetime,
) -> Member:
    member = db.get(Member, user_id)
    if member is None:
        member = Member(id=user_id, first_name=first_name, updated_at=now)
    member.first_name = first_name
    member.last_name = last_name
    member.username = username
    member.updated_at = now
    db.add(member)
    return member


def member_by_username(db: Session, *, username: str) -> Member | None:
    wanted = username.lstrip("@").lower()
    return db.exec(select(Member).where(func.lower(Member.username) == wanted)).first()


def members_by_id(db: Session, *, user_ids: Sequence[int]) -> dict[int, Member]:
    if not user_ids:
        return {}
    rows = db.exec(select(Member).where(col(Member.id).in_(list(user_ids)))).all()
    return {member.id: member for member in rows}
