"""The private chat with the bot: /start links a member so reminders can reach them."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import texts
from bot.telegram.handlers.common import message_of, person_of, reply
from bot.telegram.runtime import services_of


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message = message_of(update)
    if message.chat.type != ChatType.PRIVATE:
        await reply(context, message, texts.help_text(services_of(context).deck))
        return
    await services.call(services.reminders.link, person_of(update.effective_user))
    await reply(context, message, texts.private_help(services_of(context).deck))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = message_of(update)
    deck = services_of(context).deck
    private = message.chat.type == ChatType.PRIVATE
    await reply(context, message, texts.private_help(deck) if private else texts.help_text(deck))
