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
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram import Bot, ForceReply, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock
from storage import repo
from storage.db import session_scope
from storage.models import OutboxMessage, Question

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

# Runs in the transaction that records a row as sent or failed, so follow-up bookkeeping
# (a reminder marked sent; a refused private message sent to the group instead) is never
# lost or doubled. Returns True when it queued another message.
SettleHook = Callable[[Session, OutboxMessage], bool]


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Delivery:
    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        # One delivery pass at a time in this process keeps per-chat order simple.
        self._lock = asyncio.Lock()
        self.settle_hooks: list[SettleHook] = []
        self._queued_more = False

    def settle_after_restart(self) -> None:
        with session_scope(self.engine) as db:
            count = repo.settle_interrupted_sends(db)
        if count:
            log.warning("%d message(s) were being sent when the bot stopped; not resending", count)

    def next_retry(self) -> datetime | None:
        with session_scope(self.engine) as db:
            return repo.earliest_retry(db)

    async def deliver(self, bot: Bot) -> None:
        async with self._lock:
            while await self._deliver_batch(bot):
                pass

    async def _deliver_batch(self, bot: Bot) -> bool:
        """Deliver what is due; True when another batch may be waiting."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            rows = list(repo.pending_outbox(db, now=now))
        blocked: set[int] = set()
        delivered_any = False
        for row in rows:
            if row.chat_id in blocked:
                continue
            if row.not_before is not None and row.not_before > now:
                blocked.add(row.chat_id)
                continue
            with session_scope(self.engine) as db:
                if not repo.claim_outbox(db, message_id=row.id):
                    continue
            if not await self._send_one(bot, row):
                blocked.add(row.chat_id)
            else:
                delivered_any = True
        queued_more, self._queued_more = self._queued_more, False
        return (delivered_any and len(rows) == 50) or queued_more

    async def _send_one(self, bot: Bot, row: OutboxMessage) -> bool:
        """Send one claimed row; False when the chat must wait."""
        try:
            message_id = await self._call(bot, row)
        except RetryAfter as exc:
            self._retry(row, timedelta(seconds=_seconds(exc.retry_after)), f"429: {exc}")
            return False
        except (Forbidden, BadRequest) as exc:
            # Telegram will say the same next time: keep the row for the record, don't loop.
            log.warning("outbox %s to chat %s refused: %s", row.id, row.chat_id, exc.message)
            self._finish(row, status="failed", error=exc.message)
            return True
        except (NetworkError, TelegramError) as exc:
            backoff = min(MAX_BACKOFF, timedelta(seconds=2 ** min(row.attempts + 1, 10)))
            self._retry(row, backoff, f"{type(exc).__name__}: {exc}")
            return False
        self._finish(row, status="sent", message_id=message_id)
        if row.pin:
            try:
                await bot.pin_chat_message(row.chat_id, message_id, disable_notification=True)
            except TelegramError as exc:
                # Without admin rights the bot cannot pin; the card is there all the same.
                log.info("could not pin in chat %s: %s", row.chat_id, exc)
        return True

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
            stored = db.get(OutboxMessage, row.id)
            stored.status = "pending"
            stored.not_before = self.clock.now() + after
            stored.last_error = error[:500]
            db.add(stored)

    def _finish(
        self,
        row: OutboxMessage,
        *,
        status: str,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        with session_scope(self.engine) as db:
            stored = db.get(OutboxMessage, row.id)
            stored.status = status
            stored.message_id = message_id
            stored.last_error = error
            if status == "sent":
                stored.sent_at = self.clock.now()
            db.add(stored)
            if message_id is not None and stored.question_id is not None:
                question = db.get(Question, stored.question_id)
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
