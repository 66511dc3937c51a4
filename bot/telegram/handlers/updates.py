"""The first and the last handler every update passes: duplicates stop at the door; what
an update queued starts going once it is done."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.runtime import services_of

# Registered around every other handler group (those use group 0).
FIRST_GROUP = -1000
LAST_GROUP = 1000


async def take_on(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    updates = services.updates
    if not await services.call(updates.claim, update.update_id):
        updates.note_handled(update.update_id)
        raise ApplicationHandlerStop


async def finished(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(services.updates.finish, update.update_id)
    # Whatever the update's handlers queued (a reply, a refreshed message) starts going.
    services.delivery.wake(context.bot)
    # Only now, on the loop and after the wake: whoever waits for "handled" (the tests'
    # settle) then sees the senders busy instead of a gap between the two.
    services.updates.note_handled(update.update_id)
