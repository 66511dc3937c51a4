"""Members: the Telegram users the bot knows by id and name, and the groups it saw them in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import CompoundSelect, func, union
from sqlmodel import Session, col, select

from storage.models import Action, GroupMember, Member, Participant, WorkSession


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


# --- who was seen in which group -----------------------------------------------------------


def see_in_group(db: Session, *, chat_id: int, user_id: int, now: datetime) -> None:
    seen = db.get(GroupMember, (chat_id, user_id))
    if seen is None:
        seen = GroupMember(chat_id=chat_id, user_id=user_id, last_seen_at=now)
    seen.last_seen_at = now
    db.add(seen)


def group_member_ids(db: Session, *, chat_id: int) -> list[int]:
    """Members seen in the group, most recently seen first."""
    return list(
        db.exec(
            select(GroupMember.user_id)
            .where(GroupMember.chat_id == chat_id)
            .order_by(col(GroupMember.last_seen_at).desc(), col(GroupMember.user_id))
        ).all()
    )


def group_member_by_username(db: Session, *, chat_id: int, username: str) -> Member | None:
    """The member with this @username among those seen in the group."""
    wanted = username.lstrip("@").lower()
    return db.exec(
        select(Member)
        .join(GroupMember, col(GroupMember.user_id) == Member.id)
        .where(GroupMember.chat_id == chat_id, func.lower(Member.username) == wanted)
    ).first()


def people_of_chat(db: Session, *, chat_id: int) -> Sequence[Member]:
    """Everyone a message to this chat may name: whoever the bot saw in it (everyone who
    answered, too), took part in or chaired one of its sessions, or owns or made one of its
    actions. For a private chat: its member and the people of the groups they are in or
    own actions of."""
    if chat_id > 0:
        chats: CompoundSelect | list[int] = union(
            select(GroupMember.chat_id).where(GroupMember.user_id == chat_id),
            select(WorkSession.chat_id)
            .join(Participant, col(Participant.session_id) == WorkSession.id)
            .where(Participant.user_id == chat_id),
            select(Action.chat_id).where(Action.owner_id == chat_id),
        )
    else:
        chats = [chat_id]
    ids: CompoundSelect = union(
        select(GroupMember.user_id).where(col(GroupMember.chat_id).in_(chats)),
        select(Participant.user_id)
        .join(WorkSession, col(WorkSession.id) == Participant.session_id)
        .where(col(WorkSession.chat_id).in_(chats)),
        select(WorkSession.chair_id).where(col(WorkSession.chat_id).in_(chats)),
        select(Action.owner_id).where(
            col(Action.chat_id).in_(chats), col(Action.owner_id).is_not(None)
        ),
        select(Action.created_by).where(col(Action.chat_id).in_(chats)),
    )
    # A private chat's id is its member's; a group's is negative and names nobody.
    in_chat = col(Member.id).in_(ids) | (col(Member.id) == chat_id)
    return db.exec(select(Member).where(in_chat)).all()
