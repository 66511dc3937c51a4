"""Small helpers every handler uses: who is speaking, replying, refusing."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from telegram import Message, Update, User
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.runtime import get_runtime
from bot.sessions import Person, Refusal

log = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def person_of(user: User) -> Person:
    return Person(
        id=user.id, first_name=user.first_name, last_name=user.last_name, username=user.username
    )


async def reply(message: Message, text: str) -> None:
    await message.reply_text(text, parse_mode=ParseMode.HTML, do_quote=True)


def in_group(message: Message) -> bool:
    return message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def group_command(handler: Handler) -> Handler:
    """A group command: explained in a private chat; a Refusal becomes a short reply;
    afterwards whatever the command queued is delivered."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        if not in_group(message):
            await reply(message, texts.SESSIE_IN_PRIVATE)
            return
        try:
            await handler(update, context)
        except Refusal as refusal:
            await reply(message, refusal.text)
        await get_runtime(context).after_change(context.bot)

    return wrapper


async def react(message: Message, emoji: str = "✍") -> None:
    """A quiet sign that an answer was stored; a chat that forbids reactions is fine too."""
    try:
        await message.set_reaction(emoji)
    except TelegramError as exc:
        log.debug("reaction not set: %s", exc)
