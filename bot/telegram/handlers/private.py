"""The private chat with the bot: /start links a member so reminders can reach them."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import texts
from bot.telegram.handlers.common import person_of, reply
from bot.telegram.runtime import get_runtime


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message.chat.type != ChatType.PRIVATE:
        await reply(message, texts.HELP)
        return
    get_runtime(context).sessions.link_private_chat(person_of(update.effective_user))
    await reply(message, texts.PRIVATE_HELP)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    await reply(
        message, texts.PRIVATE_HELP if message.chat.type == ChatType.PRIVATE else texts.HELP
    )
