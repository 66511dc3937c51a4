"""The outbox: messages the bot is to send, is sending or has sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy
from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    update,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import GroupChat, OutboxMention, OutboxMessage
from storage.values import Kind, OutboxStatus

from ._shared import _held_groups


def is_kind(kind: Kind) -> ColumnElement[bool]:
    """The rows that are exactly this kind (a missing ref or detail must be missing)."""
    return and_(
        col(OutboxMessage.family) == kind.family,
        *(
            col(column).is_(None) if value is None else col(column) == value
            for column, value in (
                (OutboxMessage.ref, kind.stored_ref),
                (OutboxMessage.detail, kind.detail),
            )
        ),
    )


def enqueue(db: Session, *, message: OutboxMessage) -> OutboxMessage:
    db.add(message)
    db.flush()
    return message


@dataclass(frozen=True)
class Head:
    """What the senders need to know of a chat's first undelivered row (not its text)."""

    chat_id: int
    status: OutboxStatus
    not_before: datetime | None


UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def _queue_order() -> tuple:
    """A chat's queue: the row being sent first (while one is in flight nobody sends the
    chat's next, whatever its priority), then by priority, then in the order queued."""
    in_flight = case((col(OutboxMessage.status) == OutboxStatus.SENDING, 0), else_=1)
    return (in_flight, col(OutboxMessage.priority), col(OutboxMessage.id))


def outbox_heads(db: Session) -> list[Head]:
    """Each chat's first message not yet delivered (see _queue_order), but for groups the
    bot was removed from (their messages wait until it is back). Only a head is ever
    sent, so a chat's messages keep their order, also across processes: while one process
    is sending a chat's head (status `sending`), nobody sends that chat's next message.
    A head's `not_before` is the latest of its chat's: a wait Telegram or the pace set
    holds the chat, also for a message of higher priority queued after it."""
    rows = db.exec(_heads()).all()
    return [Head(chat_id, OutboxStatus(status), not_before) for chat_id, status, not_before in rows]


# The outbox's statements run for every message sent: built once, with the chat or row as
# a parameter (building one took SQLAlchemy longer than running it).
@cache
def _heads():
    ranked = (
        sqlalchemy.select(
            col(OutboxMessage.id).label("id"),
            col(OutboxMessage.chat_id).label("chat_id"),
            col(OutboxMessage.status).label("status"),
            func.max(OutboxMessage.not_before)
            .over(partition_by=col(OutboxMessage.chat_id))
            .label("not_before"),
            func.row_number()
            .over(partition_by=col(OutboxMessage.chat_id), order_by=_queue_order())
            .label("place"),
        )
        .where(col(OutboxMessage.status).in_(UNSENT))
        .subquery()
    )
    return (
        select(ranked.c.chat_id, ranked.c.status, ranked.c.not_before)
        .where(ranked.c.place == 1, ranked.c.chat_id.not_in(_held_groups()))
        .order_by(ranked.c.id)
    )


def claim_outbox(db: Session, *, message_id: int, now: datetime) -> bool:
    """Move one row from pending to sending; False when someone else got it first."""
    result = db.exec(_claim(), params={"row_id": message_id, "now": now})
    return result.rowcount == 1


@cache
def _claim():
    return (
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == bindparam("row_id"),
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(
            status=OutboxStatus.SENDING,
            claimed_at=bindparam("now"),
            attempts=OutboxMessage.attempts + 1,
        )
    )


def earliest_retry() -> ScalarSelect:
    """When the first waiting chat may send again (a chat waits for its latest
    `not_before`, see outbox_heads)."""
    per_chat = (
        select(func.max(OutboxMessage.not_before).label("until"))
        .where(OutboxMessage.status == OutboxStatus.PENDING)
        .group_by(col(OutboxMessage.chat_id))
        .subquery()
    )
    return select(func.min(per_chat.c.until)).scalar_subquery()


def recent_send_times(db: Session, *, chat_id: int, since: datetime) -> list[datetime]:
    """When the bot's messages to this chat were accepted, newest first."""
    sent_times = db.exec(
        select(OutboxMessage.sent_at)
        .where(
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.status == OutboxStatus.SENT,
            col(OutboxMessage.sent_at) >= since,
        )
        .order_by(col(OutboxMessage.sent_at).desc())
    ).all()
    return [when for when in sent_times if when is not None]


def outbox_message(db: Session, *, session_id: int, kind: Kind) -> OutboxMessage | None:
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.session_id == session_id, is_kind(kind))
        .order_by(col(OutboxMessage.id).desc())
    ).first()


def settle_expired_claims(db: Session, *, claimed_before: datetime) -> int:
    """Rows whose sender died mid-send (its claim outlived the lease). Telegram may well
    have shown them, so they are not sent again: a doubled card or reminder is worse than
    a missing message id, and replies to such a message are still matched by its text."""
    result = db.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.status) == OutboxStatus.SENDING,
            # No claim time: claimed before leases existed, so long ago.
            or_(
                col(OutboxMessage.claimed_at) <= claimed_before,
                col(OutboxMessage.claimed_at).is_(None),
            ),
        )
        .values(status=OutboxStatus.SENT, last_error="sender stopped mid-send; not resent")
    )
    return result.rowcount


def outbox_by_message(db: Session, *, chat_id: int, message_id: int) -> OutboxMessage | None:
    """The outbox row that became this bot message (a member's reply is routed by it once,
    bot.services.reply_routing)."""
    return db.exec(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == chat_id, OutboxMessage.message_id == message_id
        )
    ).first()


def latest_outbox_of_kind(db: Session, *, chat_id: int, kind: Kind) -> OutboxMessage | None:
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, is_kind(kind))
        .order_by(col(OutboxMessage.id).desc())
    ).first()


def chat_has_unsent(db: Session, *, chat_id: int) -> bool:
    """Whether anything of this chat's is still to be delivered."""
    return db.exec(_unsent_of_chat(), params={"chat_id": chat_id}).first() is not None


@cache
def _unsent_of_chat():
    return (
        select(OutboxMessage.id)
        .where(OutboxMessage.chat_id == bindparam("chat_id"), col(OutboxMessage.status).in_(UNSENT))
        .limit(1)
    )


@dataclass(frozen=True)
class ChatHead:
    """A chat's first undelivered row, and what holds the chat: the latest `not_before` of
    its unsent rows (see outbox_heads) and whether the bot is out of the group."""

    row: OutboxMessage
    not_before: datetime | None
    held: bool


def chat_head(db: Session, *, chat_id: int) -> ChatHead | None:
    """One chat's first message not yet delivered (see outbox_heads), with what holds the
    chat: one statement, read before every message the bot sends."""
    found = db.exec(_chat_head(), params={"chat_id": chat_id}).first()
    if found is None:
        return None
    row, not_before, held = found
    return ChatHead(row, not_before, bool(held))  # SQLite answers EXISTS with 0 or 1


@cache
def _chat_head():
    chat_id = bindparam("chat_id")
    unsent_of_chat = aliased(OutboxMessage)
    waits_until = (
        select(func.max(unsent_of_chat.not_before))
        .where(unsent_of_chat.chat_id == chat_id, col(unsent_of_chat.status).in_(UNSENT))
        .scalar_subquery()
    )
    held = _held_groups().where(GroupChat.id == chat_id).exists()
    return (
        select(OutboxMessage, waits_until, held)
        .where(OutboxMessage.chat_id == chat_id, col(OutboxMessage.status).in_(UNSENT))
        .order_by(*_queue_order())
        .limit(1)
    )


def claim_times(db: Session, *, since: datetime, limit: int) -> list[datetime]:
    """When messages to any chat were last handed to Telegram, newest first. Claims, not
    sends: a message in flight already uses its slot of the bot-wide rate."""
    claimed = db.exec(
        select(OutboxMessage.claimed_at)
        .where(col(OutboxMessage.claimed_at) >= since)
        .order_by(col(OutboxMessage.claimed_at).desc())
        .limit(limit)
    ).all()
    return [when for when in claimed if when is not None]


def bring_pending_edit_up_to_date(
    db: Session,
    *,
    chat_id: int,
    message_id: int | None,
    outbox_id: int | None,
    text: str,
    markup: dict | None,
) -> list[int]:
    """Give an edit of this bot message (by Telegram's id, or by the outbox row it was
    sent from) that has not been tried yet the newest text; the rows it changed (none
    when there is no such edit).
    One conditional UPDATE rather than read-then-write: on PostgreSQL delivery may claim
    the row in between, and a text written onto a row already being sent would be lost."""
    target = (
        col(OutboxMessage.edits_message_id) == message_id
        if message_id
        else col(OutboxMessage.edits_outbox_id) == outbox_id
    )
    result = db.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.chat_id) == chat_id,
            target,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
            col(OutboxMessage.attempts) == 0,
        )
        .values(text=text, reply_markup=markup)
        .returning(col(OutboxMessage.id))
        .execution_options(synchronize_session=False)
    )
    return list(result.scalars().all())


def oldest_unsent(db: Session, *, except_chats: set[int]) -> datetime | None:
    """When the oldest message still waiting to be delivered was queued."""
    query = select(func.min(OutboxMessage.created_at)).where(
        col(OutboxMessage.status).in_((OutboxStatus.PENDING, OutboxStatus.SENDING))
    )
    if except_chats:
        query = query.where(col(OutboxMessage.chat_id).not_in(except_chats))
    return db.exec(query).one()


def link_mentions(db: Session, *, outbox_id: int, user_ids: Iterable[int], again: bool) -> None:
    """Record that this message names these members; `again`: its text was rewritten, so
    the links of the text it had go first."""
    if again:
        db.exec(delete(OutboxMention).where(col(OutboxMention.outbox_id) == outbox_id))
    for user_id in sorted(set(user_ids)):
        db.add(OutboxMention(outbox_id=outbox_id, user_id=user_id))
    db.flush()


def requested(
    db: Session, *, chat_id: int, request_key: str, since: datetime
) -> list[OutboxMessage]:
    """This chat's rows for the request (bot.core.requests) queued since then or still
    unsent, newest first."""
    return list(
        db.exec(
            select(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.request_key == request_key,
                or_(
                    col(OutboxMessage.created_at) >= since,
                    col(OutboxMessage.status).in_(UNSENT),
                ),
            )
            .order_by(col(OutboxMessage.id).desc())
        ).all()
    )


def rewrite_untried(
    db: Session, *, message_id: int, text: str, markup: dict | None, reply_to: int | None
) -> bool:
    """Give a row that was never tried a new text; False when delivery took it meanwhile
    (one conditional UPDATE, as in bring_pending_edit_up_to_date)."""
    result = db.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == message_id,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
            col(OutboxMessage.attempts) == 0,
        )
        .values(text=text, reply_markup=markup, reply_to_message_id=reply_to)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount > 0


def drop_untried(db: Session, *, message_ids: list[int], reason: str) -> int:
    """Rows that will not be sent after all (a newer answer replaces them); kept as failed
    for the record. Only rows never tried: one in flight is Telegram's already."""
    result = db.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_(message_ids),
            col(OutboxMessage.status) == OutboxStatus.PENDING,
            col(OutboxMessage.attempts) == 0,
        )
        .values(status=OutboxStatus.FAILED, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def answers_to(db: Session, *, chat_id: int, message_id: int) -> list[OutboxMessage]:
    """The bot's messages queued as replies to this member message, oldest first."""
    return list(
        db.exec(
            select(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.reply_to_message_id == message_id,
            )
            .order_by(col(OutboxMessage.id))
        ).all()
    )
