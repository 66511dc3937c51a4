"""What the handlers and jobs share, and how due work is woken up.

The database decides what is due; the JobQueue only wakes the bot at the next due moment
(and a slow sweep catches anything else). Jobs are rebuilt from the database at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine
from telegram import Bot
from telegram.ext import Application, CallbackContext, ContextTypes, JobQueue

from bot.clock import Clock
from bot.config import Settings
from bot.services.groups import GroupService
from bot.services.sessions import SessionService
from bot.telegram.delivery import Delivery
from bot.telegram.update_log import UpdateLog
from prompts import Deck

log = logging.getLogger(__name__)

RUNTIME_KEY = "runtime"
SWEEP_JOB = "sweep"


@dataclass
class Runtime:
    settings: Settings
    clock: Clock
    engine: Engine
    deck: Deck
    sessions: SessionService
    delivery: Delivery
    groups: GroupService
    updates: UpdateLog
    # name -> function giving the next moment that concern has work; one wake-up job each.
    concerns: dict[str, Callable[[], datetime | None]] = field(default_factory=dict)
    # Functions that do the due work, in order, before the outbox is delivered.
    workers: list[Callable[[], None]] = field(default_factory=list)
    job_queue: JobQueue | None = None

    async def run_due(self, bot: Bot) -> None:
        """Do everything that is due, deliver the outbox, and plan the next wake-ups."""
        # First close the books on sends a dead process left behind, so due work sees them.
        self.delivery.settle_expired_claims()
        for work in self.workers:
            try:
                work()
            except Exception:
                log.exception("due work %s failed", getattr(work, "__qualname__", work))
        await self.delivery.deliver(bot)
        self.reschedule()

    async def after_change(self, bot: Bot) -> None:
        """After a handler stored a decision: send what it queued, replan the clock."""
        await self.delivery.deliver(bot)
        self.reschedule()

    def reschedule(self) -> None:
        if self.job_queue is None:
            return
        for name, next_moment in self.concerns.items():
            self._wake_at(name, next_moment())

    def _wake_at(self, name: str, when: datetime | None) -> None:
        assert self.job_queue is not None
        for job in self.job_queue.get_jobs_by_name(name):
            job.schedule_removal()
        if when is None:
            return
        # A relative delay keeps the JobQueue (real time) in step with an injected clock.
        delay = max(0.0, (when - self.clock.now()).total_seconds())
        self.job_queue.run_once(
            _wake,
            when=delay,
            name=name,
            # APScheduler skips a one-shot job that fires more than 1 s late by default.
            job_kwargs={"misfire_grace_time": None},
        )

    def start_sweep(self) -> None:
        assert self.job_queue is not None
        self.job_queue.run_repeating(
            _wake,
            interval=self.settings.sweep_seconds,
            first=self.settings.sweep_seconds,
            name=SWEEP_JOB,
            job_kwargs={"misfire_grace_time": None, "coalesce": True},
        )


def get_runtime(context: CallbackContext) -> Runtime:
    return context.bot_data[RUNTIME_KEY]


def attach(application: Application, runtime: Runtime) -> None:
    runtime.job_queue = application.job_queue
    application.bot_data[RUNTIME_KEY] = runtime


async def _wake(context: ContextTypes.DEFAULT_TYPE) -> None:
    await get_runtime(context).run_due(context.bot)
