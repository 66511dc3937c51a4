"""Members' answers: replies to the bot's messages, and (when the bot sees all messages)
plain messages during a step, unless the member's /actie dialog waits for an answer; the
services' router (bot.services.reply_routing) decides whose they are. Edits update the
stored answer."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.telegram.handlers.actions.actions import after_prompt_reply, member_reply
from bot.telegram.handlers.common import react, reply, topic_of
from bot.telegram.runtime import services_of


def _replied_bot_message(message: Message, bot_id: int) -> Message | None:
    """The bot message this one replies to. In forum topics Telegram sets reply_to_message
    to the topic's creation message on every message, which is not a real reply."""
    target = message.reply_to_message
    if target is None or target.forum_topic_created is not None:
        return None
    if target.from_user is None or target.from_user.id != bot_id:
        return None
    return target


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return
    await _record(message, context)


async def _record(
    message: Message, context: ContextTypes.DEFAULT_TYPE, *, edited: bool = False
) -> None:
    services = services_of(context)
    target = _replied_bot_message(message, context.bot.id)
    said = await member_reply(message, target, context)
    if target is None:
        taken = await services.call(
            services.router.plain, said, thread_id=topic_of(message), edited=edited
        )
    else:
        taken = await services.call(services.router.reply, said)
    if taken.prompt_outcome is not None:
        await after_prompt_reply(message, taken.prompt_outcome, context)
        return
    if taken.notice:
        await reply(context, message, taken.notice)
    if taken.stored:
        react(context, message)


async def edited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.edited_message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return
    services = services_of(context)
    updated = await services.call(
        services.sessions.edit_answer,
        chat_id=message.chat.id,
        message_id=message.message_id,
        text=message.text or message.caption or "",
    )
    if not updated:
        # Edited into an answer (e.g. a reply added later): store it like a new one.
        await _record(message, context, edited=True)
