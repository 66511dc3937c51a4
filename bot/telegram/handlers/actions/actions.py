"""The action plan in Telegram: /actie, /acties and /klaar in the group,
/mijnacties and /start koppel in a private chat, the buttons, and the replies that answer
the /actie dialog. Each translates an update into a call on the services."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.services.actions.actions import MemberReply
from bot.services.buttons import CardPress, DeadlinePick, OwnerPick, ReminderPress, decode_dialog
from bot.services.common import Views
from bot.telegram.handlers.common import (
    Handler,
    chat_of,
    edit_view,
    group_command,
    message_of,
    person_of,
    press,
    reply,
    text_after_command,
    thread_of,
)
from bot.telegram.handlers.team.members import confirm_memberships, mentioned_members
from bot.telegram.runtime import services_of
from bot.texts.actions import actions as action_texts
from bot.texts.actions import reminders as reminder_texts


def action_command(handler: Handler) -> Handler:
    """A group command of the action plan; in a private chat it points to /mijnacties."""
    return group_command(handler, in_private=action_texts.ACTIONS_IN_PRIVATE)


@action_command
async def actie(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message = message_of(update)
    await services.call(
        services.dialog.add,
        chat_id=chat_of(update).id,
        thread_id=thread_of(update),
        chat_title=chat_of(update).title,
        by=person_of(update.effective_user),
        message_id=message.message_id,
        text=text_after_command(message),
        mentioned=await mentioned_members(context, message),
    )


async def edited_actie(message: Message, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An /actie edited afterwards (bot.telegram.handlers.edits): the action it made
    changes with it, never a second one."""
    services = services_of(context)
    notice, views = await services.call(
        services.dialog.edited,
        chat_id=message.chat.id,
        by=person_of(message.from_user),
        message_id=message.message_id,
        text=text_after_command(message),
        mentioned=await mentioned_members(context, message),
    )
    if notice:
        await reply(context, message, notice)
    for view in views:
        await edit_view(context, view)


@action_command
async def acties(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    include_earlier = (context.args or [""])[0].lower() == "alle"
    shown = await services.call(
        services.actions.list_actions, chat_id=chat_of(update).id, include_earlier=include_earlier
    )
    await reply(context, message_of(update), *shown)


@action_command
async def klaar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.actions.mark_done,
        chat_id=chat_of(update).id,
        by=person_of(update.effective_user),
        number_arg=" ".join(context.args or []) or None,
        message_id=message_of(update).message_id,
    )


# --- the private chat --------------------------------------------------------------------


async def start_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start koppel (the deep link under a group reminder): link and confirm."""
    services = services_of(context)
    await services.call(services.reminders.link, person_of(update.effective_user))
    await reply(context, message_of(update), reminder_texts.LINKED)


async def mijnacties(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await reply(context, message, action_texts.MY_ACTIONS_IN_GROUP)
        return
    services = services_of(context)
    who = person_of(update.effective_user)
    await confirm_memberships(context, who)
    for text, markup in await services.call(services.reminders.my_actions, who=who):
        await reply(context, message, text, markup=markup)
    # Then the same actions for the member's calendar.
    await services.call(services.exports.my_actions_calendar, who=who)


# --- replies and buttons -----------------------------------------------------------------


async def member_reply(
    message: Message, target: Message | None, context: ContextTypes.DEFAULT_TYPE
) -> MemberReply:
    """What a member said, and which bot message it replies to (0: none)."""
    return MemberReply(
        chat_id=message.chat.id,
        message_id=message.message_id,
        who=person_of(message.from_user),
        text=message.text or message.caption or "",
        replied_to_id=target.message_id if target else 0,
        mentioned=await mentioned_members(context, message),
        replied_to_text=(target.text or "") if target else "",
    )


async def after_prompt_reply(
    message: Message, outcome: tuple[str | None, Views], context: ContextTypes.DEFAULT_TYPE
) -> None:
    """What the action plan says back to a message it took (bot.services.reply_routing)."""
    notice, views = outcome
    if notice:
        await reply(context, message, notice)
    for view in views:
        await edit_view(context, view)


async def dialog_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, decode_dialog, lambda services: services.dialog.button)


async def card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, CardPress.decode, lambda services: services.actions.card_button)


async def owner_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, OwnerPick.decode, lambda services: services.actions.choice_button)


async def deadline_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(
        update, context, DeadlinePick.decode, lambda services: services.actions.choice_button
    )


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query and query.message and query.message.chat.type == ChatType.PRIVATE:
        # A press in private answers with the group's action: Telegram's word on who is
        # still in which group first.
        await confirm_memberships(context, person_of(query.from_user))
    await press(update, context, ReminderPress.decode, lambda services: services.reminders.button)
