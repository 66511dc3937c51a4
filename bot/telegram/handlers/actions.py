"""The action plan in Telegram: /actie, /acties, /klaar and /teamoverleg in the group,
/mijnacties and /start koppel in a private chat, the buttons, and the replies that answer
the /actie dialog. Each translates an update into a call on the services."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import texts
from bot.services.action_dialog import ActionDialog
from bot.services.actions import ActionService, ButtonReply, MemberReply
from bot.services.meetings import MeetingService
from bot.services.reminding import ReminderService
from bot.services.sessions import Person, Refusal
from bot.telegram.handlers.common import (
    Handler,
    edit_view,
    group_command,
    in_group,
    person_of,
    plain,
    reply,
    text_after_command,
    thread_of,
)
from bot.telegram.runtime import get_runtime

ACTION_PLAN_KEY = "action_plan"


@dataclass
class ActionPlan:
    actions: ActionService
    dialog: ActionDialog
    reminders: ReminderService
    meetings: MeetingService


def get_plan(context: ContextTypes.DEFAULT_TYPE) -> ActionPlan:
    return context.bot_data[ACTION_PLAN_KEY]


def _mentioned(message: Message) -> dict[str, Person]:
    """Members named by a text mention (they have no @username): visible text -> person."""
    return {
        text: person_of(entity.user)
        for entity, text in message.parse_entities([MessageEntity.TEXT_MENTION]).items()
        if entity.user is not None
    }


def action_command(handler: Handler) -> Handler:
    """A group command of the action plan; in a private chat it points to /mijnacties."""
    in_group_only = group_command(handler)

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and not in_group(message):
            await reply(message, texts.ACTIONS_IN_PRIVATE)
            return
        await in_group_only(update, context)

    return wrapper


@action_command
async def actie(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    get_plan(context).dialog.add(
        chat_id=update.effective_chat.id,
        thread_id=thread_of(update),
        chat_title=update.effective_chat.title,
        by=person_of(update.effective_user),
        message_id=message.message_id,
        text=text_after_command(message),
        mentioned=_mentioned(message),
    )


@action_command
async def acties(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    include_earlier = bool(context.args) and context.args[0].lower() == "alle"
    for text in get_plan(context).actions.list_actions(
        chat_id=update.effective_chat.id, include_earlier=include_earlier
    ):
        await reply(update.effective_message, text)


@action_command
async def klaar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    get_plan(context).actions.mark_done(
        chat_id=update.effective_chat.id,
        by=person_of(update.effective_user),
        number_arg=" ".join(context.args or []) or None,
        message_id=update.effective_message.message_id,
    )


@action_command
async def teamoverleg(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    shown = get_plan(context).meetings.configure(
        chat_id=update.effective_chat.id,
        thread_id=thread_of(update),
        by=person_of(update.effective_user),
        args=text_after_command(message),
        message_id=message.message_id,
    )
    if shown:
        await reply(message, shown)


# --- the private chat --------------------------------------------------------------------


async def start_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start koppel (the deep link under a group reminder): link and confirm."""
    get_runtime(context).sessions.link_private_chat(person_of(update.effective_user))
    await reply(update.effective_message, texts.LINKED)


async def mijnacties(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await reply(message, texts.MY_ACTIONS_IN_GROUP)
        return
    for text, markup in get_plan(context).reminders.my_actions(
        who=person_of(update.effective_user)
    ):
        await message.reply_text(
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=InlineKeyboardMarkup.de_json(markup, context.bot) if markup else None,
        )


# --- replies and buttons -----------------------------------------------------------------


async def answer_to_prompt(
    message: Message, target: Message, context: ContextTypes.DEFAULT_TYPE
) -> bool:
    """A reply to one of the action plan's messages (a dialog question, a reminder). True
    when it was ours: then it is never stored as an answer to the session."""
    said = MemberReply(
        chat_id=message.chat.id,
        message_id=message.message_id,
        who=person_of(message.from_user),
        text=message.text or message.caption or "",
        replied_to_id=target.message_id,
        mentioned=_mentioned(message),
    )
    plan = get_plan(context)
    # An answer to a dialog question, else perhaps a new text, date or owner for an action.
    outcome = plan.dialog.reply(said)
    if outcome is None:
        outcome = plan.actions.reply(said)
    if outcome is None:
        return False
    notice, views = outcome
    if notice:
        await reply(message, notice)
    for view in views:
        await edit_view(context, view)
    await get_runtime(context).after_change(context.bot)
    return True


async def _press(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    pick: Callable[[ActionPlan], Callable[..., ButtonReply]],
) -> None:
    query = update.callback_query
    press = pick(get_plan(context))
    try:
        notice, views = press(
            chat_id=query.message.chat.id,
            message_id=query.message.message_id,
            data=query.data,
            who=person_of(query.from_user),
        )
    except Refusal as refusal:
        await query.answer(plain(refusal.text), show_alert=True)
        return
    await query.answer(plain(notice) if notice else None)
    for view in views:
        await edit_view(context, view)
    await get_runtime(context).after_change(context.bot)


async def dialog_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _press(update, context, lambda plan: plan.dialog.button)


async def card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _press(update, context, lambda plan: plan.actions.card_button)


async def choice_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _press(update, context, lambda plan: plan.actions.choice_button)


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _press(update, context, lambda plan: plan.reminders.button)
