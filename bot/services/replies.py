"""Answers to a member's command or button, and refreshed bot messages, queued in the
outbox like every other message: they wait out a flood ban in their chat's queue, in
order, instead of making the handler (and every other chat) wait. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.services.common import Chat, link_mentions, send
from storage import repo
from storage.db import session_scope
from storage.models import OutboxMessage
from storage.values import Family, Kind

REPLY = Kind(Family.REPLY)
REFRESH = Kind(Family.REFRESH)


class Replies:
    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    def reply(
        self,
        *,
        chat_id: int,
        thread_id: int | None,
        to_message_id: int | None,
        texts: Sequence[str],
        markup: dict | None = None,
    ) -> None:
        """One or more messages answering a member's message (as replies, in its topic).
        The markup goes under the last one."""
        where, now = Chat(chat_id, thread_id), self.clock.now()
        with session_scope(self.engine) as db:
            for number, text in enumerate(texts, start=1):
                send(
                    db,
                    where,
                    REPLY,
                    text,
                    now=now,
                    markup=markup if number == len(texts) else None,
                    reply_to=to_message_id,
                )

    def refresh(
        self,
        *,
        chat_id: int,
        message_id: int,
        outbox_id: int | None,
        text: str,
        markup: dict | None,
    ) -> None:
        """Show a bot message anew (participants, mark counts): by Telegram's message id,
        or, while it is still in the outbox (id 0), by its row: the edit goes out after it.
        A refresh still waiting for its turn is brought up to date instead of queueing
        another: a busy mark board under a flood ban is edited once, to its latest state,
        when the ban ends."""
        by_row = None if message_id else outbox_id
        if not message_id and by_row is None:
            return
        with session_scope(self.engine) as db:
            brought = repo.bring_pending_edit_up_to_date(
                db,
                chat_id=chat_id,
                message_id=message_id or None,
                outbox_id=by_row,
                text=text,
                markup=markup,
            )
            for row_id in brought:
                link_mentions(db, db.get_one(OutboxMessage, row_id), again=True)
            if brought:
                return
            send(
                db,
                Chat(chat_id),
                REFRESH,
                text,
                now=self.clock.now(),
                markup=markup,
                edits_message_id=message_id or None,
                edits_outbox_id=by_row,
            )
