"""Building the Application: handlers in one place, start-up and shutdown."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import time, timedelta

from sqlalchemy.engine import Engine
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.core.actions.reminders import WorkingHours
from bot.core.calendar.school_calendar import public_holidays
from bot.metrics import UPDATES_FAILED
from bot.services.actions.actions import ActionService
from bot.services.actions.dialog import ActionDialog
from bot.services.actions.reminders import ReminderService
from bot.services.actions.view import ActionView
from bot.services.buttons import (
    DIALOG_ROUTE,
    AddOwnItem,
    AskHulpvraag,
    BeginSession,
    CardPress,
    ChairPick,
    DeadlinePick,
    ForgetPress,
    JoinSession,
    MarkItem,
    OpenHulpvragen,
    OwnerPick,
    ReminderPress,
    ToggleKeyword,
    TurnPage,
)
from bot.services.calendar.calendars import TeamCalendars
from bot.services.calendar.meetings import MeetingService
from bot.services.calendar.vacations import VacationService
from bot.services.documents.exports import ExportService
from bot.services.documents.summaries import SummaryService
from bot.services.events import Events, MemberForgotten, OutboxSettled, SessionFinished
from bot.services.privacy.privacy import PrivacyService
from bot.services.replies import Replies
from bot.services.reply_routing import ReplyRouter
from bot.services.session.hulpvragen import HulpvragenService
from bot.services.session.keywords import KeywordService
from bot.services.session.marks import MarkService
from bot.services.session.sessions import SessionService
from bot.services.team.groups import GroupService
from bot.services.team.links import LinkService
from bot.services.team.membership import MembershipService
from bot.services.team.policy import Policy
from bot.telegram.delivery import Delivery, Pacing
from bot.telegram.handlers import common, edits, private
from bot.telegram.handlers.actions import actions
from bot.telegram.handlers.calendar import meetings, vacations
from bot.telegram.handlers.common import Handler
from bot.telegram.handlers.documents import exports
from bot.telegram.handlers.privacy import privacy
from bot.telegram.handlers.session import answers, hulpvragen, keywords, session
from bot.telegram.handlers.team import chats, links, members
from bot.telegram.offload import OffLoop
from bot.telegram.rate_limits import FloodWatch
from bot.telegram.runtime import (
    OUTBOX_CONCERN,
    Concern,
    Services,
    Wakeups,
    attach,
    services_of,
)
from bot.telegram.update_log import UpdateLog
from bot.texts import help as help_texts
from prompts import Deck, load_deck
from storage.db import make_engine
from storage.repo import actions as action_rows
from storage.repo import meetings as meeting_rows
from storage.repo import outbox as outbox_rows
from storage.repo import privacy as privacy_rows
from storage.repo import sessions as session_rows

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
    "hulpvragen": hulpvragen.hulpvragen,
    "steekwoord": keywords.steekwoord,
    "stop": session.stop,
    "voorzitter": session.voorzitter,
    "samenvatting": session.samenvatting,
    "poster": exports.poster,
    "actie": actions.actie,
    "acties": actions.acties,
    "klaar": actions.klaar,
    "teamoverleg": meetings.teamoverleg,
    "vakantie": vacations.vakantie,
    "koppel": links.koppel,
    "ontkoppel": links.ontkoppel,
    "terugkoppeling": links.terugkoppeling,
}


# Every button's data format and route is bot.services.buttons'; its handler is here.
BUTTONS: list[tuple[str, Handler]] = [
    (JoinSession.ROUTE, session.join_button),
    (BeginSession.ROUTE, session.begin_button),
    (ChairPick.ROUTE, session.chair_button),
    (MarkItem.ROUTE, session.mark_button),
    (TurnPage.ROUTE, session.page_button),
    (OpenHulpvragen.ROUTE, hulpvragen.open_button),
    (AskHulpvraag.ROUTE, hulpvragen.ask_button),
    (AddOwnItem.ROUTE, keywords.own_item_button),
    (ToggleKeyword.ROUTE, keywords.keyword_button),
    (CardPress.ROUTE, actions.card_button),
    (OwnerPick.ROUTE, actions.owner_button),
    (DeadlinePick.ROUTE, actions.deadline_button),
    (DIALOG_ROUTE, actions.dialog_button),
    (ReminderPress.ROUTE, actions.reminder_button),
    (ForgetPress.ROUTE, privacy.forget_button),
]


def command(
    name: str, callback: Handler, only: filters.BaseFilter | None = None, **kwargs: bool
) -> CommandHandler:
    """A command on a new message only. CommandHandler also takes edited messages by
    default, and would run the command a second time (a second action, a second export)
    when a member fixes a typo; edited commands go to handlers.edits instead."""
    new_message = filters.UpdateType.MESSAGE
    return CommandHandler(name, callback, new_message & only if only else new_message, **kwargs)


def register_handlers(application: Application) -> None:
    # Duplicates never get here, and the members an update shows are stored already: both
    # happen when a batch of updates is taken on (bot.telegram.intake).
    # Order matters only where filters overlap: the first matching handler wins. Commands
    # (new messages only) come first, then the edited commands, the buttons (the catch-all
    # for unknown ones last), and last any other text, which may be an answer.
    # /start with a payload is the deep link under a group reminder ("koppel").
    application.add_handler(
        command("start", actions.start_link, filters.ChatType.PRIVATE, has_args=True)
    )
    application.add_handler(command("start", private.start))
    application.add_handler(command("help", private.help_command))
    application.add_handler(command("mijnacties", actions.mijnacties))
    application.add_handler(command("export", exports.export))
    application.add_handler(command("privacy", privacy.privacy))
    application.add_handler(command("vergeetmij", privacy.vergeetmij))
    for name, callback in GROUP_COMMANDS.items():
        application.add_handler(command(name, callback))
    # Every edited command, known or not: never run twice (handlers.edits).
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.COMMAND, edits.edited_command)
    )
    for route, callback in BUTTONS:
        application.add_handler(CallbackQueryHandler(callback, pattern=route))
    application.add_handler(
        ChatMemberHandler(chats.my_membership, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    # Members joining and leaving: service messages (privacy mode too) and, where the bot
    # is admin, chat_member updates (polling and the webhook ask for every update type).
    application.add_handler(ChatMemberHandler(members.changed, ChatMemberHandler.CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, members.joined))
    application.add_handler(MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, members.left))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, chats.migrated))
    # Last of the buttons: an old, unknown or forged one gets a short notice, not a spinner.
    application.add_handler(CallbackQueryHandler(common.unknown_button))
    # After the commands: one the bot does not know gets the closest it does; free text in
    # the private chat a pointer to what works there.
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, private.unknown_command)
    )
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE
            & filters.ChatType.PRIVATE
            & (filters.TEXT | filters.CAPTION)
            & ~filters.COMMAND,
            private.private_text,
        )
    )
    # Any other text in a group may be an answer.
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
    UPDATES_FAILED.inc()
    chat_id = update.effective_chat.id if update.effective_chat else None
    log.error(
        "error while handling update %s in chat %s: %s",
        update.update_id,
        chat_id,
        type(context.error).__name__,
        exc_info=context.error,
    )
    services = services_of(context)
    try:
        await services.call(
            services.updates.keep_unhandled,
            update_id=update.update_id,
            chat_id=chat_id,
            payload=update.to_dict(),
            error=type(context.error).__name__,
        )
    except Exception:  # noqa: BLE001 - the database may be what failed
        log.exception("could not keep update %s", update.update_id)
    if update.effective_message:
        try:
            # Through the outbox like every reply: a flood ban delays it, never drops it.
            await common.reply(context, update.effective_message, help_texts.SORRY)
        except Exception:  # noqa: BLE001 - telling the member is best effort
            log.warning("could not queue an apology for update %s", update.update_id)


def build_services(
    settings: Settings, *, clock: Clock, deck: Deck, engine: Engine | None = None
) -> Services:
    """The composition root: every service, built once, top to bottom; then which handlers
    each event has, and the due work in the order it runs.

    The engine is the database's (DATABASE_URL) unless one is given: the tests start many
    bots in one process and give each the engine of its database, whose statements are
    then compiled once per process instead of once per bot."""
    engine_is_ours = engine is None
    engine = engine if engine is not None else make_engine(settings.database_url)
    tz = settings.tz
    off_loop = OffLoop(engine)
    # Given to the services that publish; its handlers are declared below, once all exist.
    events = Events()
    end = settings.reminder_end_hour
    hours = WorkingHours(
        start=time(settings.reminder_start_hour),
        end=time(end) if end < 24 else time.max,
        weekdays=settings.reminder_weekday_set,
    )
    marks = MarkService(engine=engine, deck=deck, clock=clock)
    hulpvragen = HulpvragenService(engine=engine, deck=deck, clock=clock)
    keywords = KeywordService(engine=engine, deck=deck, clock=clock)
    summaries = SummaryService(
        engine=engine, deck=deck, clock=clock, tz=tz, marks=marks, keywords=keywords
    )
    calendars = TeamCalendars(public_holidays(settings.bot_holidays_country))
    view = ActionView(clock=clock, tz=tz, calendars=calendars)
    actions = ActionService(
        engine=engine, clock=clock, tz=tz, hours=hours, view=view, calendars=calendars
    )
    sessions = SessionService(
        engine=engine,
        deck=deck,
        clock=clock,
        tz=tz,
        marks=marks,
        summaries=summaries,
        hulpvragen=hulpvragen,
        keywords=keywords,
        events=events,
    )
    exports = ExportService(engine=engine, deck=deck, clock=clock, tz=tz, summaries=summaries)
    links = LinkService(
        engine=engine, deck=deck, clock=clock, tz=tz, summaries=summaries, exports=exports
    )
    dialog = ActionDialog(
        engine=engine,
        clock=clock,
        actions=actions,
        view=view,
        timeout=timedelta(minutes=settings.dialog_timeout_minutes),
        activity_options=marks.interesting_options,
    )
    reminders = ReminderService(
        engine=engine, clock=clock, tz=tz, hours=hours, actions=actions, view=view
    )
    meetings = MeetingService(
        engine=engine,
        clock=clock,
        tz=tz,
        summaries=summaries,
        calendars=calendars,
        team_line=links.brief_line,
    )
    privacy = PrivacyService(
        engine=engine,
        deck=deck,
        clock=clock,
        tz=tz,
        retention_days=settings.data_retention_days,
        events=events,
    )
    groups = GroupService(engine=engine, clock=clock)
    updates = UpdateLog(engine=engine, clock=clock)
    # A member's reply goes to the service that owns the message it replies to; the same
    # table says who follows up a settled outbox row.
    router = ReplyRouter(
        engine=engine,
        sessions=sessions,
        marks=marks,
        actions=actions,
        dialog=dialog,
        reminders=reminders,
    )
    delivery = Delivery(
        engine=engine,
        clock=clock,
        events=events,
        build_file=exports.build,
        pacing=Pacing(
            min_interval=timedelta(seconds=settings.chat_min_interval_seconds),
            group_per_minute=settings.group_messages_per_minute,
            bot_per_second=settings.bot_messages_per_second,
        ),
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        off_loop=off_loop,
    )
    events.declare(
        {
            # In the finishing transaction, after the closing summary: the poster, then
            # the terugkoppeling of a linked team whose last session this was.
            SessionFinished: [exports.queue_poster, links.session_finished],
            # In the transaction that settles the row: its family's owner, then any file.
            OutboxSettled: [router.outbox_settled, exports.file_settled],
            # After the forgetting is committed.
            MemberForgotten: [groups.forget],
        }
    )
    # In this order: steps first; reminders settle before new ones go out, and before
    # dialogs time out. A concern's wake-up runs its own work; the sweep and the start run
    # all of it.
    concerns = (
        Concern(
            "session-clock",
            do_due=sessions.process_due,
            stored=session_rows.next_session_due,
        ),
        Concern("update-ids", do_due=updates.prune),
        Concern(OUTBOX_CONCERN, stored=outbox_rows.earliest_retry, next_at=delivery.next_retry),
        Concern(
            "reminders",
            do_due=reminders.process_due,
            stored=action_rows.earliest_pending_reminder,
            next_at=reminders.next_reminder_at,
        ),
        Concern(
            "dialog-timeouts",
            do_due=dialog.process_due,
            stored=action_rows.earliest_open_draft_activity,
            next_at=dialog.next_timeout,
        ),
        Concern(
            "team-meetings",
            do_due=meetings.process_due,
            stored=meeting_rows.earliest_team_meeting,
            next_at=meetings.next_post_at,
        ),
        Concern(
            "retention",
            do_due=privacy.process_due,
            stored=privacy_rows.stored_retention_run,
            next_at=privacy.next_retention_at,
        ),
    )
    return Services(
        settings=settings,
        clock=clock,
        engine=engine,
        engine_is_ours=engine_is_ours,
        deck=deck,
        sessions=sessions,
        marks=marks,
        hulpvragen=hulpvragen,
        keywords=keywords,
        summaries=summaries,
        exports=exports,
        links=links,
        actions=actions,
        dialog=dialog,
        reminders=reminders,
        meetings=meetings,
        vacations=VacationService(engine=engine, clock=clock, tz=tz, actions=actions),
        privacy=privacy,
        groups=groups,
        membership=MembershipService(
            engine=engine, clock=clock, sessions=sessions, actions=actions
        ),
        policy=Policy(engine=engine),
        updates=updates,
        delivery=delivery,
        replies=Replies(engine=engine, clock=clock),
        router=router,
        wakeups=Wakeups(
            clock=clock,
            engine=engine,
            delivery=delivery,
            off_loop=off_loop,
            sweep_seconds=settings.sweep_seconds,
            concerns=concerns,
        ),
        off_loop=off_loop,
    )


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    deck: Deck | None = None,
    engine: Engine | None = None,
    bot_api: Callable[[], BaseRequest] | None = None,
) -> Application:
    """The bot, ready to start. `bot_api` makes what carries its calls to the Bot API
    instead of HTTP (the tests' stand-in, in the same process)."""
    services = build_services(
        settings,
        clock=clock or SystemClock(),
        deck=deck or load_deck(settings.prompts_dir),
        engine=engine,
    )
    flood_watch = FloodWatch()
    flood_watch.on_flood = services.delivery.pause_all
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .rate_limiter(flood_watch)
        # Updates are fetched by bot.telegram.polling (or the webhook), not by PTB's Updater.
        .updater(None)
    )
    if bot_api is not None:
        builder = builder.request(bot_api()).get_updates_request(bot_api())
    application = builder.build()
    attach(application, services)
    register_handlers(application)
    return application


async def on_startup(application: Application) -> None:
    """Register the Dutch command menu and pick up where the last run stopped."""
    services = services_of(application)
    bot = application.bot
    group = [BotCommand(name, description) for name, description in help_texts.GROUP_COMMANDS]
    private_menu = [
        BotCommand(name, description) for name, description in help_texts.PRIVATE_COMMANDS
    ]
    await bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats())
    await bot.set_my_commands(private_menu, scope=BotCommandScopeAllPrivateChats())
    services.reminders.bot_username = bot.username
    # SQLite serves one bot process; PostgreSQL may have others that are still sending.
    await services.call(
        services.delivery.settle_after_restart,
        only_process=services.engine.dialect.name == "sqlite",
    )
    services.wakeups.start_sweep()
    # Whatever came due while the bot was down happens now; then the clock is replanned.
    await services.wakeups.run_due(bot)
