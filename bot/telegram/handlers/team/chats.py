"""The bot's own membership: removed from or added to a group, blocked in a private chat,
and a group that became a supergroup."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.telegram.runtime import services_of

GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


async def my_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    if change is None:
        return
    gone = change.new_chat_member.status in GONE
    services = services_of(context)
    if change.chat.type == ChatType.PRIVATE:
        if gone:
            # A member blocked the bot: their reminders go to the group from now on.
            await services.call(services.reminders.unlink, user_id=change.chat.id)
        return
    await services.call(
        services.groups.set_present,
        chat_id=change.chat.id,
        title=change.chat.title or "",
        present=not gone,
    )
    if not gone:
        # Back in the group: whatever waited goes out now.
        await services.wakeups.run_due(context.bot)


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    services = services_of(context)
    await services.call(
        services.groups.migrated,
        old_chat_id=message.chat.id,
        new_chat_id=message.migrate_to_chat_id,
    )
