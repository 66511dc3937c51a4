"""Every member the bot sees in a group is remembered there: whoever sends a command, a
reply or a service message, presses a button, joins, or is mentioned by name. Telegram has
no call that turns @username into a user, so this is how `/actie @anna ...` finds Anna."""

from __future__ import annotations

from telegram import MessageEntity, Update, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.telegram.handlers.common import person_of
from bot.telegram.runtime import services_of

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)
# Right after the duplicate check (updates.FIRST_GROUP), before every other handler.
SEEN_GROUP = -999


def _people(update: Update) -> list[User]:
    people: list[User] = []
    if update.effective_user is not None:
        people.append(update.effective_user)
    message = update.effective_message
    if message is not None:
        people += message.new_chat_members or ()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None:
            people.append(replied.from_user)
        people += [
            entity.user
            for entity in (message.entities or ()) + (message.caption_entities or ())
            if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None
        ]
    if update.chat_member is not None:
        people.append(update.chat_member.new_chat_member.user)
    return [user for user in people if not user.is_bot]


async def seen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    if chat is None or chat.type not in GROUPS:
        return
    people = _people(update)
    if people:
        services = services_of(context)
        await services.call(
            services.groups.see, chat_id=chat.id, people=[person_of(user) for user in people]
        )
