"""Group commands and buttons that steer the work session."""

from __future__ import annotations

from telegram import MessageEntity, Update
from telegram.ext import ContextTypes

from bot.services.sessions import Person, Refusal
from bot.telegram.handlers.common import (
    edit_view,
    group_command,
    person_of,
    plain,
    reply,
    text_after_command,
    thread_of,
)
from bot.telegram.runtime import get_runtime


def _argument(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    return context.args[0] if context.args else None


@group_command
async def sessie(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_runtime(context).sessions.open(
        chat_id=update.effective_chat.id,
        thread_id=thread_of(update),
        by=person_of(update.effective_user),
        minutes_arg=_argument(context),
    )


@group_command
async def doemee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text, view = get_runtime(context).sessions.join(
        chat_id=update.effective_chat.id, who=person_of(update.effective_user)
    )
    await reply(update.effective_message, text)
    await edit_view(context, view)


@group_command
async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    view = get_runtime(context).sessions.begin(
        chat_id=update.effective_chat.id, by=person_of(update.effective_user)
    )
    await edit_view(context, view)


@group_command
async def volgende(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_runtime(context).sessions.next_step(
        chat_id=update.effective_chat.id, by=person_of(update.effective_user)
    )


@group_command
async def verleng(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_runtime(context).sessions.extend(
        chat_id=update.effective_chat.id,
        by=person_of(update.effective_user),
        minutes_arg=_argument(context),
    )


@group_command
async def pauze(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_runtime(context).sessions.pause(
        chat_id=update.effective_chat.id, by=person_of(update.effective_user)
    )


@group_command
async def hervat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_runtime(context).sessions.resume(
        chat_id=update.effective_chat.id, by=person_of(update.effective_user)
    )


@group_command
async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_runtime(context).sessions.stop(
        chat_id=update.effective_chat.id, by=person_of(update.effective_user)
    )


@group_command
async def vraag(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_runtime(context).sessions.ask(
        chat_id=update.effective_chat.id,
        by=person_of(update.effective_user),
        text=text_after_command(update.effective_message),
    )


def _named_person(update: Update) -> tuple[Person | None, str | None]:
    """Who the chair points at: a replied-to message, a text mention, or an @username."""
    message = update.effective_message
    target = message.reply_to_message
    if (
        target
        and target.from_user
        and not target.from_user.is_bot
        and not target.forum_topic_created
    ):
        return person_of(target.from_user), None
    mentions = message.parse_entities([MessageEntity.TEXT_MENTION, MessageEntity.MENTION])
    for entity in mentions:
        if entity.type == MessageEntity.TEXT_MENTION and entity.user:
            return person_of(entity.user), None
    handles = [value for entity, value in mentions.items() if entity.type == MessageEntity.MENTION]
    return None, (handles[0] if handles else None)


@group_command
async def voorzitter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    to, handle = _named_person(update)
    get_runtime(context).sessions.hand_over(
        chat_id=update.effective_chat.id, by=person_of(update.effective_user), to=to, handle=handle
    )


@group_command
async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = get_runtime(context).sessions.status(chat_id=update.effective_chat.id)
    await reply(update.effective_message, text)


@group_command
async def samenvatting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    summary = get_runtime(context).sessions.summary(chat_id=update.effective_chat.id)
    message = update.effective_message
    for text in summary.messages:
        await reply(message, text)
    if summary.document:
        name, body = summary.document
        await message.reply_document(body.encode("utf-8"), filename=name)


# --- buttons -----------------------------------------------------------------------------


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE, action) -> None:
    query = update.callback_query
    try:
        notice, view = action(get_runtime(context).sessions, query, person_of(query.from_user))
    except Refusal as refusal:
        await query.answer(plain(refusal.text), show_alert=True)
        return
    await query.answer(plain(notice) if notice else None)
    await edit_view(context, view)
    await get_runtime(context).after_change(context.bot)


async def join_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    def action(sessions, query, who):
        session_id = int(query.data.split(":")[1])
        return sessions.join(chat_id=query.message.chat.id, who=who, session_id=session_id)

    await _button(update, context, action)


async def begin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    def action(sessions, query, who):
        session_id = int(query.data.split(":")[1])
        view = sessions.begin(chat_id=query.message.chat.id, by=who, session_id=session_id)
        return "De sessie begint!", view

    await _button(update, context, action)


async def mark_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    def action(sessions, query, who):
        _, session_id, board, key = query.data.split(":", 3)
        return sessions.toggle_mark(
            chat_id=query.message.chat.id, session_id=int(session_id), board=board, key=key, who=who
        )

    await _button(update, context, action)
