"""Delivering the outbox to Telegram, in order per chat.

A row is claimed (pending -> sending) before the call and marked sent after Telegram
accepted it. Failures Telegram will get over (rate limits, network trouble) put the row
back with a `not_before`; later rows for the same chat wait so the order holds.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram import Bot, ForceReply, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.clock import Clock
from storage import repo
from storage.db import session_scope
from storage.models import OutboxMessage, Question
from storage.values import OutboxStatus

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

# Runs in the transaction that records a row as sent or failed, so follow-up bookkeeping
# (a reminder marked sent; a refused private message sent to the group instead) is never
# lost or doubled. Returns True when it queued another message.
SettleHook = Callable[[Session, OutboxMessage], bool]


def _retry_after(exc: RetryAfter) -> timedelta:
    # A timedelta with PTB_TIMEDELTA=1 (set at start), seconds in older behaviour.
    value = exc.retry_after
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


@dataclass(frozen=True)
class Pacing:
    """How fast one chat may receive messages. Telegram allows about one message a second
    per chat and twenty a minute per group; a burst is spread out, never dropped."""

    min_interval: timedelta = timedelta(seconds=1)
    group_per_minute: int = 20

    def next_slot(self, chat_id: int, recent: list[datetime], now: datetime) -> datetime:
        """The earliest moment the next message may go, given the newest-first send times."""
        slot = now
        if recent and self.min_interval:
            slot = max(slot, recent[0] + self.min_interval)
        is_group = chat_id < 0
        if is_group and self.group_per_minute and len(recent) >= self.group_per_minute:
            slot = max(slot, recent[self.group_per_minute - 1] + timedelta(minutes=1))
        return slot


class Outcome(Enum):
    SENT = "sent"
    WAIT = "wait"  # this chat waits (rate limit, backoff, group unreachable)
    AGAIN = "again"  # try the same chat again now (the group moved to a new id)


class Delivery:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        pacing: Pacing | None = None,
        lease: timedelta = timedelta(seconds=60),
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.pacing = pacing or Pacing()
        self.lease = lease
        # One delivery pass at a time in this process; other processes are kept in line by
        # the database (see repo.outbox_heads).
        self._lock = asyncio.Lock()
        self.settle_hooks: list[SettleHook] = []
        self._queued_more = False

    def settle_after_restart(self, *, only_process: bool) -> None:
        """At start. When no other process can share the database (SQLite), every claim left
        is this bot's own from before the restart: settle them now instead of after the lease."""
        if only_process:
            self.settle_expired_claims(lease=timedelta(0))

    def settle_expired_claims(self, *, lease: timedelta | None = None) -> None:
        cutoff = self.clock.now() - (self.lease if lease is None else lease)
        with session_scope(self.engine) as db:
            count = repo.settle_expired_claims(db, claimed_before=cutoff)
        if count:
            log.warning(
                "%d message(s) were being sent when their sender stopped; not resending", count
            )

    def next_retry(self) -> datetime | None:
        with session_scope(self.engine) as db:
            return repo.earliest_retry(db)

    async def deliver(self, bot: Bot) -> None:
        async with self._lock:
            while await self._deliver_heads(bot):
                pass

    async def _deliver_heads(self, bot: Bot) -> bool:
        """Send each chat's next message if it may go now; True when more may be waiting."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            heads = list(repo.outbox_heads(db))
            held = repo.inactive_group_ids(db)
        progressed = False
        for row in heads:
            if row.status != OutboxStatus.PENDING or row.chat_id in held:
                continue
            if row.not_before is not None and row.not_before > now:
                continue
            if not self._may_send_now(row, now):
                continue
            with session_scope(self.engine) as db:
                if not repo.claim_outbox(db, message_id=row.id, now=now):
                    continue
            outcome = await self._send_one(bot, row)
            progressed |= outcome is not Outcome.WAIT
        queued_more, self._queued_more = self._queued_more, False
        return progressed or queued_more

    def _may_send_now(self, row: OutboxMessage, now: datetime) -> bool:
        """Check the chat's pace; when it must wait, the row says until when."""
        with session_scope(self.engine) as db:
            recent = repo.recent_send_times(
                db, chat_id=row.chat_id, since=now - timedelta(minutes=1)
            )
            slot = self.pacing.next_slot(row.chat_id, recent, now)
            if slot <= now:
                return True
            stored = db.get_one(OutboxMessage, row.id)
            stored.not_before = slot
            db.add(stored)
            return False

    async def _send_one(self, bot: Bot, row: OutboxMessage) -> Outcome:
        try:
            message_id = await self._call(bot, row)
        except RetryAfter as exc:
            self._retry(row, _retry_after(exc), f"429: {exc}")
            return Outcome.WAIT
        except ChatMigrated as exc:
            with session_scope(self.engine) as db:
                repo.move_group(
                    db, old_chat_id=row.chat_id, new_chat_id=exc.new_chat_id, now=self.clock.now()
                )
            log.info("chat %s moved to %s; sending there", row.chat_id, exc.new_chat_id)
            self._retry(row, timedelta(0), "chat migrated")
            return Outcome.AGAIN
        except Forbidden as exc:
            if row.chat_id < 0:
                # The bot is no longer in the group: hold its messages until it is back.
                with session_scope(self.engine) as db:
                    repo.set_group_active(
                        db, chat_id=row.chat_id, title="", active=False, now=self.clock.now()
                    )
                self._retry(row, timedelta(0), exc.message)
                return Outcome.WAIT
            log.info("private message %s refused: %s", row.id, exc.message)
            self._finish(row, status=OutboxStatus.FAILED, error=exc.message)
            return Outcome.SENT
        except BadRequest as exc:
            # Telegram will say the same next time: keep the row for the record, don't loop.
            log.warning("outbox %s to chat %s refused: %s", row.id, row.chat_id, exc.message)
            self._finish(row, status=OutboxStatus.FAILED, error=exc.message)
            return Outcome.SENT
        except TelegramError as exc:
            # Network trouble or a 5xx: Telegram did not take it; try again a bit later.
            backoff = min(MAX_BACKOFF, timedelta(seconds=2 ** min(row.attempts, 10)))
            self._retry(row, backoff, f"{type(exc).__name__}: {exc}")
            return Outcome.WAIT
        self._finish(row, status=OutboxStatus.SENT, message_id=message_id)
        if row.pin:
            try:
                await bot.pin_chat_message(row.chat_id, message_id, disable_notification=True)
            except TelegramError as exc:
                # Without admin rights the bot cannot pin; the card is there all the same.
                log.info("could not pin in chat %s: %s", row.chat_id, exc)
        return Outcome.SENT

    async def _call(self, bot: Bot, row: OutboxMessage) -> int:
        if row.document_name:
            document = io.BytesIO(row.text.encode("utf-8"))
            message = await bot.send_document(
                row.chat_id,
                document=document,
                filename=row.document_name,
                message_thread_id=row.thread_id,
            )
        else:
            message = await bot.send_message(
                row.chat_id,
                row.text,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(row.reply_markup, bot),
                message_thread_id=row.thread_id,
                link_preview_options=NO_PREVIEW,
                reply_parameters=(
                    ReplyParameters(row.reply_to_message_id, allow_sending_without_reply=True)
                    if row.reply_to_message_id
                    else None
                ),
            )
        return message.message_id

    def _retry(self, row: OutboxMessage, after: timedelta, error: str) -> None:
        with session_scope(self.engine) as db:
            stored = db.get_one(OutboxMessage, row.id)
            stored.status = OutboxStatus.PENDING
            stored.not_before = self.clock.now() + after
            stored.last_error = error[:500]
            db.add(stored)

    def _finish(
        self,
        row: OutboxMessage,
        *,
        status: OutboxStatus,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        with session_scope(self.engine) as db:
            stored = db.get_one(OutboxMessage, row.id)
            stored.status = status
            stored.message_id = message_id
            stored.last_error = error
            if status == OutboxStatus.SENT:
                stored.sent_at = self.clock.now()
            db.add(stored)
            if message_id is not None and stored.question_id is not None:
                question = db.get_one(Question, stored.question_id)
                question.message_id = message_id
                db.add(question)
            for hook in self.settle_hooks:
                self._queued_more |= hook(db, stored)


def _markup(data: dict | None, bot: Bot) -> InlineKeyboardMarkup | ForceReply | None:
    if not data:
        return None
    if data.get("force_reply"):
        return ForceReply.de_json(data, bot)
    return InlineKeyboardMarkup.de_json(data, bot)
