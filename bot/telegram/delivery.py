"""Delivering the outbox to Telegram: each chat's queue drained on its own task, in order.

Why a task per chat, and handlers that never wait on Telegram (instead of handling updates
from different chats concurrently): every message the bot sends is a row in the outbox,
written by the handler or service that decided it, and the order of a chat's messages is
the order of those rows, on SQLite and PostgreSQL alike and across processes. A handler
only writes rows and wakes the sender, so updates stay handled one at a time, in the order
Telegram gave them: the dialog, marks and answers need no locks per chat, and polling can
acknowledge an update as soon as it is handled. The waiting happens here instead: a chat
under a flood ban waits in its own queue (its head carries `not_before`), while the other
chats' senders go on.

Nothing here sleeps. A row that must wait (a 429's retry_after, the pace per chat, the pace
for the whole bot, a flood without a chat) gets a `not_before` on the injected clock, and
the wake-up job for the outbox tries again then.

A row is claimed (pending -> sending) before the call and marked sent after Telegram
accepted it. Failures Telegram will get over (rate limits, network trouble) put the row
back with a `not_before`; later rows for the same chat wait so the order holds.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session
from telegram import Bot, ForceReply, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.clock import Clock
from bot.metrics import RATE_LIMITED, RENDER_SECONDS, SENDS
from bot.services.documents import attachments
from bot.services.events import Events, OutboxSettled
from bot.telegram.offload import OffLoop
from bot.telegram.rate_limits import retry_after
from storage.db import session_scope
from storage.models import OutboxMessage, Question
from storage.repo import groups as group_rows
from storage.repo import outbox as outbox_rows
from storage.values import OutboxStatus

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_BACKOFF = timedelta(minutes=10)
SECOND = timedelta(seconds=1)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass(frozen=True)
class Pacing:
    """How fast the bot may send. Telegram allows about one message a second per chat,
    twenty a minute per group and thirty a second for the whole bot; a burst is spread
    out, never dropped."""

    min_interval: timedelta = timedelta(seconds=1)
    group_per_minute: int = 20
    bot_per_second: int = 30

    @property
    def paces_chats(self) -> bool:
        """Whether a chat's recent sends matter (next_slot)."""
        return bool(self.min_interval) or bool(self.group_per_minute)

    def next_slot(self, chat_id: int, recent: list[datetime], now: datetime) -> datetime:
        """The earliest moment the next message may go, given the newest-first send times."""
        slot = now
        if recent and self.min_interval:
            slot = max(slot, recent[0] + self.min_interval)
        is_group = chat_id < 0
        if is_group and self.group_per_minute and len(recent) >= self.group_per_minute:
            slot = max(slot, recent[self.group_per_minute - 1] + timedelta(minutes=1))
        return slot

    def next_bot_slot(self, claims: list[datetime], now: datetime) -> datetime:
        """The same for the bot as a whole, given the newest-first claim times."""
        if self.bot_per_second and len(claims) >= self.bot_per_second:
            return max(now, claims[self.bot_per_second - 1] + timedelta(seconds=1))
        return now


class FileNotRendered(Exception):
    """An outbox row's file could not be rendered from the content it holds."""


class Outcome(Enum):
    SENT = "sent"
    LAST = "last"  # sent (or given up), and nothing more of this chat's is queued
    WAIT = "wait"  # this chat waits (rate limit, backoff, group unreachable)
    AGAIN = "again"  # try the same chat again now (the group moved to a new id)
    IDLE = "idle"  # nothing of this chat's may go now


class Delivery:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        events: Events,
        build_file: Callable[[dict], bytes],
        pacing: Pacing | None = None,
        lease: timedelta = timedelta(seconds=60),
        off_loop: OffLoop | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        # OutboxSettled is published in the transaction that records a row as sent or
        # failed, so follow-up bookkeeping (a reminder marked sent; a refused private
        # message sent to the group instead) is never lost or doubled.
        self.events = events
        # Builds a file an outbox row refers to from the database (ExportService.build);
        # called in a thread when the row is sent.
        self.build_file = build_file
        self.pacing = pacing or Pacing()
        self.lease = lease
        # Where the database work of sending runs (bot.telegram.offload); inline without.
        self.off_loop = off_loop
        self._waking: asyncio.Task | None = None
        self._wake_again = False
        # Called when senders stopped with messages left to wait for: plans the wake-up.
        self.on_waiting: Callable[[], None] | None = None
        # Other processes are kept in line by the database (see repo.outbox_heads).
        self._senders: dict[int, asyncio.Task] = {}
        # Chats woken while their sender was finishing: it looks once more before it ends.
        self._look_again: set[int] = set()
        # A flood Telegram reported without naming a chat holds every chat until then.
        self._paused_until: datetime | None = None
        self._queued_more = False
        self._stopping = False
        # This process's claims in the last second, oldest first, and when the bot-wide pace
        # lets the next chat start: a burst for a thousand chats starts only as many senders
        # as may send now, instead of every chat finding out in a transaction that it must
        # wait. The database's claim times stay the rule across processes (_may_send_now).
        self._claims: deque[datetime] = deque()
        self._next_start: datetime | None = None
        # Chats whose sender started but has not claimed its first message yet.
        self._starting: set[int] = set()
        # When each chat that just sent may send again (Telegram's pace per chat), and the
        # chats waiting for that with more to send: their next message is not even looked
        # up before then (the database's send times stay the rule, _may_send_now).
        self._chat_ready: dict[int, datetime] = {}
        self._chat_waiting: dict[int, datetime] = {}

    def settle_after_restart(self, *, only_process: bool) -> None:
        """At start. When no other process can share the database (SQLite), every claim left
        is this bot's own from before the restart: settle them now instead of after the lease."""
        if only_process:
            self.settle_expired_claims(lease=timedelta(0))

    def settle_expired_claims(self, *, lease: timedelta | None = None) -> None:
        cutoff = self.clock.now() - (self.lease if lease is None else lease)
        with session_scope(self.engine) as db:
            count = outbox_rows.settle_expired_claims(db, claimed_before=cutoff)
        if count:
            log.warning(
                "%d message(s) were being sent when their sender stopped; not resending", count
            )

    def next_retry(self, earliest: datetime | None) -> datetime | None:
        """When to wake up for the outbox, from the earliest stored wait of a chat
        (outbox_rows.earliest_retry) and the waits this process keeps."""
        for moment in (self._next_start, min(self._chat_waiting.values(), default=None)):
            if moment is not None:
                earliest = min(earliest or moment, moment)
        if earliest is not None and self._paused_until is not None:
            earliest = max(earliest, self._paused_until)
        if earliest is not None and earliest <= self.clock.now() and self.busy:
            # Due already, and the senders are at it: a wake-up now would only run all due
            # work again (and again, while they send). They plan the next one when they stop.
            return None
        return earliest

    def pause_all(self, span: timedelta) -> None:
        """Telegram said "too many requests" without naming a chat: every chat waits."""
        until = self.clock.now() + span
        if self._paused_until is None or until > self._paused_until:
            self._paused_until = until
        log.warning("Telegram asks the bot to slow down; all sending waits %s", span)

    def _paused(self, now: datetime) -> bool:
        return self._paused_until is not None and now < self._paused_until

    @property
    def busy(self) -> bool:
        """A sender is at work (tests wait for this to end)."""
        return bool(self._senders) or (self._waking is not None and not self._waking.done())

    def wake(self, bot: Bot) -> None:
        """Start a sender for every chat with a message that may go now. Never waits: the
        outbox is read off the event loop, once for any number of wakes in the meantime."""
        if self._stopping:
            return
        self._wake_again = True
        if self._waking is None or self._waking.done():
            self._waking = asyncio.create_task(self._start_senders(bot), name="outbox-wake")

    async def _start_senders(self, bot: Bot) -> None:
        while self._wake_again and not self._stopping:
            self._wake_again = False
            now = self.clock.now()
            if self._paused(now):
                self._waiting()
                return
            heads = await self._db(self._heads)
            if self._stopping:
                return
            self._next_start = None
            self._forget_ready_chats(now)
            room = self._room(now)
            for row in heads:
                if row.status != OutboxStatus.PENDING:
                    continue
                if row.not_before is not None and row.not_before > now:
                    continue
                if row.chat_id in self._senders:
                    self._look_again.add(row.chat_id)
                    continue
                if self._must_wait(row.chat_id, now):
                    continue
                if room <= 0:
                    # The rest start when the bot-wide pace allows (next_retry).
                    self._next_start = self._claims[0] + SECOND if self._claims else now
                    break
                room -= 1
                self._starting.add(row.chat_id)
                self._senders[row.chat_id] = asyncio.create_task(
                    self._drain(bot, row.chat_id), name=f"outbox-chat-{row.chat_id}"
                )
        if not self._senders:
            # Nothing may go yet: plan the wake-up for when the first may.
            self._waiting()

    def _forget_ready_chats(self, now: datetime) -> None:
        # Only chats that sent within the last interval are kept.
        self._chat_ready = {chat: at for chat, at in self._chat_ready.items() if at > now}
        self._chat_waiting = {chat: at for chat, at in self._chat_waiting.items() if at > now}

    def _must_wait(self, chat_id: int, now: datetime) -> bool:
        """True while the chat's last message is too recent for the next (it is noted as
        waiting, for next_retry)."""
        ready = self._chat_ready.get(chat_id)
        if ready is None or ready <= now:
            self._chat_ready.pop(chat_id, None)
            self._chat_waiting.pop(chat_id, None)
            return False
        self._chat_waiting[chat_id] = ready
        return True

    def _room(self, now: datetime) -> int:
        """How many more chats may start sending now under the bot-wide pace (a sender that
        has not claimed its first message yet is about to)."""
        if not self.pacing.bot_per_second:
            return 1_000_000_000
        while self._claims and self._claims[0] <= now - SECOND:
            self._claims.popleft()
        return self.pacing.bot_per_second - len(self._claims) - len(self._starting)

    def _heads(self) -> list[outbox_rows.Head]:
        with session_scope(self.engine) as db:
            return outbox_rows.outbox_heads(db)

    async def _db(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.off_loop is None:
            return work(*args, **kwargs)
        return await self.off_loop.run(work, *args, **kwargs)

    async def stop(self, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Start nothing new; let sends in flight finish (a few seconds at most)."""
        self._stopping = True
        if self._waking is not None:
            await asyncio.gather(self._waking, return_exceptions=True)
        senders = list(self._senders.values())
        if not senders:
            return
        _done, late = await asyncio.wait(senders, timeout=timeout)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        if late:
            log.warning("%d send(s) did not finish in time at shutdown", len(late))

    async def _drain(self, bot: Bot, chat_id: int) -> None:
        """Send one chat's messages in order while they may go; stop at the first wait."""
        outcome = Outcome.IDLE
        try:
            while not self._stopping:
                outcome = await self._send_head(bot, chat_id)
                if outcome is Outcome.AGAIN:
                    # The group moved: its messages go out under the new id.
                    self.wake(bot)
                    continue
                if outcome is Outcome.SENT:
                    continue
                if outcome in (Outcome.IDLE, Outcome.LAST) and chat_id in self._look_again:
                    self._look_again.discard(chat_id)
                    continue
                break
        except Exception:
            log.exception("sending to chat %s failed", chat_id)
        finally:
            self._senders.pop(chat_id, None)
            self._starting.discard(chat_id)
            self._look_again.discard(chat_id)
        queued_more, self._queued_more = self._queued_more, False
        if queued_more:
            # Settling queued a message elsewhere (a refused private reminder goes to
            # the group): send it too.
            self.wake(bot)
        if outcome is Outcome.WAIT or not self._senders:
            # This chat waits for its turn (or nobody sends): plan the wake-up for then,
            # also while other chats are still sending.
            self._waiting()

    def _waiting(self) -> None:
        if self.on_waiting is not None and not self._stopping:
            self.on_waiting()

    async def _send_head(self, bot: Bot, chat_id: int) -> Outcome:
        now = self.clock.now()
        if self._paused(now) or self._must_wait(chat_id, now):
            return Outcome.WAIT
        outcome, row = await self._db(self._take_head, chat_id, now)
        self._starting.discard(chat_id)
        if outcome is not None or row is None:
            return outcome or Outcome.IDLE
        self._claims.append(now)
        outcome = await self._send_one(bot, row)
        if outcome in (Outcome.SENT, Outcome.LAST) and self.pacing.min_interval:
            self._chat_ready[chat_id] = self.clock.now() + self.pacing.min_interval
        return outcome

    def _take_head(
        self, chat_id: int, now: datetime
    ) -> tuple[Outcome | None, OutboxMessage | None]:
        """The chat's next row, claimed for sending; or why nothing goes now."""
        with session_scope(self.engine) as db:
            head = outbox_rows.chat_head(db, chat_id=chat_id)
            if head is None or head.row.status != OutboxStatus.PENDING or head.held:
                return Outcome.IDLE, None
            # The chat's wait, not only the head's: a row queued ahead of one that Telegram
            # refused (a higher priority) waits as long.
            if head.not_before is not None and head.not_before > now:
                return Outcome.WAIT, None
            row = head.row
            if row.edits_outbox_id and not row.edits_message_id and not _aim(db, row):
                return Outcome.SENT, None
            if not self._may_send_now(db, row, now):
                return Outcome.WAIT, None
            if not outbox_rows.claim_outbox(db, message_id=row.id, now=now):
                return Outcome.IDLE, None
            if row.edits_message_id or row.edits_outbox_id:
                # Read the edit again now that the row is ours: a refresh may have brought
                # it up to date after it was first read (bot.services.replies).
                db.flush()
                db.refresh(row)
        return None, row

    def _may_send_now(self, db: Session, row: OutboxMessage, now: datetime) -> bool:
        """Check the chat's and the bot's pace; when it must wait, the row says until when."""
        recent = (
            outbox_rows.recent_send_times(db, chat_id=row.chat_id, since=now - timedelta(minutes=1))
            if self.pacing.paces_chats
            else []
        )
        slot = self.pacing.next_slot(row.chat_id, recent, now)
        if self.pacing.bot_per_second:
            claims = outbox_rows.claim_times(
                db, since=now - timedelta(seconds=1), limit=self.pacing.bot_per_second
            )
            slot = max(slot, self.pacing.next_bot_slot(claims, now))
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
            RATE_LIMITED.inc()
            SENDS.labels("rate_limited").inc()
            await self._db(self._retry, row, retry_after(exc), f"429: {exc}")
            return Outcome.WAIT
        except ChatMigrated as exc:
            with session_scope(self.engine) as db:
                group_rows.move_group(
                    db, old_chat_id=row.chat_id, new_chat_id=exc.new_chat_id, now=self.clock.now()
                )
            log.info("chat %s moved to %s; sending there", row.chat_id, exc.new_chat_id)
            await self._db(self._retry, row, timedelta(0), "chat migrated")
            return Outcome.AGAIN
        except Forbidden as exc:
            if row.chat_id < 0:
                # The bot is no longer in the group: hold its messages until it is back.
                with session_scope(self.engine) as db:
                    group_rows.set_group_active(
                        db, chat_id=row.chat_id, title="", active=False, now=self.clock.now()
                    )
                await self._db(self._retry, row, timedelta(0), exc.message)
                return Outcome.WAIT
            log.info("private message %s refused: %s", row.id, exc.message)
            SENDS.labels("failed").inc()
            return await self._settle(row, status=OutboxStatus.FAILED, error=exc.message)
        except FileNotRendered as exc:
            # Rendering again would fail the same way: keep the row for the record.
            log.error("outbox %s: file not rendered: %s", row.id, exc)
            SENDS.labels("failed").inc()
            return await self._settle(row, status=OutboxStatus.FAILED, error=str(exc)[:500])
        except BadRequest as exc:
            # Telegram will say the same next time: keep the row for the record, don't loop.
            # An edit may find its message gone or already showing the same: that's fine.
            log.log(
                logging.DEBUG if row.edits_message_id else logging.WARNING,
                "outbox %s to chat %s refused: %s",
                row.id,
                row.chat_id,
                exc.message,
            )
            SENDS.labels("failed").inc()
            return await self._settle(row, status=OutboxStatus.FAILED, error=exc.message)
        except TelegramError as exc:
            # Network trouble or a 5xx: Telegram did not take it; try again a bit later.
            backoff = min(MAX_BACKOFF, timedelta(seconds=2 ** min(row.attempts, 10)))
            SENDS.labels("retry").inc()
            await self._db(self._retry, row, backoff, f"{type(exc).__name__}: {exc}")
            return Outcome.WAIT
        SENDS.labels("sent").inc()
        outcome = await self._settle(row, status=OutboxStatus.SENT, message_id=message_id)
        if row.pin and message_id is not None:
            try:
                await bot.pin_chat_message(row.chat_id, message_id, disable_notification=True)
            except TelegramError as exc:
                # Without admin rights the bot cannot pin; the card is there all the same.
                log.info("could not pin in chat %s: %s", row.chat_id, exc)
        return outcome

    async def _call(self, bot: Bot, row: OutboxMessage) -> int | None:
        """Telegram's id of the new message; None for an edit."""
        if row.edits_message_id:
            await bot.edit_message_text(
                row.text,
                chat_id=row.chat_id,
                message_id=row.edits_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=_inline_markup(row.reply_markup, bot),
                link_preview_options=NO_PREVIEW,
            )
            return None
        if row.attachment:
            return await self._send_file(bot, row)
        if row.document_name:
            document = io.BytesIO(row.text.encode("utf-8"))
            message = await bot.send_document(
                row.chat_id,
                document=document,
                filename=row.document_name,
                message_thread_id=row.thread_id,
                reply_parameters=_reply_to(row),
            )
        else:
            message = await bot.send_message(
                row.chat_id,
                row.text,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(row.reply_markup, bot),
                message_thread_id=row.thread_id,
                link_preview_options=NO_PREVIEW,
                reply_parameters=_reply_to(row),
            )
        return message.message_id

    async def _send_file(self, bot: Bot, row: OutboxMessage) -> int:
        """Build the row's file in a thread (its rows read in a transaction of its own; the
        typesetting takes up to a second and releases the GIL), then send it as a photo or
        a document with the row's text as caption."""
        assert row.attachment is not None
        make = self.build_file if "build" in row.attachment else attachments.render
        try:
            kind = row.attachment.get("render") or row.attachment.get("build") or "file"
            with RENDER_SECONDS.labels(kind).time():
                data = await asyncio.to_thread(make, row.attachment)
        except Exception as exc:  # noqa: BLE001 - any failure of the typesetter or the data
            raise FileNotRendered(f"{type(exc).__name__}: {exc}") from exc
        send = bot.send_photo if row.attachment.get("as") == "photo" else bot.send_document
        message = await send(
            row.chat_id,
            io.BytesIO(data),
            filename=row.document_name,
            caption=row.text or None,
            parse_mode=ParseMode.HTML,
            message_thread_id=row.thread_id,
            reply_parameters=_reply_to(row),
        )
        return message.message_id

    def _retry(self, row: OutboxMessage, after: timedelta, error: str) -> None:
        with session_scope(self.engine) as db:
            stored = db.get_one(OutboxMessage, row.id)
            stored.status = OutboxStatus.PENDING
            stored.not_before = self.clock.now() + after
            stored.last_error = error[:500]
            db.add(stored)

    async def _settle(self, row: OutboxMessage, **finish: Any) -> Outcome:
        more = await self._db(self._finish, row, **finish)
        return Outcome.SENT if more else Outcome.LAST

    def _finish(
        self,
        row: OutboxMessage,
        *,
        status: OutboxStatus,
        message_id: int | None = None,
        error: str | None = None,
    ) -> bool:
        """Record the row as sent or given up; whether its chat has more queued (read in
        the same transaction: the chat's sender then stops without looking again)."""
        with session_scope(self.engine) as db:
            # The row as claimed, not read again: nobody but its sender changes a row that
            # is being sent, and a read of the whole row (text, buttons, file) was a third
            # of the work here.
            stored = db.merge(row, load=False)
            stored.status = status
            stored.message_id = message_id
            stored.last_error = error
            if status == OutboxStatus.SENT:
                stored.sent_at = self.clock.now()
            # Sent or given up: the file's content (member text) is not kept a second time.
            if stored.attachment:
                stored.attachment = attachments.settled(stored.attachment)
            db.add(stored)
            if message_id is not None and stored.question_id is not None:
                question = db.get_one(Question, stored.question_id)
                question.message_id = message_id
                db.add(question)
            self._queued_more |= self.events.publish(OutboxSettled(db, stored))
            return outbox_rows.chat_has_unsent(db, chat_id=row.chat_id)


def _aim(db: Session, row: OutboxMessage) -> bool:
    """An edit of a message that was still in the outbox when the edit was queued: that
    message went first (same chat), so its id is known now. False when it never showed
    (refused, or its sender died mid-send): then there is nothing to edit."""
    original = db.get(OutboxMessage, row.edits_outbox_id)
    stored = db.get_one(OutboxMessage, row.id)
    if original is None or not original.message_id:
        stored.status = OutboxStatus.FAILED
        stored.last_error = "the message to edit was never shown"
        db.add(stored)
        return False
    stored.edits_message_id = row.edits_message_id = original.message_id
    db.add(stored)
    return True


def _reply_to(row: OutboxMessage) -> ReplyParameters | None:
    # The member may have deleted their message meanwhile: then it is sent on its own.
    if not row.reply_to_message_id:
        return None
    return ReplyParameters(row.reply_to_message_id, allow_sending_without_reply=True)


class _NoButtons(InlineKeyboardMarkup):
    """Takes a message's buttons away. PTB drops empty lists when it serialises, which would
    send `{}`, and Telegram refuses that: it takes only an empty inline_keyboard."""

    __slots__ = ()

    def to_dict(self, recursive: bool = True) -> dict:
        return {"inline_keyboard": []}


def _has_buttons(data: dict | None) -> bool:
    if not data:
        return False
    return "inline_keyboard" not in data or any(data["inline_keyboard"])


def _inline_markup(data: dict | None, bot: Bot) -> InlineKeyboardMarkup | None:
    # An edit keeps or replaces buttons; it cannot ask for a reply.
    if data is None:
        return None
    return InlineKeyboardMarkup.de_json(data, bot) if _has_buttons(data) else _NoButtons([])


def _markup(data: dict | None, bot: Bot) -> InlineKeyboardMarkup | ForceReply | None:
    if not _has_buttons(data):
        return None  # a new message without buttons
    assert data is not None
    if data.get("force_reply"):
        return ForceReply.de_json(data, bot)
    return InlineKeyboardMarkup.de_json(data, bot)
