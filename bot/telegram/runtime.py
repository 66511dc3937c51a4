"""What the shell holds while it runs: the services, in one typed container that handlers
and jobs reach through `services_of`, and the wake-ups that do due work.

The database decides what is due; the JobQueue only wakes the bot at the next due moment
(and a slow sweep catches anything else). Jobs are rebuilt from the database at start.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

import sqlalchemy
from sqlalchemy import ScalarSelect, Select
from sqlalchemy.engine import Engine
from telegram import Bot
from telegram.ext import Application, CallbackContext, ContextTypes, JobQueue

from bot.clock import Clock, real_seconds_until
from bot.config import Settings
from bot.services.actions.actions import ActionService
from bot.services.actions.dialog import ActionDialog
from bot.services.actions.reminders import ReminderService
from bot.services.calendar.meetings import MeetingService
from bot.services.calendar.vacations import VacationService
from bot.services.documents.exports import ExportService
from bot.services.documents.summaries import SummaryService
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
from bot.telegram.delivery import Delivery
from bot.telegram.offload import OffLoop
from bot.telegram.update_log import UpdateLog
from prompts import Deck
from storage.db import session_scope

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

SERVICES_KEY = "services"
SWEEP_JOB = "sweep"
OUTBOX_CONCERN = "outbox-retry"


@dataclass(frozen=True)
class Concern:
    """Work that comes due at moments the database knows: the work itself, and when it
    next has some (one wake-up job each). Without work of its own (the outbox), its
    wake-up only sends; without a moment of its own, its work waits for the sweep."""

    name: str
    do_due: Callable[[], None] | None = None
    # When it next has work: `stored` is what the database holds for that (a scalar
    # subquery without parameters, built once; every concern's is read in one statement,
    # Wakeups.moments), `next_at` the moment it means for the wake-up (without one, the
    # stored moment is that moment).
    stored: Callable[[], ScalarSelect] | None = None
    next_at: Callable[[Any], datetime | None] | None = None


@functools.cache
def _moments_statement(stored: tuple[Callable[[], ScalarSelect], ...]) -> Select:
    """The concerns' stored moments in one statement. Built once per process (it took most
    of a millisecond), not once per Wakeups: the tests start hundreds of bots in one."""
    return sqlalchemy.select(*(moment() for moment in stored))


@dataclass
class Wakeups:
    """Due work, and when to wake up for the next."""

    clock: Clock
    engine: Engine
    delivery: Delivery
    off_loop: OffLoop
    sweep_seconds: float
    # Their work runs in this order (at start and at the sweep); a concern's own wake-up
    # runs only its own.
    concerns: tuple[Concern, ...] = ()
    job_queue: JobQueue | None = None
    stopping: bool = False
    _outbox_replan: asyncio.Task | None = None
    _outbox_replan_again: bool = False
    _all_but_the_outbox: tuple[str, ...] = field(init=False, default=())
    _picked: dict[tuple[str, ...] | None, tuple[Concern, ...]] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        # When the outbox's senders stop with messages left, wake up when the first may go.
        self.delivery.on_waiting = self._replan_outbox_soon
        self._all_but_the_outbox = tuple(
            concern.name for concern in self.concerns if concern.name != OUTBOX_CONCERN
        )

    def _replan_outbox_soon(self) -> None:
        """The outbox's next moment, read off the loop; one read for any number of calls
        that come meanwhile (every chat that must wait for its turn asks)."""
        if self.job_queue is None or self.stopping:
            return
        self._outbox_replan_again = True
        if self._outbox_replan is None or self._outbox_replan.done():
            self._outbox_replan = asyncio.create_task(self._replan_outbox(), name="outbox-plan")

    async def _replan_outbox(self) -> None:
        while self._outbox_replan_again and not self.stopping:
            self._outbox_replan_again = False
            await self.replan((OUTBOX_CONCERN,))

    async def run_due(self, bot: Bot, concern: str | None = None) -> None:
        """Do what is due (everything, or one concern's work), start sending the outbox,
        plan the next wake-ups. Never waits on Telegram."""
        await self.off_loop.run(self._do_due_work, concern)
        self.delivery.wake(bot)
        # A concern's work moves only its own next moment (the outbox plans its own).
        await self.replan(None if concern is None else (concern,))

    def _do_due_work(self, concern: str | None) -> None:
        if concern is None:
            # First close the books on sends a dead process left behind, so due work sees
            # them.
            self.delivery.settle_expired_claims()
        for each in self.concerns:
            if each.do_due is None or (concern is not None and each.name != concern):
                continue
            try:
                each.do_due()
            except Exception:
                log.exception("due work %s failed", each.name)

    async def after_change(self, bot: Bot, *, also: Callable[[], None] | None = None) -> None:
        """After an update was handled (bot.telegram.intake): start sending what it queued,
        replan the clock; `also` is written in the transaction that reads the next moments
        (the update written down as done: one commit after an update, not two). The outbox
        is left out: its senders plan their own wake-up whenever a wake ends
        (Delivery.on_waiting). Never waits on Telegram."""
        self.delivery.wake(bot)
        await self.replan(self._all_but_the_outbox, also=also)

    async def replan(
        self, names: tuple[str, ...] | None = None, *, also: Callable[[], None] | None = None
    ) -> None:
        """Every concern's (or these) next moment, read off the event loop (after `also`,
        in the same transaction); then the jobs, on it."""
        moments = await self.off_loop.run(self._moments_after, also, names)
        if self.job_queue is None or self.stopping:
            return
        for concern, when in moments:
            self._wake_at(concern, when)

    def _moments_after(
        self, also: Callable[[], None] | None, names: tuple[str, ...] | None
    ) -> list[tuple[Concern, datetime | None]]:
        with session_scope(self.engine):  # `also` and the read join it: one commit
            if also is not None:
                also()
            return self.moments(names)

    def moments(
        self, names: tuple[str, ...] | None = None
    ) -> list[tuple[Concern, datetime | None]]:
        """Every concern's (or these) next moment, from one statement: the clock is
        replanned after every update, and a statement (or a transaction) each cost more
        than the reads themselves. The statement is built once per set of concerns."""
        picked = self._picked.get(names)
        if picked is None:
            picked = self._picked[names] = tuple(
                concern
                for concern in self.concerns
                if concern.stored is not None and (names is None or concern.name in names)
            )
        if not picked:
            return []
        statement = _moments_statement(tuple(concern.stored for concern in picked))
        with session_scope(self.engine) as db:
            stored = db.connection().execute(statement).one()
        return [
            (concern, concern.next_at(value) if concern.next_at is not None else value)
            for concern, value in zip(picked, stored, strict=True)
        ]

    def next_at(self, name: str) -> datetime | None:
        """One concern's next moment (its wake-up job is planned for it)."""
        (moment,) = [when for concern, when in self.moments((name,))]
        return moment

    def stop_waking(self) -> None:
        """At shutdown: no wake-up starts from now on (one already running finishes)."""
        self.stopping = True
        if self._outbox_replan is not None:
            self._outbox_replan.cancel()
        if self.job_queue is not None:
            for job in self.job_queue.jobs():
                job.schedule_removal()

    def _wake_at(self, concern: Concern, when: datetime | None) -> None:
        assert self.job_queue is not None
        name = concern.name
        for job in self.job_queue.get_jobs_by_name(name):
            job.schedule_removal()
        if when is None:
            return
        # A relative delay keeps the JobQueue (real time) in step with an injected clock,
        # also with one that runs faster than real time.
        self.job_queue.run_once(
            # The outbox's own wake-up only sends (once a second in a burst); the others do
            # their own concern's work (a thousand reminders due one after the other must
            # not each run every other concern's too).
            _wake_outbox if concern.do_due is None else _wake_for,
            when=real_seconds_until(self.clock, when),
            name=name,
            data=name,
            # APScheduler skips a one-shot job that fires more than 1 s late by default.
            job_kwargs={"misfire_grace_time": None},
        )

    def start_sweep(self) -> None:
        assert self.job_queue is not None
        self.job_queue.run_repeating(
            _wake,
            interval=self.sweep_seconds,
            first=self.sweep_seconds,
            name=SWEEP_JOB,
            job_kwargs={"misfire_grace_time": None, "coalesce": True},
        )


@dataclass
class Services:
    """Every service the handlers and jobs use; built in one place, bot.telegram.app."""

    settings: Settings
    clock: Clock
    engine: Engine
    # Disposed at shutdown only when built here (tests hand one engine to many bots).
    engine_is_ours: bool
    deck: Deck
    sessions: SessionService
    marks: MarkService
    hulpvragen: HulpvragenService
    keywords: KeywordService
    summaries: SummaryService
    exports: ExportService
    links: LinkService
    actions: ActionService
    dialog: ActionDialog
    reminders: ReminderService
    meetings: MeetingService
    vacations: VacationService
    privacy: PrivacyService
    groups: GroupService
    membership: MembershipService
    policy: Policy
    updates: UpdateLog
    delivery: Delivery
    replies: Replies
    router: ReplyRouter
    wakeups: Wakeups
    off_loop: OffLoop

    async def call(self, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """A service call, off the event loop (bot.telegram.offload): how handlers use the
        services, so no transaction, summary or document holds the other groups up."""
        return await self.off_loop.run(work, *args, **kwargs)


def services_of(holder: CallbackContext | Application) -> Services:
    return holder.bot_data[SERVICES_KEY]


def attach(application: Application, services: Services) -> None:
    services.wakeups.job_queue = application.job_queue
    application.bot_data[SERVICES_KEY] = services


async def _wake(context: ContextTypes.DEFAULT_TYPE) -> None:
    wakeups = services_of(context).wakeups
    if not wakeups.stopping:
        await wakeups.run_due(context.bot)


async def _wake_for(context: ContextTypes.DEFAULT_TYPE) -> None:
    wakeups = services_of(context).wakeups
    if not wakeups.stopping:
        concern = context.job.data if context.job is not None else None
        await wakeups.run_due(context.bot, concern if isinstance(concern, str) else None)


async def _wake_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    wakeups = services_of(context).wakeups
    if not wakeups.stopping:
        wakeups.delivery.wake(context.bot)
