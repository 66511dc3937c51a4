"""/teamoverleg in the group: the team's recurring meeting (see bot.services.calendar.meetings)."""

from __future__ import annotations

import functools

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.handlers.common import group_command, setting_command
from bot.telegram.runtime import services_of
from bot.texts.actions import actions as action_texts


# In a private chat it points to /mijnacties, as the action plan's commands do.
@functools.partial(group_command, in_private=action_texts.ACTIONS_IN_PRIVATE)
async def teamoverleg(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await setting_command(update, context, services_of(context).meetings.configure)
