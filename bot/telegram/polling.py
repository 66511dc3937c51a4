"""Long polling that acknowledges an update only after it was handled.

python-telegram-bot's Updater asks for the next batch (which tells Telegram the previous
one arrived) before the handlers have run, so a crash in between loses those updates for
good. Here the offset only moves past an update once it is handled; after a crash Telegram
sends the rest again and the update log drops any that were already done. A batch is
handled as a whole (bot.telegram.intake), so the offset moves past it when it is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from telegram import Update
from telegram.error import Conflict, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.telegram.intake import UpdateIntake
from bot.telegram.rate_limits import retry_after

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 10
# Updates per getUpdates (Telegram allows 100): python-telegram-bot turns a whole batch into
# objects in one go on the event loop, about 0.3 ms an update, so 100 held every chat's
# timers and sends for 30 ms and more under load; 25 keep that under 10 ms. `make bench`
# (ingest) measured loop lag p99 13 ms instead of 39, for somewhat fewer answers a second.
BATCH_LIMIT = 25
MAX_BACKOFF_SECONDS = 30.0
# Telegram ends a long poll with this when another getUpdates on the same token starts.
OTHER_POLLER = "terminated by other getUpdates request"
# Conflicts in a row before this process gives way. Not the first: a process that stops
# sends one last getUpdates (bot.telegram.polling.DurablePolling.stop), which ends its
# successor's first long poll once; two processes that both keep polling conflict again
# at once.
CONFLICTS_TO_STOP = 2


class DurablePolling:
    def __init__(self, application: Application, *, long_poll: int = LONG_POLL_SECONDS) -> None:
        self.application = application
        self.intake = UpdateIntake(application)
        self.long_poll = long_poll
        self.offset: int | None = None
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._fetching = False
        # Set when another process kept polling with the same token: this one stopped.
        self.conflicted = False
        self.on_conflict: Callable[[], None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        # Polling and a webhook exclude each other at Telegram.
        await self.application.bot.delete_webhook(drop_pending_updates=False)
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="durable-polling")

    async def stop(self) -> None:
        """Finish the batch in hand, then stop; a long poll in progress (or the wait
        before the next one) is simply dropped."""
        if self._task is None:
            return
        self._stopping = True
        if self._fetching:
            self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        if self.offset is not None and not self.conflicted:
            # Tell Telegram what was handled, so a clean restart gets nothing twice.
            with contextlib.suppress(TelegramError):
                await self.application.bot.get_updates(offset=self.offset, timeout=0, limit=1)

    async def _run(self) -> None:
        backoff = 1.0
        conflicts = 0
        while not self._stopping:
            try:
                self._fetching = True
                updates = await self.application.bot.get_updates(
                    offset=self.offset,
                    timeout=self.long_poll,
                    limit=BATCH_LIMIT,
                    allowed_updates=Update.ALL_TYPES,
                )
            except TimedOut:
                continue
            except RetryAfter as exc:
                # Telegram says how long; stop() may still cancel the wait.
                await asyncio.sleep(retry_after(exc).total_seconds())
                continue
            except Conflict as exc:
                conflicts = conflicts + 1 if OTHER_POLLER in exc.message else 0
                if conflicts >= CONFLICTS_TO_STOP:
                    self.conflicted = True
                    if self.on_conflict is not None:
                        self.on_conflict()
                    return
                log.error("another process is polling or a webhook is set: %s", exc.message)
                await asyncio.sleep(backoff)
                backoff = min(MAX_BACKOFF_SECONDS, backoff * 2)
                continue
            except (NetworkError, TelegramError) as exc:
                log.warning(
                    "getUpdates failed (%s); retrying in %.0f s", type(exc).__name__, backoff
                )
                await asyncio.sleep(backoff)
                backoff = min(MAX_BACKOFF_SECONDS, backoff * 2)
                continue
            finally:
                self._fetching = False
            backoff, conflicts = 1.0, 0
            if not updates or self._stopping:
                continue
            try:
                await self.intake.handle(updates)
            except Exception:  # noqa: BLE001 - one bad batch must not stop polling
                log.exception(
                    "updates %s to %s could not be processed",
                    updates[0].update_id,
                    updates[-1].update_id,
                )
            self.offset = updates[-1].update_id + 1
