"""Answers to a member's command or button, and refreshed bot messages, queued in the
outbox like every other message: they wait out a flood ban in their chat's queue, in
order, instead of making the handler (and every other chat) wait. No Telegram here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.requests import REPEAT_WINDOW
from bot.services.common import Chat, link_mentions, send
from storage.db import session_scope
from storage.models import OutboxMessage
from storage.repo import outbox as outbox_rows
from storage.values import Family, Kind, OutboxStatus

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
        request_key: str | None = None,
    ) -> None:
        """One or more messages answering a member's message (as replies, in its topic).
        The markup goes under the last one. With a `request_key` (bot.core.requests), the
        same command asked again soon by the same member gets one answer: the one still
        waiting is brought up to date, and one just sent is not sent again unchanged."""
        where, now = Chat(chat_id, thread_id), self.clock.now()
        with session_scope(self.engine) as db:
            if request_key and self._answered_again(
                db,
                chat_id=chat_id,
                request_key=request_key,
                to_message_id=to_message_id,
                texts=texts,
                markup=markup,
            ):
                return
            for number, text in enumerate(texts, start=1):
                send(
                    db,
                    where,
                    REPLY,
                    text,
                    now=now,
                    markup=markup if number == len(texts) else None,
                    reply_to=to_message_id,
                    request_key=request_key,
                )

    def _answered_again(
        self,
        db: Session,
        *,
        chat_id: int,
        request_key: str,
        to_message_id: int | None,
        texts: Sequence[str],
        markup: dict | None,
    ) -> bool:
        """True when an earlier answer to the same request says `texts` (now); otherwise
        the earlier answers still waiting are dropped, and the caller queues the new ones."""
        earlier = [
            row
            for row in outbox_rows.requested(
                db, chat_id=chat_id, request_key=request_key, since=self.clock.now() - REPEAT_WINDOW
            )
            # A command answered in several calls (/mijnacties) is not asked again.
            if row.reply_to_message_id != to_message_id
        ]
        waiting = [r for r in earlier if r.status == OutboxStatus.PENDING and not r.attempts]
        single = len(texts) == 1
        if single and len(waiting) == 1:
            # Keeps its place in the queue, now answering the newest command.
            if outbox_rows.rewrite_untried(
                db, message_id=waiting[0].id, text=texts[0], markup=markup, reply_to=to_message_id
            ):
                link_mentions(
                    db, db.get_one(OutboxMessage, waiting[0].id, populate_existing=True), again=True
                )
                return True
        if waiting:
            outbox_rows.drop_untried(
                db, message_ids=[r.id for r in waiting], reason="answered again by a newer reply"
            )
            return False
        # The same answer was shown just now, right above: saying it again only pushes
        # the session's messages back. A changed answer (the state moved on) is new, and so
        # is one with buttons (a question asked anew, its earlier copy perhaps answered).
        return (
            single
            and markup is None
            and any(
                r.status == OutboxStatus.SENT and r.text == texts[0] and not r.reply_markup
                for r in earlier
            )
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
            brought = outbox_rows.bring_pending_edit_up_to_date(
                db,
                chat_id=chat_id,
                message_id=message_id or None,
                outbox_id=by_row,
                text=text,
                markup=markup,
            )
            for row_id in brought:
                link_mentions(
                    db, db.get_one(OutboxMessage, row_id, populate_existing=True), again=True
                )
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
