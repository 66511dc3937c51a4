"""Commands a member edited afterwards. Telegram sends an edit as an update of its own, and
python-telegram-bot's CommandHandler would run the command again (a second action, a second
export); app.py keeps the commands to new messages and sends every edited command here.

An edited /actie changes the action it made (bot.services.actions.dialog.edited). Any other
edited command of ours gets a short note instead of a silent nothing: the member who fixed
a typo in a command is waiting for the bot to act, and silence would look like the bot
broke; the note says to send it anew, which runs it once. A command the bot does not know
(another bot's) stays unanswered, as when it was sent."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.requests import command_of
from bot.telegram.handlers.actions.actions import edited_actie
from bot.telegram.handlers.common import in_group, reply
from bot.texts import help as help_texts
from bot.texts import requests as request_texts

OURS = frozenset(name for name, _ in (*help_texts.GROUP_COMMANDS, *help_texts.PRIVATE_COMMANDS))


async def edited_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.edited_message
    if message is None or message.from_user is None:
        return
    text = message.text or ""
    addressed = text.split(maxsplit=1)[0].partition("@")[2] if text else ""
    if addressed and addressed.lower() != (context.bot.username or "").lower():
        return  # a command for another bot in the group
    command = command_of(text)
    if command is None or command[0] not in OURS:
        return
    if command[0] == "actie" and in_group(message):
        await edited_actie(message, context)
    else:
        await reply(context, message, request_texts.EDITED_COMMAND_IGNORED)
