"""Group commands and buttons that steer the work session."""

from __future__ import annotations

from telegram import MessageEntity, Update
from telegram.ext import ContextTypes

from bot.services.buttons import BeginSession, ChairPick, JoinSession, MarkItem, TurnPage
from bot.services.common import Person
from bot.telegram.handlers.common import (
    chat_of,
    edit_view,
    group_command,
    is_admin,
    message_of,
    person_of,
    press,
    reply,
    text_after_command,
    thread_of,
)
from bot.telegram.handlers.team.members import mentioned_members
from bot.telegram.runtime import services_of


def _argument(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    return context.args[0] if context.args else None


@group_command
async def sessie(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.sessions.open,
        chat_id=chat_of(update).id,
        thread_id=thread_of(update),
        by=person_of(update.effective_user),
        minutes_arg=_argument(context),
    )


@group_command
async def doemee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    text, view = await services.call(
        services.sessions.join, chat_id=chat_of(update).id, who=person_of(update.effective_user)
    )
    await reply(context, message_of(update), text)
    await edit_view(context, view)


@group_command
async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    view = await services.call(
        services.sessions.begin, chat_id=chat_of(update).id, by=person_of(update.effective_user)
    )
    await edit_view(context, view)


@group_command
async def volgende(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.sessions.next_step, chat_id=chat_of(update).id, by=person_of(update.effective_user)
    )


@group_command
async def verleng(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.sessions.extend,
        chat_id=chat_of(update).id,
        by=person_of(update.effective_user),
        minutes_arg=_argument(context),
    )


@group_command
async def pauze(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.sessions.pause, chat_id=chat_of(update).id, by=person_of(update.effective_user)
    )


@group_command
async def hervat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.sessions.resume, chat_id=chat_of(update).id, by=person_of(update.effective_user)
    )


@group_command
async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.sessions.stop, chat_id=chat_of(update).id, by=person_of(update.effective_user)
    )


@group_command
async def vraag(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.sessions.ask,
        chat_id=chat_of(update).id,
        by=person_of(update.effective_user),
        text=text_after_command(message_of(update)),
    )


async def _named_person(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Person | None, str | None]:
    """Who is pointed at: a replied-to message, a text mention (of someone Telegram says is
    in the group), or an @username."""
    message = message_of(update)
    target = message.reply_to_message
    if (
        target
        and target.from_user
        and not target.from_user.is_bot
        and not target.forum_topic_created
    ):
        return person_of(target.from_user), None
    named = await mentioned_members(context, message)
    if named:
        return next(iter(named.values())), None
    # An @username, or the name of someone text-mentioned who is not in this group: the
    # service looks it up among the group's members only.
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    return None, next(iter(mentions.values()), None)


@group_command
async def voorzitter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The chair hands over; a group admin (Telegram says who) may always take the role."""
    services = services_of(context)
    chat_id = chat_of(update).id
    by = person_of(update.effective_user)
    to, handle = await _named_person(update, context)
    await services.call(
        services.sessions.hand_over,
        chat_id=chat_id,
        by=by,
        to=to,
        handle=handle,
        admin=await is_admin(context, chat_id, by.id),
        message_id=message_of(update).message_id,
    )


@group_command
async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    text = await services.call(services.sessions.status, chat_id=chat_of(update).id)
    await reply(context, message_of(update), text)


@group_command
async def samenvatting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    await services.call(
        services.summaries.samenvatting,
        chat_id=chat_of(update).id,
        thread_id=thread_of(update),
        message_id=message_of(update).message_id,
        by=person_of(update.effective_user),
    )


# --- buttons -----------------------------------------------------------------------------


async def join_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, JoinSession.decode, lambda services: services.sessions.join_button)


async def begin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(
        update, context, BeginSession.decode, lambda services: services.sessions.begin_button
    )


async def mark_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, MarkItem.decode, lambda services: services.marks.toggle)


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, TurnPage.decode, lambda services: services.marks.turn_page)


async def chair_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(
        update,
        context,
        ChairPick.decode,
        lambda services: services.sessions.chair_button,
        ask_admin=True,
    )
