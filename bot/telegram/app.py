"""Building the Application: handlers in one place, start-up and shutdown."""

from __future__ import annotations

import logging
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
    TypeHandler,
    filters,
)

from bot import texts
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.core.reminders import WorkingHours
from bot.services.action_dialog import ActionDialog
from bot.services.actions import ActionService
from bot.services.groups import GroupService
from bot.services.meetings import MeetingService
from bot.services.privacy import PrivacyService
from bot.services.reminding import ReminderService
from bot.services.sessions import SessionService
from bot.telegram.delivery import Delivery, Pacing
from bot.telegram.handlers import (
    actions,
    answers,
    chats,
    common,
    privacy,
    private,
    session,
    updates,
)
from bot.telegram.handlers.actions import ACTION_PLAN_KEY, ActionPlan
from bot.telegram.handlers.common import Handler
from bot.telegram.handlers.privacy import PRIVACY_KEY
from bot.telegram.rate_limits import TelegramRateLimiter
from bot.telegram.runtime import Runtime, attach, get_runtime
from bot.telegram.update_log import UpdateLog
from prompts import Deck, load_deck
from storage.db import make_engine

log = logging.getLogger(__name__)

GROUP_COMMANDS: dict[str, Handler] = {
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


# Button data names rows by id. Every row id fits 32 bits, so at most 9 digits reach the
# services; forged longer ones stop here, at the routing.
ID = r"\d{1,9}"


def register_handlers(application: Application) -> None:
    # Before and after everything else: a redelivered update stops here; a finished one is
    # written down.
    application.add_handler(TypeHandler(Update, updates.take_on), group=updates.FIRST_GROUP)
    application.add_handler(TypeHandler(Update, updates.finished), group=updates.LAST_GROUP)
    # /start with a payload is the deep link under a group reminder ("koppel").
    application.add_handler(
        CommandHandler("start", actions.start_link, filters.ChatType.PRIVATE, has_args=True)
    )
    application.add_handler(CommandHandler("start", private.start))
    application.add_handler(CommandHandler("help", private.help_command))
    application.add_handler(CommandHandler("mijnacties", actions.mijnacties))
    application.add_handler(CommandHandler("privacy", privacy.privacy))
    application.add_handler(CommandHandler("vergeetmij", privacy.vergeetmij))
    application.add_handler(
        CallbackQueryHandler(privacy.forget_button, pattern=privacy.FORGET_PATTERN)
    )
    for name, callback in GROUP_COMMANDS.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(actions.dialog_button, pattern=rf"^dr:{ID}:"))
    application.add_handler(CallbackQueryHandler(actions.card_button, pattern=rf"^ac:{ID}:"))
    application.add_handler(CallbackQueryHandler(actions.choice_button, pattern=rf"^a[ox]:{ID}:"))
    application.add_handler(CallbackQueryHandler(actions.reminder_button, pattern=rf"^rm:{ID}:"))
    application.add_handler(
        ChatMemberHandler(chats.my_membership, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, chats.migrated))
    application.add_handler(CallbackQueryHandler(session.join_button, pattern=rf"^join:{ID}$"))
    application.add_handler(CallbackQueryHandler(session.begin_button, pattern=rf"^begin:{ID}$"))
    application.add_handler(
        CallbackQueryHandler(session.mark_button, pattern=rf"^mk:{ID}:\w+:\w+$")
    )
    # Last of the buttons: an old, unknown or forged one gets a short notice, not a spinner.
    application.add_handler(CallbackQueryHandler(common.unknown_button))
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
    """Log with ids only (never message text), keep the update whole so nothing the member
    typed is lost, and apologise briefly. The bot keeps running."""
    if not isinstance(update, Update):
        log.error("error in a job", exc_info=context.error)
        return
    chat_id = update.effective_chat.id if update.effective_chat else None
    log.error(
        "error while handling update %s in chat %s: %s",
        update.update_id,
        chat_id,
        type(context.error).__name__,
        exc_info=context.error,
    )
    try:
        get_runtime(context).updates.keep_unhandled(
            update_id=update.update_id,
            chat_id=chat_id,
            payload=update.to_dict(),
            error=type(context.error).__name__,
        )
    except Exception:  # noqa: BLE001 - the database may be what failed
        log.exception("could not keep update %s", update.update_id)
    if update.effective_message:
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
        delivery=Delivery(
            engine=engine,
            clock=clock,
            pacing=Pacing(
                min_interval=timedelta(seconds=settings.chat_min_interval_seconds),
                group_per_minute=settings.group_messages_per_minute,
            ),
            lease=timedelta(seconds=settings.outbox_lease_seconds),
        ),
        groups=GroupService(engine=engine, clock=clock),
        updates=UpdateLog(engine=engine, clock=clock),
    )
    runtime.workers += [sessions.process_due, runtime.updates.prune]
    runtime.concerns["session-clock"] = sessions.next_wakeup
    runtime.concerns["outbox-retry"] = runtime.delivery.next_retry
    return runtime


def build_action_plan(runtime: Runtime) -> ActionPlan:
    """Actions, the /actie dialog, reminders and team meetings; the one place where their
    due work, wake-ups and delivery hooks join the runtime."""
    settings = runtime.settings
    engine, clock, tz = runtime.engine, runtime.clock, settings.tz
    end = settings.reminder_end_hour
    hours = WorkingHours(
        start=time(settings.reminder_start_hour),
        end=time(end) if end < 24 else time.max,
        weekdays=settings.reminder_weekday_set,
    )
    actions = ActionService(engine=engine, clock=clock, tz=tz, hours=hours)
    plan = ActionPlan(
        actions=actions,
        dialog=ActionDialog(
            engine=engine,
            clock=clock,
            actions=actions,
            timeout=timedelta(minutes=settings.dialog_timeout_minutes),
        ),
        reminders=ReminderService(engine=engine, clock=clock, tz=tz, hours=hours, actions=actions),
        meetings=MeetingService(engine=engine, clock=clock, tz=tz, sessions=runtime.sessions),
    )
    # In this order: reminders settle before new ones go out, and before dialogs time out.
    runtime.workers += [
        plan.reminders.process_due,
        plan.dialog.process_due,
        plan.meetings.process_due,
    ]
    runtime.concerns["reminders"] = plan.reminders.next_reminder_at
    runtime.concerns["dialog-timeouts"] = plan.dialog.next_timeout
    runtime.concerns["team-meetings"] = plan.meetings.next_post_at
    runtime.delivery.settle_hooks += [plan.reminders.outbox_settled, plan.dialog.outbox_settled]
    return plan


def build_privacy(runtime: Runtime) -> PrivacyService:
    """/vergeetmij, and the daily removal of finished sessions past the retention period."""
    settings = runtime.settings
    service = PrivacyService(
        engine=runtime.engine,
        clock=runtime.clock,
        tz=settings.tz,
        retention_days=settings.data_retention_days,
    )
    runtime.workers.append(service.process_due)
    runtime.concerns["retention"] = service.next_retention_at
    return service


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
        .rate_limiter(rate_limiter or TelegramRateLimiter(max_retries=3))
        # Updates are fetched by bot.telegram.polling (or the webhook), not by PTB's Updater.
        .updater(None)
        .build()
    )
    attach(application, runtime)
    application.bot_data[ACTION_PLAN_KEY] = build_action_plan(runtime)
    application.bot_data[PRIVACY_KEY] = build_privacy(runtime)
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
    application.bot_data[ACTION_PLAN_KEY].reminders.bot_username = bot.username
    # SQLite serves one bot process; PostgreSQL may have others that are still sending.
    runtime.delivery.settle_after_restart(only_process=runtime.engine.dialect.name == "sqlite")
    runtime.start_sweep()
    # Whatever came due while the bot was down happens now; then the clock is replanned.
    await runtime.run_due(bot)
