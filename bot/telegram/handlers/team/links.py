"""/koppel, /ontkoppel and /terugkoppeling: a team split into linked sub-groups (see
bot.services.team.links)."""

from __future__ import annotations

import functools

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.handlers.common import (
    chat_of,
    group_command,
    message_of,
    person_of,
    text_after_command,
    thread_of,
)
from bot.telegram.runtime import services_of
from bot.texts.team import links as link_texts


@functools.partial(group_command, in_private=link_texts.LINK_IN_PRIVATE)
async def koppel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services, chat, message = services_of(context), chat_of(update), message_of(update)
    await services.call(
        services.links.link_command,
        chat_id=chat.id,
        thread_id=thread_of(update),
        title=chat.title,
        by=person_of(update.effective_user),
        args=text_after_command(message),
        message_id=message.message_id,
    )


@functools.partial(group_command, in_private=link_texts.LINK_IN_PRIVATE)
async def ontkoppel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.links.unlink_command,
        chat_id=chat_of(update).id,
        by=person_of(update.effective_user),
    )


@functools.partial(group_command, in_private=link_texts.LINK_IN_PRIVATE)
async def terugkoppeling(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.links.feedback_command,
        chat_id=chat_of(update).id,
        thread_id=thread_of(update),
        by=person_of(update.effective_user),
        message_id=message_of(update).message_id,
    )
