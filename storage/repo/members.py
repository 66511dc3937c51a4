"""Members: the Telegram users the bot knows by id and name, and the groups it saw them in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, ColumnElement, CompoundSelect, bindparam, func, union
from sqlmodel import Session, col, select

from storage.models import Action, GroupMember, Member, Participant, WorkSession

from .links import linked_with


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


def members_by_id(db: Session, *, user_ids: Sequence[int]) -> dict[int, Member]:
    if not user_ids:
        return {}
    rows = db.exec(select(Member).where(col(Member.id).in_(list(user_ids)))).all()
    return {member.id: member for member in rows}


# --- who was seen in which group, and who is still there --------------------------------


def see_in_group(
    db: Session, *, chat_id: int, user_id: int, now: datetime, present: bool = False
) -> None:
    """Seen in the group. A member who left stays gone, unless `present` (Telegram showed
    them joining, or sending a message there, which only members can)."""
    seen = db.get(GroupMember, (chat_id, user_id))
    if seen is None:
        seen = GroupMember(chat_id=chat_id, user_id=user_id, last_seen_at=now)
    seen.last_seen_at = now
    if present:
        seen.left_at = None
    db.add(seen)


def is_group_member(db: Session, *, chat_id: int, user_id: int) -> bool:
    seen = db.get(GroupMember, (chat_id, user_id))
    return seen is not None and seen.left_at is None


def mark_left(db: Session, *, chat_id: int, user_id: int, now: datetime) -> bool:
    """The member left or was removed. True when that is news (they counted as a member)."""
    seen = db.get(GroupMember, (chat_id, user_id))
    if seen is not None and seen.left_at is not None:
        return False
    if seen is None:
        seen = GroupMember(chat_id=chat_id, user_id=user_id, last_seen_at=now)
    seen.left_at = now
    db.add(seen)
    db.flush()
    return True


def mark_joined(db: Session, *, chat_id: int, user_id: int, now: datetime) -> bool:
    """The member joined or came back. True when they had left before."""
    seen = db.get(GroupMember, (chat_id, user_id))
    back = seen is not None and seen.left_at is not None
    see_in_group(db, chat_id=chat_id, user_id=user_id, now=now, present=True)
    db.flush()
    return back


def _present():
    return col(GroupMember.left_at).is_(None)


def group_member_ids(db: Session, *, chat_id: int) -> list[int]:
    """Members of the group (seen there, not left since), most recently seen first."""
    return list(
        db.exec(
            select(GroupMember.user_id)
            .where(GroupMember.chat_id == chat_id, _present())
            .order_by(col(GroupMember.last_seen_at).desc(), col(GroupMember.user_id))
        ).all()
    )


def present_member_ids(db: Session, *, chat_id: int, user_ids: Sequence[int]) -> set[int]:
    """Which of these users are members of the group now."""
    if not user_ids:
        return set()
    return set(
        db.exec(
            select(GroupMember.user_id).where(
                GroupMember.chat_id == chat_id,
                col(GroupMember.user_id).in_(list(user_ids)),
                _present(),
            )
        ).all()
    )


def member_group_ids(db: Session, *, user_id: int) -> set[int]:
    """The groups this user is a member of now."""
    return set(
        db.exec(select(GroupMember.chat_id).where(GroupMember.user_id == user_id, _present())).all()
    )


def group_member_by_username(db: Session, *, chat_id: int, username: str) -> Member | None:
    """The member with this @username among the group's members (never another group's)."""
    wanted = username.lstrip("@").lower()
    return db.exec(
        select(Member)
        .join(GroupMember, col(GroupMember.user_id) == Member.id)
        .where(
            GroupMember.chat_id == chat_id,
            func.lower(Member.username) == wanted,
            _present(),
        )
    ).first()


class NameOf(NamedTuple):
    """A member's names, without the rest of the row."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None


def people_of_chat(db: Session, *, chat_id: int) -> list[NameOf]:
    """Everyone a message to this chat may name: whoever the bot saw in it (everyone who
    answered, too), took part in or chaired one of its sessions, or owns or made one of its
    actions. For a private chat: its member and the people of the groups they are in or
    own actions of. A group linked with others (bot.services.team.links) may name their
    trekkers too: the terugkoppeling lists every sub-group's actions with their owners."""
    statement = _people_of(private=chat_id > 0)
    return [NameOf(*row) for row in db.exec(statement, params={"chat_id": chat_id}).all()]


@cache
def _people_of(*, private: bool):
    """Read for every message queued: built once (a private chat's and a group's), with
    the chat as its parameter, and names only, not whole members."""
    chat_id: BindParameter[int] = bindparam("chat_id")
    if private:
        chats = union(
            select(GroupMember.chat_id).where(GroupMember.user_id == chat_id),
            select(WorkSession.chat_id)
            .join(Participant, col(Participant.session_id) == WorkSession.id)
            .where(Participant.user_id == chat_id),
            select(Action.chat_id).where(Action.owner_id == chat_id),
        )

        def in_chats(column: Any) -> ColumnElement[bool]:
            return col(column).in_(chats)
    else:
        # The group, and the groups linked with it (bot.services.team.links).
        linked = linked_with(chat_id)

        def in_chats(column: Any) -> ColumnElement[bool]:
            return (col(column) == chat_id) | col(column).in_(linked)

    ids: CompoundSelect = union(
        select(GroupMember.user_id).where(in_chats(GroupMember.chat_id)),
        select(Participant.user_id)
        .join(WorkSession, col(WorkSession.id) == Participant.session_id)
        .where(in_chats(WorkSession.chat_id)),
        select(WorkSession.chair_id).where(in_chats(WorkSession.chat_id)),
        select(Action.owner_id).where(in_chats(Action.chat_id), col(Action.owner_id).is_not(None)),
        select(Action.created_by).where(in_chats(Action.chat_id)),
    )
    # A private chat's id is its member's; a group's is negative and names nobody.
    in_chat = col(Member.id).in_(ids) | (col(Member.id) == chat_id)
    return select(Member.id, Member.first_name, Member.last_name, Member.username).where(in_chat)
