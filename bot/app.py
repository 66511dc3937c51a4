"""Building the Application: handlers in one place, start-up and shutdown."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import texts
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.delivery import Delivery
from bot.handlers import answers, private, session
from bot.runtime import Runtime, attach
from bot.sessions import SessionService
from prompts import Deck, load_deck
from storage.db import make_engine

log = logging.getLogger(__name__)

GROUP_COMMANDS: dict[str, Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]] = {
    "sessie": session.sessie,
    "doemee": session.doemee,
    "begin": session.begin,
    "status": session.status,
    "volgende": session.volgende,
    "verleng": session.verleng,
    "pauze": session.pauze,
    "hervat": session.hervat,
    "vraag": session.vraag,
    "stop": session.stop,
    "voorzitter": session.voorzitter,
    "samenvatting": session.samenvatting,
}


def register_handlers(application: Application) -> None:
    application.add_handler(CommandHandler("start", private.start))
    application.add_handler(CommandHandler("help", private.help_command))
    for name, callback in GROUP_COMMANDS.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(session.join_button, pattern=r"^join:\d+$"))
    application.add_handler(CallbackQueryHandler(session.begin_button, pattern=r"^begin:\d+$"))
    application.add_handler(CallbackQueryHandler(session.mark_button, pattern=r"^mk:\d+:\w+:\w+$"))
    # After the commands: any other text in a group may be an answer.
    group_text = filters.ChatType.GROUPS & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & group_text, answers.group_text)
    )
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & group_text, answers.edited_text)
    )
    application.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    ids = ""
    if isinstance(update, Update):
        chat = update.effective_chat.id if update.effective_chat else None
        ids = f"update {update.update_id} chat {chat}"
    # Ids only: message text stays out of the logs.
    log.error("error while handling %s", ids or "a job", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(texts.SORRY)
        except Exception:  # noqa: BLE001 - telling the member is best effort
            log.debug("could not apologise", exc_info=True)


def build_runtime(settings: Settings, *, clock: Clock, deck: Deck) -> Runtime:
    engine = make_engine(settings.database_url)
    sessions = SessionService(engine=engine, deck=deck, clock=clock, tz=settings.tz)
    runtime = Runtime(
        settings=settings,
        clock=clock,
        engine=engine,
        deck=deck,
        sessions=sessions,
        delivery=Delivery(engine=engine, clock=clock),
    )
    runtime.workers.append(sessions.process_due)
    runtime.concerns["session-clock"] = sessions.next_wakeup
    runtime.concerns["outbox-retry"] = runtime.delivery.next_retry
    return runtime


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    deck: Deck | None = None,
    rate_limiter: AIORateLimiter | None = None,
) -> Application:
    runtime = build_runtime(
        settings, clock=clock or SystemClock(), deck=deck or load_deck(settings.prompts_dir)
    )
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .build()
    )
    attach(application, runtime)
    register_handlers(application)
    return application


async def on_startup(application: Application) -> None:
    """Register the Dutch command menu and pick up where the last run stopped."""
    runtime: Runtime = application.bot_data["runtime"]
    bot = application.bot
    group = [BotCommand(name, description) for name, description in texts.GROUP_COMMANDS]
    private_menu = [BotCommand(name, description) for name, description in texts.PRIVATE_COMMANDS]
    await bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats())
    await bot.set_my_commands(private_menu, scope=BotCommandScopeAllPrivateChats())
    runtime.delivery.settle_after_restart()
    runtime.start_sweep()
    # Whatever came due while the bot was down happens now; then the clock is replanned.
    await runtime.run_due(bot)
