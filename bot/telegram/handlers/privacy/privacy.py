"""/privacy in any chat; /vergeetmij and its confirmation in a private chat."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.services.buttons import ForgetPress
from bot.telegram.handlers.common import press, reply
from bot.telegram.runtime import services_of
from bot.texts.privacy import privacy as privacy_texts


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    if update.effective_message is not None:
        notice = await services.call(services.privacy.notice)
        await reply(context, update.effective_message, notice)


async def vergeetmij(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message = update.effective_message
    if message is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await reply(context, message, privacy_texts.FORGET_IN_PRIVATE)
        return
    text, markup = await services.call(services.privacy.forget_question)
    await reply(context, message, text, markup=markup)


async def forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await press(update, context, ForgetPress.decode, lambda services: services.privacy.answer)
