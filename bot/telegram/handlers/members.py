"""Every member the bot sees in a group is remembered there: whoever sends a command, a
reply or a service message, presses a button, joins, or is mentioned by name. Telegram has
no call that turns @username into a user, so this is how `/actie @anna ...` finds Anna."""

from __future__ import annotations

from telegram import MessageEntity, Update, User
from telegram.constants import ChatType

from bot.services.common import Person
from bot.telegram.handlers.common import person_of

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


def people_seen(update: Update) -> tuple[int, list[Person]] | None:
    """The group and the members this update shows there; None outside groups or when it
    shows nobody. Stored when the update is taken on (bot.telegram.intake), before any
    handler runs, so a member is known by the time a command names them."""
    chat = update.effective_chat
    if chat is None or chat.type not in GROUPS:
        return None
    people = _people(update)
    return (chat.id, [person_of(user) for user in people]) if people else None


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
