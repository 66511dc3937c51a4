"""Which service a member's message in the group is for.

A reply to a bot message goes by what that message is: its outbox row is read once, and
the owner of the row's family (FAMILIES, built in ReplyRouter) takes it; a reply no owner
takes (to an unknown message, or one the owner turns down) is an answer to the session. A
plain message is the answer the member's /actie dialog waits for, else an answer to the
session. Each is one unit of work, passed to every service it reaches.

The same table says what a family's owner does once one of its rows is settled (sent or
given up): the handler of `OutboxSettled` for rows of a family.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.services.actions.actions import QUIET, ActionService, MemberReply
from bot.services.actions.dialog import ActionDialog
from bot.services.actions.reminders import ReminderService
from bot.services.common import Views
from bot.services.events import OutboxSettled
from bot.services.session.marks import MarkService, MemberReplyToBoard
from bot.services.session.sessions import SessionService
from storage.db import session_scope
from storage.models import OutboxMessage
from storage.repo import outbox as outbox_rows
from storage.values import Family

# What the action plan says back to a message it took: a notice, messages to refresh.
Outcome = tuple[str | None, Views]


@dataclass(frozen=True)
class Taken:
    """What became of a member's text: the action plan's (its outcome), or an answer
    (stored or not) that may also have proposed an own item on a board (notice: what the
    member hears; "" for nothing, None when nothing was proposed)."""

    prompt_outcome: Outcome | None = None
    notice: str | None = None
    stored: bool = False


# A reply to one of the family's messages, in the unit of work; None: not the owner's
# after all (the reply is then an answer to the session).
OnReply = Callable[[Session, MemberReply, OutboxMessage], Taken | None]
# One of the family's rows, sent or given up, in that transaction; True when it queued
# another message.
OnSettled = Callable[[Session, OutboxMessage], bool]


@dataclass(frozen=True)
class Owner:
    """What the service that owns a family of bot messages does with them."""

    on_reply: OnReply | None = None
    on_settled: OnSettled | None = None


def _action_plan(take: Callable[[Session, MemberReply, OutboxMessage], Outcome | None]) -> OnReply:
    def on_reply(db: Session, said: MemberReply, row: OutboxMessage) -> Taken | None:
        outcome = take(db, said, row)
        return None if outcome is None else Taken(prompt_outcome=outcome)

    return on_reply


class ReplyRouter:
    def __init__(
        self,
        *,
        engine: Engine,
        sessions: SessionService,
        marks: MarkService,
        actions: ActionService,
        dialog: ActionDialog,
        reminders: ReminderService,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.marks = marks
        self.dialog = dialog
        action_reply = _action_plan(actions.reply)
        self.families: dict[Family, Owner] = {
            # The /actie dialog's questions: the answer to the question asked.
            Family.DIALOG: Owner(
                on_reply=_action_plan(dialog.reply), on_settled=dialog.outbox_settled
            ),
            # The action plan's other messages: a new text, date or owner; or the member
            # hears to use the buttons; or nothing, but never an answer to the session.
            Family.EDIT: Owner(on_reply=action_reply),
            Family.ACTION: Owner(on_reply=action_reply),
            Family.REMINDER: Owner(on_reply=action_reply, on_settled=reminders.outbox_settled),
            **{family: Owner(on_reply=action_reply) for family in QUIET},
            # A board: an own competence or activity proposed, and an answer all the same.
            Family.BOARD: Owner(on_reply=self._board_reply),
        }

    def reply(self, said: MemberReply) -> Taken:
        """A member's reply to one of the bot's messages, in one transaction."""
        with session_scope(self.engine) as db:
            row = outbox_rows.outbox_by_message(
                db, chat_id=said.chat_id, message_id=said.replied_to_id
            )
            owner = self.families.get(row.message_kind.family) if row is not None else None
            if row is not None and owner is not None and owner.on_reply is not None:
                taken = owner.on_reply(db, said, row)
                if taken is not None:
                    return taken
            return Taken(stored=self._answer(db, said, row))

    def plain(self, said: MemberReply, *, thread_id: int | None, edited: bool) -> Taken:
        """A message that replies to nothing, in one transaction: the answer the member's
        /actie dialog waits for, else an answer to the session's current question. An edit
        is never a dialog's answer: the dialog has moved on since it was first sent."""
        with session_scope(self.engine) as db:
            outcome = None if edited else self.dialog.plain(db, said, thread_id=thread_id)
            if outcome is not None:
                return Taken(prompt_outcome=outcome)
            stored = self.sessions.record_plain(
                db, chat_id=said.chat_id, message_id=said.message_id, who=said.who, text=said.text
            )
            return Taken(stored=stored)

    def outbox_settled(self, event: OutboxSettled) -> bool:
        """A row sent or given up: its family's owner follows up, if it does."""
        owner = self.families.get(event.row.message_kind.family)
        if owner is None or owner.on_settled is None:
            return False
        return owner.on_settled(event.db, event.row)

    def _board_reply(self, db: Session, said: MemberReply, board: OutboxMessage) -> Taken:
        proposal = MemberReplyToBoard(chat_id=said.chat_id, who=said.who, text=said.text)
        notice = self.marks.propose(db, proposal, board=board)
        return Taken(notice=notice, stored=self._answer(db, said, board))

    def _answer(self, db: Session, said: MemberReply, row: OutboxMessage | None) -> bool:
        return self.sessions.record_reply(
            db,
            chat_id=said.chat_id,
            message_id=said.message_id,
            who=said.who,
            text=said.text,
            replied_to=row,
            replied_to_id=said.replied_to_id,
            replied_to_text=said.replied_to_text,
        )
