"""What every use case shares: who a member is, a refusal, a message to refresh, the one way
to queue a message in the outbox, and the one way to get a member's display name.

Every service stores a decision together with the messages it causes, in one transaction;
bot.telegram.delivery sends them afterwards. No Telegram here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from bot.core.mentions import named_people
from bot.core.requests import HEAVY_WINDOW, files_key, wait_left, whole_minutes
from bot.texts import formatting
from bot.texts import requests as request_texts
from storage.models import Member, OutboxMessage
from storage.repo import members as member_rows
from storage.repo import outbox as outbox_rows
from storage.values import Family, Kind, OutboxStatus, Priority


class Refusal(Exception):
    """The member asked for something that cannot be done; `text` says why, in Dutch."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None

    @property
    def name(self) -> str:
        return display_name(self)


@dataclass(frozen=True)
class MessageView:
    """A bot message to edit in place (the opening message, a mark board, a card). One
    still in the outbox has no message id yet (0) and is named by its outbox row: the edit
    waits behind it in the chat's queue."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: dict
    outbox_id: int | None = None

    @classmethod
    def of(cls, row: OutboxMessage | None, text: str, markup: dict) -> MessageView | None:
        """The view of a message the outbox sent or is to send; None when there is none."""
        if row is None or row.id is None or row.status == OutboxStatus.FAILED:
            return None
        return cls(row.chat_id, row.message_id or 0, text, markup, outbox_id=row.id)


@dataclass(frozen=True)
class Press:
    """A button pressed: where (the message it sits under) and by whom."""

    chat_id: int
    message_id: int
    who: Person
    # Whether Telegram says the presser administers the group; asked only for the buttons
    # whose rule counts it (bot.core.team.policy), False elsewhere.
    admin: bool = False


Views = tuple[MessageView, ...]
# What a button press answers: a short notice (or none) and the messages to refresh.
ButtonReply = tuple[str | None, Views]


class Place(Protocol):
    """Where a message goes: a group (and forum topic), or a private chat. Sessions,
    actions, drafts and team meetings are places."""

    @property
    def chat_id(self) -> int: ...

    @property
    def thread_id(self) -> int | None: ...


@dataclass(frozen=True)
class Chat:
    """A place that is no stored row, e.g. a member's private chat (its id is theirs)."""

    chat_id: int
    thread_id: int | None = None


# What answers a member's command or button; everything else is the session's own or the
# bot's clock's (cards, hulpvragen, warnings, wrap-ups, reminders, briefs) and goes first.
# A service that posts one kind for both (the poster, the summary) says which it is.
ANSWER_FAMILIES = frozenset(
    {
        Family.REPLY,
        Family.POSTER,
        Family.EXPORT,
        Family.CALENDAR,
        Family.ACTION,
        Family.EDIT,
        Family.CHANGED,
        Family.DONE,
        Family.HELP,
        Family.DIALOG,
        Family.DIALOG_CLOSED,
        Family.VACATION,
        Family.FORGOTTEN,
    }
)


def priority_of(kind: Kind) -> Priority:
    return Priority.ANSWER if kind.family in ANSWER_FAMILIES else Priority.SESSION


def send(
    db: Session,
    place: Place,
    kind: Kind,
    text: str,
    *,
    now: datetime,
    markup: dict | None = None,
    reply_to: int | None = None,
    pin: bool = False,
    document_name: str | None = None,
    attachment: dict | None = None,
    session_id: int | None = None,
    question_id: int | None = None,
    edits_message_id: int | None = None,
    edits_outbox_id: int | None = None,
    priority: Priority | None = None,
    request_key: str | None = None,
) -> OutboxMessage:
    """Queue one message; with `document_name`, `text` is the body of that file; with an
    `attachment` (bot.services.documents.attachments), `text` is the file's caption; with
    `edits_message_id` (or `edits_outbox_id`), not a new message but that one edited.
    `priority` defaults to the kind's (priority_of); `request_key` says who asked for it
    (bot.core.requests). The row is linked to the members it names (see `link_mentions`)."""
    priority = priority_of(kind) if priority is None else priority
    if edits_outbox_id is not None:
        # An edit must never overtake the message it edits.
        original = db.get(OutboxMessage, edits_outbox_id)
        if original is not None:
            priority = max(priority, Priority(original.priority))
    row = outbox_rows.enqueue(
        db,
        message=OutboxMessage(
            chat_id=place.chat_id,
            thread_id=place.thread_id,
            family=kind.family,
            ref=kind.stored_ref,
            detail=kind.detail,
            text=text,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            pin=pin,
            document_name=document_name,
            attachment=attachment,
            session_id=session_id,
            question_id=question_id,
            edits_message_id=edits_message_id,
            edits_outbox_id=edits_outbox_id,
            priority=priority,
            request_key=request_key,
            created_at=now,
        ),
    )
    link_mentions(db, row)
    return row


def link_mentions(db: Session, row: OutboxMessage, *, again: bool = False) -> None:
    """Link a queued message (`again`: one whose text was rewritten) to the members it
    names, among the people of its own chat: /vergeetmij blanks or withdraws what is linked
    to the member, and only that, also after they changed their name. A file holds no
    member text in its row (it is built from the database when sent): its caption counts."""
    people = member_rows.people_of_chat(db, chat_id=row.chat_id)
    names = {m.id: [display_name(m), f"@{m.username}" if m.username else ""] for m in people}
    contents = [row.text]
    if row.reply_markup:
        contents.append(json.dumps(row.reply_markup, ensure_ascii=False))
    named = named_people(names, contents)
    outbox_rows.link_mentions(db, outbox_id=row.id, user_ids=named, again=again)


def heavy_request(db: Session, *, chat_id: int, who: Person, command: str, now: datetime) -> str:
    """The request key for the files of a heavy command (bot.core.requests); a Refusal
    saying how long to wait when the member had them sent in this chat just now."""
    key = files_key(who.id, command)
    earlier = outbox_rows.requested(db, chat_id=chat_id, request_key=key, since=now - HEAVY_WINDOW)
    wait = wait_left(earlier[0].created_at if earlier else None, now, HEAVY_WINDOW)
    if wait is not None:
        raise Refusal(request_texts.just_sent(command, whole_minutes(wait)))
    return key


def remember(db: Session, person: Person, *, now: datetime) -> Member:
    """Store (or refresh) the member as Telegram shows them now."""
    return member_rows.upsert_member(
        db,
        user_id=person.id,
        first_name=person.first_name,
        last_name=person.last_name,
        username=person.username,
        now=now,
    )


class Named(Protocol):
    @property
    def first_name(self) -> str: ...

    @property
    def last_name(self) -> str | None: ...


def display_name(someone: Named) -> str:
    """A stored member's or a person's name as members see it."""
    return formatting.display_name(someone.first_name, someone.last_name)


def member_names(db: Session, user_ids: Iterable[int]) -> dict[int, str]:
    """Display names by user id; "?" for one the bot does not know (or forgot)."""
    ids = list(dict.fromkeys(user_ids))
    members = member_rows.members_by_id(db, user_ids=ids)
    return {
        uid: display_name(m) if (m := members.get(uid)) else formatting.UNKNOWN_NAME for uid in ids
    }


def member_name(db: Session, user_id: int) -> str:
    # db.get reads the session's identity map first: cheap in a loop.
    member = db.get(Member, user_id)
    return display_name(member) if member else formatting.UNKNOWN_NAME
