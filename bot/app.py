"""Building the Application: handlers in one place, start-up and shutdown."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import time, timedelta

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
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import texts
from bot.actions import ActionService
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.core.reminders import WorkingHours
from bot.delivery import Delivery
from bot.handlers import actions, answers, private, session
from bot.handlers.actions import ACTION_PLAN_KEY, ActionPlan
from bot.meetings import MeetingService
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
    "actie": actions.actie,
    "acties": actions.acties,
    "klaar": actions.klaar,
    "teamoverleg": actions.teamoverleg,
}


def register_handlers(application: Application) -> None:
    # /start with a payload is the deep link under a group reminder ("koppel").
    application.add_handler(
        CommandHandler("start", actions.start_link, filters.ChatType.PRIVATE, has_args=True)
    )
    application.add_handler(CommandHandler("start", private.start))
    application.add_handler(CommandHandler("help", private.help_command))
    application.add_handler(CommandHandler("mijnacties", actions.mijnacties))
    for name, callback in GROUP_COMMANDS.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(actions.dialog_button, pattern=r"^dr:\d+:"))
    application.add_handler(CallbackQueryHandler(actions.card_button, pattern=r"^ac:\d+:"))
    application.add_handler(CallbackQueryHandler(actions.choice_button, pattern=r"^a[ox]:\d+:"))
    application.add_handler(CallbackQueryHandler(actions.reminder_button, pattern=r"^rm:\d+:"))
    application.add_handler(
        ChatMemberHandler(actions.bot_blocked, ChatMemberHandler.MY_CHAT_MEMBER)
    )
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


def build_action_plan(runtime: Runtime) -> ActionPlan:
    """Actions, reminders and team meetings: their due work and wake-ups join the runtime."""
    settings = runtime.settings
    end = settings.reminder_end_hour
    hours = WorkingHours(
        start=time(settings.reminder_start_hour),
        end=time(end) if end < 24 else time.max,
        weekdays=settings.reminder_weekday_set,
    )
    plan = ActionPlan(
        actions=ActionService(
            engine=runtime.engine,
            clock=runtime.clock,
            tz=settings.tz,
            hours=hours,
            dialog_timeout=timedelta(minutes=settings.dialog_timeout_minutes),
        ),
        meetings=MeetingService(
            engine=runtime.engine, clock=runtime.clock, tz=settings.tz, sessions=runtime.sessions
        ),
    )
    runtime.workers += [plan.actions.process_due, plan.meetings.process_due]
    runtime.concerns["reminders"] = plan.actions.next_reminder_at
    runtime.concerns["dialog-timeouts"] = plan.actions.next_dialog_timeout
    runtime.concerns["team-meetings"] = plan.meetings.next_post_at
    runtime.delivery.settle_hooks.append(plan.actions.outbox_settled)
    return plan


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
    application.bot_data[ACTION_PLAN_KEY] = build_action_plan(runtime)
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
    application.bot_data[ACTION_PLAN_KEY].actions.bot_username = bot.username
    runtime.start_sweep()
    # Whatever came due while the bot was down happens now; then the clock is replanned.
    await runtime.run_due(bot)
