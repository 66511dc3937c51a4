"""The hulpvragen the team chooses: the card under each step card, the chair's pick, and
/hulpvragen [aan|uit]."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.services.buttons import AskHulpvraag, OpenHulpvragen
from bot.telegram.handlers.common import chat_of, group_command, message_of, person_of, press, reply
from bot.telegram.runtime import services_of


@group_command
async def hulpvragen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Bare: the card of the step that runs; with aan/uit: the bot's own posting."""
    services = services_of(context)
    if not context.args:
        notice = await services.call(services.hulpvragen.show, chat_id=chat_of(update).id)
        if notice:
            await reply(context, message_of(update), notice)
        return
    await services.call(
        services.hulpvragen.switch,
        chat_id=chat_of(update).id,
        by=person_of(update.effective_user),
        arg=context.args[0],
    )


async def open_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, OpenHulpvragen.decode, lambda s: s.hulpvragen.open_card)


async def ask_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, AskHulpvraag.decode, lambda s: s.hulpvragen.ask)
