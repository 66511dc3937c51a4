"""Small helpers every handler uses: who is speaking, where, replying, refusing, refreshing
a message in place, and the one way a button press becomes a call on the services.

Replies and refreshed messages go through the outbox (bot.services.replies), never
straight to Telegram: a handler does not wait on Telegram, so a flood ban in one chat
holds up neither that chat's next update nor any other chat's. Only what cannot wait
goes direct (a button's answer within seconds, the ✍ reaction), and its failure is
shrugged off: the member's press or answer was handled all the same."""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import CallbackQuery, Chat, ChatMember, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.core.requests import reply_key
from bot.services.common import ButtonReply, MessageView, Person, Press, Refusal
from bot.telegram.runtime import Services, services_of
from bot.texts import help as help_texts

log = logging.getLogger(__name__)

TAG = re.compile(r"<[^>]+>")
ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
Button = TypeVar("Button")
Part = TypeVar("Part")


def _present(part: Part | None, what: str) -> Part:
    # python-telegram-bot types every part of an Update as optional; the filters a handler is
    # registered with (app.py) guarantee the parts it reads, so a None here is a wiring bug.
    if part is None:
        raise LookupError(f"this update has no {what}: is the handler registered right?")
    return part


def chat_of(update: Update) -> Chat:
    return _present(update.effective_chat, "chat")


def message_of(update: Update) -> Message:
    return _present(update.effective_message, "message")


def person_of(user: User | None) -> Person:
    user = _present(user, "sender")
    return Person(
        id=user.id, first_name=user.first_name, last_name=user.last_name, username=user.username
    )


def thread_of(update: Update) -> int | None:
    return topic_of(update.effective_message)


def topic_of(message: Message | None) -> int | None:
    return message.message_thread_id if message and message.is_topic_message else None


def text_after_command(message: Message) -> str:
    # Everything after the command, line breaks and all.
    command_end = message.entities[0].length if message.entities else 0
    return (message.text or "")[command_end:].strip()


async def reply(
    context: ContextTypes.DEFAULT_TYPE, message: Message, *texts_: str, markup: dict | None = None
) -> None:
    """Answer the member's message (as a reply, in its topic) through the outbox; the
    update's last handler starts sending it. A command the member repeats gets one answer
    (bot.services.replies); an edited message is no repeat."""
    services = services_of(context)
    asker = message.from_user.id if message.from_user and message.edit_date is None else None
    await services.call(
        services.replies.reply,
        chat_id=message.chat.id,
        thread_id=topic_of(message),
        to_message_id=message.message_id,
        texts=texts_,
        markup=markup,
        request_key=reply_key(asker, message.text or "") if asker else None,
    )


async def answer(query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> None:
    """Stop the button's spinner. Telegram allows only seconds for this, so it is not
    queued; when it fails (a flood, an old press) the press was handled all the same."""
    try:
        await query.answer(plain(text) if text else None, show_alert=alert)
    except TelegramError as exc:
        log.info("button press not answered: %s", exc)


def plain(text: str) -> str:
    """Callback answers show plain text (no HTML), at most 200 characters."""
    return html.unescape(TAG.sub("", text))[:200]


async def edit_view(context: ContextTypes.DEFAULT_TYPE, view: MessageView | None) -> None:
    """Refresh a message in place (participants, mark counts), through the outbox; it may
    be gone by then, that's fine."""
    services = services_of(context)
    if view is None:
        return
    await services.call(
        services.replies.refresh,
        chat_id=view.chat_id,
        message_id=view.message_id,
        outbox_id=view.outbox_id,
        text=view.text,
        markup=view.reply_markup,
    )


async def setting_command(
    update: Update, context: ContextTypes.DEFAULT_TYPE, change: Callable[..., str | None]
) -> None:
    """A group setting anyone may look at and the chair changes (/teamoverleg, /vakantie):
    `change` returns the current state to show right away, or queues its confirmation."""
    message = message_of(update)
    shown = await services_of(context).call(
        change,
        chat_id=chat_of(update).id,
        thread_id=thread_of(update),
        by=person_of(update.effective_user),
        args=text_after_command(message),
        message_id=message.message_id,
    )
    if shown:
        await reply(context, message, shown)


async def chat_member_of(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int
) -> ChatMember | None:
    """Telegram's word on someone's place in a group; None when it cannot tell (the bot
    left, Telegram is busy): then the database's word stands."""
    try:
        return await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.info("membership in %s not known: %s", chat_id, exc)
        return None


async def is_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    member = await chat_member_of(context, chat_id, user_id)
    return member is not None and member.status in ADMINS


def in_group(message: Message) -> bool:
    return message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def group_command(handler: Handler, *, in_private: str = help_texts.SESSIE_IN_PRIVATE) -> Handler:
    """A group command: explained in a private chat (`in_private`); a Refusal becomes a
    short reply; afterwards whatever the command queued is delivered."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        if not in_group(message):
            await reply(context, message, in_private)
            return
        try:
            await handler(update, context)
        except Refusal as refusal:
            await reply(context, message, refusal.text)

    return wrapper


def react(context: ContextTypes.DEFAULT_TYPE, message: Message, emoji: str = "✍") -> None:
    """A quiet sign that an answer was stored, set beside the handling instead of awaited:
    the chat's next update need not wait for Telegram's answer. The application awaits it
    at shutdown; a chat that forbids reactions is fine too."""
    context.application.create_task(_react(message, emoji), name="reaction")


async def _react(message: Message, emoji: str) -> None:
    try:
        await message.set_reaction(emoji)
    except TelegramError as exc:
        log.debug("reaction not set: %s", exc)


async def unknown_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await answer(update.callback_query, help_texts.UNKNOWN_BUTTON, alert=True)


async def press(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    decode: Callable[[str], Button],
    pick: Callable[[Services], Callable[[Press, Button], ButtonReply]],
    *,
    ask_admin: bool = False,
) -> None:
    """A button press: its data read back, the picked service decides (a press in a group
    counts only from a member: the policy guards every one); a Refusal becomes an alert,
    a notice a short answer; then the messages it changed are refreshed and whatever it
    queued is delivered. With `ask_admin`, Telegram is asked whether the presser
    administers the group (a rule counts it)."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    services = services_of(context)
    chat_id, who = query.message.chat.id, person_of(query.from_user)
    admin = ask_admin and await is_admin(context, chat_id, who.id)
    try:
        where = Press(chat_id, query.message.message_id, who, admin=admin)
        guarded = services.policy.pressed(pick(services))
        notice, views = await services.call(guarded, where, decode(query.data or ""))
    except Refusal as refusal:
        await answer(query, refusal.text, alert=True)
        return
    await answer(query, notice)
    for view in views:
        await edit_view(context, view)
