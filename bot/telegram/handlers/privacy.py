"""/privacy in any chat; /vergeetmij and its confirmation in a private chat."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import texts
from bot.services.privacy import PrivacyService
from bot.services.sessions import Refusal
from bot.telegram.handlers.common import person_of, plain, reply
from bot.telegram.runtime import get_runtime

PRIVACY_KEY = "privacy"
# The buttons name no one: whoever presses them in their own private chat is the member.
FORGET_YES = "vergeet:ja"
FORGET_NO = "vergeet:nee"
FORGET_PATTERN = r"^vergeet:(ja|nee)$"


def get_privacy(context: ContextTypes.DEFAULT_TYPE) -> PrivacyService:
    return context.bot_data[PRIVACY_KEY]


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None:
        await reply(update.effective_message, get_privacy(context).notice())


async def vergeetmij(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await reply(message, texts.FORGET_IN_PRIVATE)
        return
    await message.reply_text(
        texts.FORGET_ASK,
        parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(texts.FORGET_YES_BUTTON, callback_data=FORGET_YES),
                    InlineKeyboardButton(texts.FORGET_NO_BUTTON, callback_data=FORGET_NO),
                ]
            ]
        ),
    )


async def forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    service = get_privacy(context)
    decide = service.forget if query.data == FORGET_YES else service.keep
    try:
        outcome = decide(chat_id=query.message.chat.id, who=person_of(query.from_user))
    except Refusal as refusal:
        await query.answer(plain(refusal.text), show_alert=True)
        return
    await query.answer()
    # The question becomes the answer, without its buttons: it cannot be pressed twice.
    await query.edit_message_text(outcome, parse_mode=ParseMode.HTML)
    await get_runtime(context).after_change(context.bot)
