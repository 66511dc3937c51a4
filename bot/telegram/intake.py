"""How updates enter the bot, from polling (a batch at a time) or the webhook (one at a time).

A batch is taken on in one transaction: the claims that stop a redelivered update, and every
member the updates show (bot.telegram.handlers.team.members). Then each chat's updates are handled
in the order Telegram gave them, the chats side by side: one group's transaction, ✍ or
dialog step never waits for another group's. Each update is marked done as soon as its
handlers ran, in the transaction that reads the clock's next moments, and what its handlers
queued starts going out.

Why chats side by side, and one after the other within a chat: an answer, a mark or a dialog
step depends on what that chat did just before, never on another chat; and whichever chat
Telegram lists first, members of different groups did not wait for each other. A crash
half-way leaves the claims of the updates not yet done unfinished: after the restart
Telegram hands the batch out again, the done ones are dropped and the new process takes the
rest on again (bot.telegram.update_log).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import partial

from telegram import Update
from telegram.ext import Application

from bot.metrics import UPDATES_HANDLED
from bot.telegram.handlers.team.members import people_seen
from bot.telegram.runtime import Services, services_of
from storage.db import session_scope


class UpdateIntake:
    def __init__(self, application: Application) -> None:
        self.application = application

    async def handle(self, updates: Sequence[Update]) -> None:
        if not updates:
            return
        services = services_of(self.application)
        fresh = await services.call(self._take_on, services, updates)
        lanes: dict[int | None, list[Update]] = {}
        for update in updates:
            if update.update_id in fresh:
                chat = update.effective_chat
                lanes.setdefault(chat.id if chat else None, []).append(update)
        # Every update is written down as done before the offset moves past the batch.
        await asyncio.gather(*(self._in_order(lane) for lane in lanes.values()))
        # Only now, on the loop and after the wakes: whoever waits for "handled" (the tests'
        # settle) then sees the senders busy instead of a gap between the two.
        services.updates.note_handled(max(update.update_id for update in updates))

    @staticmethod
    def _take_on(services: Services, updates: Sequence[Update]) -> set[int]:
        """The ids to handle (not done before), and the members they show, in one commit."""
        with session_scope(services.engine):
            fresh = services.updates.claim([update.update_id for update in updates])
            for update in updates:
                if update.update_id in fresh and (seen := people_seen(update)) is not None:
                    services.groups.see(chat_id=seen[0], people=seen[1])
        return fresh

    async def _in_order(self, lane: list[Update]) -> None:
        services = services_of(self.application)
        for update in lane:
            # Handler errors go to the error handler (bot.telegram.app.on_error) inside.
            await self.application.process_update(update)
            UPDATES_HANDLED.inc()
            # Here, for every update and every handler (and the error handler's apology):
            # whatever it queued starts going out, and the update is written down as done
            # right away (a kill -9 later in the batch must not make Telegram's redelivery
            # handle it again), in the transaction that replans the clock.
            await services.wakeups.after_change(
                self.application.bot, also=partial(services.updates.finish, [update.update_id])
            )
