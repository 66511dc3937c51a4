"""What goes on the poster besides the step's answers: steekwoorden (/steekwoord and the
chair's taps on the proposal) and members' own items on the boards."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.services.buttons import AddOwnItem, ToggleKeyword
from bot.telegram.handlers.common import (
    chat_of,
    edit_view,
    group_command,
    message_of,
    person_of,
    press,
    text_after_command,
)
from bot.telegram.runtime import services_of


@group_command
async def steekwoord(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = message_of(update)
    services = services_of(context)
    views = await services.call(
        services.keywords.add,
        chat_id=chat_of(update).id,
        by=person_of(update.effective_user),
        text=text_after_command(message),
        message_id=message.message_id,
    )
    for view in views:
        await edit_view(context, view)


async def keyword_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, ToggleKeyword.decode, lambda s: s.keywords.toggle)


async def own_item_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, AddOwnItem.decode, lambda s: s.marks.add_own)
