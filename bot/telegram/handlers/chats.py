"""The bot's own membership: removed from or added to a group, blocked in a private chat,
and a group that became a supergroup."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.telegram.handlers.actions import get_plan
from bot.telegram.runtime import get_runtime

GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


async def my_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    if change is None:
        return
    gone = change.new_chat_member.status in GONE
    if change.chat.type == ChatType.PRIVATE:
        if gone:
            # A member blocked the bot: their reminders go to the group from now on.
            get_plan(context).reminders.unlink(user_id=change.chat.id)
        return
    runtime = get_runtime(context)
    runtime.groups.set_present(
        chat_id=change.chat.id, title=change.chat.title or "", present=not gone
    )
    if not gone:
        # Back in the group: whatever waited goes out now.
        await runtime.run_due(context.bot)


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    runtime = get_runtime(context)
    runtime.groups.migrated(old_chat_id=message.chat.id, new_chat_id=message.migrate_to_chat_id)
    await runtime.after_change(context.bot)
