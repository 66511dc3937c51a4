"""Members' answers: replies to the bot's questions, and (when the bot sees all messages)
plain messages during a step, unless the member's /actie dialog waits for an answer. Edits
update the stored answer."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.services.actions import MemberReply
from bot.services.common import Views
from bot.services.marks import MemberReplyToBoard
from bot.telegram.handlers.actions import after_prompt_reply, member_reply, reply_to_prompt
from bot.telegram.handlers.common import react, reply, topic_of
from bot.telegram.runtime import Services, services_of
from storage.db import session_scope


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


@dataclass(frozen=True)
class Taken:
    """What became of a member's text: an action plan reply (its outcome), or an answer
    (stored or not) that may also have proposed an own item on a board."""

    prompt_outcome: tuple[str | None, Views] | None = None
    notice: str | None = None
    stored: bool = False


def _take_reply(services: Services, said: MemberReply, target_text: str) -> Taken:
    """Off the loop, in one transaction: the action plan's reply, else the answer to the
    session (and the board proposal it may carry)."""
    with session_scope(services.engine):
        # An answer to the /actie dialog (or a reminder) is the action plan's, not the session's.
        outcome = reply_to_prompt(services, said)
        if outcome is not None:
            return Taken(prompt_outcome=outcome)
        # A reply to a board also proposes an own competence or activity; it stays an answer.
        notice = services.marks.propose(
            MemberReplyToBoard(
                chat_id=said.chat_id, who=said.who, text=said.text, replied_to_id=said.replied_to_id
            )
        )
        stored = services.sessions.record_reply(
            chat_id=said.chat_id,
            message_id=said.message_id,
            who=said.who,
            text=said.text,
            replied_to_id=said.replied_to_id,
            replied_to_text=target_text,
        )
        return Taken(notice=notice, stored=stored)


def _take_plain(
    services: Services, said: MemberReply, thread_id: int | None, *, edited: bool
) -> Taken:
    """Off the loop, in one transaction: the answer the member's /actie dialog waits for,
    else an answer to the session's current question. An edit is never a dialog's answer:
    the dialog has moved on since the message was first sent."""
    with session_scope(services.engine):
        outcome = None if edited else services.dialog.plain(said, thread_id=thread_id)
        if outcome is not None:
            return Taken(prompt_outcome=outcome)
        stored = services.sessions.record_plain(
            chat_id=said.chat_id, message_id=said.message_id, who=said.who, text=said.text
        )
        return Taken(stored=stored)


async def _record(
    message: Message, context: ContextTypes.DEFAULT_TYPE, *, edited: bool = False
) -> None:
    services = services_of(context)
    target = _replied_bot_message(message, context.bot.id)
    if target is None:
        taken = await services.call(
            _take_plain,
            services,
            await member_reply(message, None, context),
            topic_of(message),
            edited=edited,
        )
    else:
        taken = await services.call(
            _take_reply, services, await member_reply(message, target, context), target.text or ""
        )
    if taken.prompt_outcome is not None:
        await after_prompt_reply(message, taken.prompt_outcome, context)
        return
    if taken.notice:
        await reply(context, message, taken.notice)
    if taken.notice is not None:
        # The proposal for the chair is in the outbox.
        await services.wakeups.after_change(context.bot)
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
