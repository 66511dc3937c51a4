"""The private chat with the bot (/start links a member so reminders can reach them, /help,
free text), and commands the bot does not know, in any chat."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, ContextTypes

from bot.core.commands import closest_command
from bot.telegram.handlers.common import message_of, person_of, reply
from bot.telegram.runtime import services_of
from bot.texts import help as help_texts


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message = message_of(update)
    if message.chat.type != ChatType.PRIVATE:
        await reply(context, message, help_texts.help_text(services_of(context).deck))
        return
    who = person_of(update.effective_user)
    await services.call(services.reminders.link, who)
    await reply(context, message, help_texts.private_start(who.first_name))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = message_of(update)
    deck = services_of(context).deck
    private = message.chat.type == ChatType.PRIVATE
    await reply(
        context, message, help_texts.private_help(deck) if private else help_texts.help_text(deck)
    )


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text in the private chat: there is nothing to answer there, say where to go."""
    await reply(context, message_of(update), help_texts.PRIVATE_TEXT)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command no handler took: the closest known one, or /help. A command for another bot
    (/x@other_bot) is none of ours."""
    message = message_of(update)
    word, _, target = (message.text or "").split(maxsplit=1)[0].partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return
    known = {
        command
        for handlers in context.application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    meant = closest_command(word, known)
    await reply(
        context, message, help_texts.did_you_mean(meant) if meant else help_texts.UNKNOWN_COMMAND
    )
