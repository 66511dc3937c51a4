"""/vakantie in the group: the team's vacations (see bot.services.calendar.vacations)."""

from __future__ import annotations

import functools

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.handlers.common import group_command, setting_command
from bot.telegram.runtime import services_of
from bot.texts.calendar import vacations as vacation_texts


@functools.partial(group_command, in_private=vacation_texts.VACATIONS_IN_PRIVATE)
async def vakantie(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await setting_command(update, context, services_of(context).vacations.command)
