"""Members' answers: replies to the bot's questions, and (when the bot sees all messages)
plain messages during a step. Edits update the stored answer."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.services.marks import MemberReplyToBoard
from bot.telegram.handlers.actions import answer_to_prompt
from bot.telegram.handlers.common import person_of, react, reply
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


async def _record(message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    sessions = services.sessions
    who = person_of(message.from_user)
    text = message.text or message.caption or ""
    target = _replied_bot_message(message, context.bot.id)
    # An answer to the /actie dialog (or a reminder) is the action plan's, not the session's.
    if target is not None and await answer_to_prompt(message, target, context):
        return
    if target is not None:
        # A reply to a board also proposes an own competence or activity; it stays an answer.
        notice = await services.call(
            services.marks.propose,
            MemberReplyToBoard(
                chat_id=message.chat.id, who=who, text=text, replied_to_id=target.message_id
            ),
        )
        if notice:
            await reply(context, message, notice)
        if notice is not None:
            # The proposal for the chair is in the outbox.
            await services.wakeups.after_change(context.bot)
        stored = await services.call(
            sessions.record_reply,
            chat_id=message.chat.id,
            message_id=message.message_id,
            who=who,
            text=text,
            replied_to_id=target.message_id,
            replied_to_text=target.text or "",
        )
    else:
        stored = await services.call(
            sessions.record_plain,
            chat_id=message.chat.id,
            message_id=message.message_id,
            who=who,
            text=text,
        )
    if stored:
        await react(message)


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
        await _record(message, context)
