"""/poster and /export: the files a team keeps."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.services.common import Refusal
from bot.telegram.handlers.common import (
    chat_of,
    group_command,
    in_group,
    message_of,
    person_of,
    reply,
    text_after_command,
    thread_of,
)
from bot.telegram.handlers.team.members import confirm_memberships
from bot.telegram.runtime import services_of


@group_command
async def poster(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    # Off the loop: gathering a whole session's content takes a few queries.
    # A linked group gets the whole team's poster; "/poster eigen" its own.
    services = services_of(context)
    await services.call(
        services.links.poster,
        chat_id=chat_of(update).id,
        thread_id=thread_of(update),
        by=person_of(update.effective_user),
        args=text_after_command(message_of(update)),
    )


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group for its chair; in a private chat for every group the member was in."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    services = services_of(context)
    who = person_of(update.effective_user)
    try:
        if in_group(message):
            await services.call(
                services.exports.export_group,
                chat_id=message.chat.id,
                thread_id=thread_of(update),
                by=who,
            )
        else:
            # Telegram's word first: a leave the bot missed is stored before any file goes.
            await confirm_memberships(context, who)
            await services.call(services.exports.export_private, who=who)
    except Refusal as refusal:
        await reply(context, message, refusal.text)
