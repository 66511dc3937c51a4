"""Group chats: titles, the bot's presence, and migration to a supergroup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.models import (
    Action,
    ActionDraft,
    GroupChat,
    GroupMember,
    OutboxMessage,
    SummaryMark,
    TeamMeeting,
    TeamVacation,
    WorkSession,
)
from storage.values import OutboxStatus


def upsert_group(db: Session, *, chat_id: int, title: str, now: datetime) -> None:
    group = db.get(GroupChat, chat_id) or GroupChat(id=chat_id, title=title, updated_at=now)
    group.title = title
    group.updated_at = now
    db.add(group)


def set_group_active(db: Session, *, chat_id: int, title: str, active: bool, now: datetime) -> None:
    """The bot was removed from (False) or added back to (True) a group. Nothing is deleted."""
    group = db.get(GroupChat, chat_id) or GroupChat(id=chat_id, title=title, updated_at=now)
    group.title = title or group.title
    group.active = active
    group.updated_at = now
    db.add(group)


def inactive_group_ids(db: Session) -> set[int]:
    return set(db.exec(select(GroupChat.id).where(GroupChat.active == False)).all())  # noqa: E712


def move_group(db: Session, *, old_chat_id: int, new_chat_id: int, now: datetime) -> None:
    """The group became a supergroup with a new id: its sessions, actions, drafts, team
    meeting, vacations, the members seen there and undelivered messages move along. Answers
    keep the old id, because their message ids belong to the old chat."""
    for model in (WorkSession, Action, ActionDraft, TeamVacation, OutboxMessage):
        condition = [col(model.chat_id) == old_chat_id]
        if model is OutboxMessage:
            condition.append(
                col(OutboxMessage.status).in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
            )
        db.exec(update(model).where(*condition).values(chat_id=new_chat_id))
    # Members seen in both keep their row in the new group.
    seen_in_new = select(GroupMember.user_id).where(col(GroupMember.chat_id) == new_chat_id)
    db.exec(
        delete(GroupMember).where(
            col(GroupMember.chat_id) == old_chat_id, col(GroupMember.user_id).in_(seen_in_new)
        )
    )
    db.exec(
        update(GroupMember)
        .where(col(GroupMember.chat_id) == old_chat_id)
        .values(chat_id=new_chat_id)
    )
    for table in (TeamMeeting, SummaryMark):
        row = db.get(table, old_chat_id)
        if row is not None and db.get(table, new_chat_id) is None:
            db.exec(
                update(table).where(col(table.chat_id) == old_chat_id).values(chat_id=new_chat_id)
            )
    old = db.get(GroupChat, old_chat_id)
    title = old.title if old else ""
    if old is not None:
        old.migrated_to = new_chat_id
        old.active = False
        old.updated_at = now
        db.add(old)
    db.flush()
    set_group_active(db, chat_id=new_chat_id, title=title, active=True, now=now)


def group_titles(db: Session, *, chat_ids: Sequence[int]) -> dict[int, str]:
    if not chat_ids:
        return {}
    rows = db.exec(select(GroupChat).where(col(GroupChat.id).in_(list(chat_ids)))).all()
    return {group.id: group.title for group in rows}
