"""What a host can graph (`/metrics` on the health port, Prometheus' text format).

Counters live in this process and count what it did since it started (Prometheus adds up
the processes); the outbox, the sessions and the reminders are read from the database at
each scrape, so every process reports the same, whole picture of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from storage.db import session_scope
from storage.models import OutboxMessage, Reminder, WorkSession
from storage.values import OutboxStatus, ReminderStatus, SessionStatus

SENDS = Counter(
    "aandeslag_sends",
    "Outbox messages handed to Telegram, by outcome (sent, failed: refused for good, "
    "retry: network trouble or a 5xx, rate_limited: a 429)",
    ["outcome"],
)
RATE_LIMITED = Counter("aandeslag_telegram_429", "429 Too Many Requests answers from Telegram")
UPDATES_HANDLED = Counter("aandeslag_updates_handled", "Telegram updates handled")
UPDATES_FAILED = Counter(
    "aandeslag_updates_failed", "Telegram updates whose handler raised an error"
)
RENDER_SECONDS = Histogram(
    "aandeslag_document_render_seconds",
    "Time to render a document (poster, summary, calendar), by kind",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
)

# The outbox states that are still on their way.
WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


class DatabaseCollector(Collector):
    """The outbox backlog and its oldest message per state, running sessions and
    reminders due, read at scrape time."""

    def __init__(self, engine: Engine, now: Callable[[], datetime]) -> None:
        self.engine, self.now = engine, now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self.now()
        backlog = GaugeMetricFamily(
            "aandeslag_outbox_backlog",
            "Outbox messages not yet delivered, by state",
            labels=["state"],
        )
        oldest = GaugeMetricFamily(
            "aandeslag_outbox_oldest_age_seconds",
            "Age of the oldest outbox message not yet delivered, by state",
            labels=["state"],
        )
        with session_scope(self.engine) as db:
            rows = db.exec(
                select(
                    OutboxMessage.status,
                    func.count(),
                    func.min(OutboxMessage.created_at),
                )
                .where(col(OutboxMessage.status).in_(WAITING))
                .group_by(OutboxMessage.status)
            ).all()
            running = db.exec(
                select(func.count())
                .select_from(WorkSession)
                .where(
                    col(WorkSession.status).in_((SessionStatus.GATHERING, SessionStatus.RUNNING))
                )
            ).one()
            due = db.exec(
                select(func.count())
                .select_from(Reminder)
                .where(Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= now)
            ).one()
        found = {status: (count, first) for status, count, first in rows}
        for state in WAITING:
            count, first = found.get(state, (0, None))
            backlog.add_metric([state.value], count)
            oldest.add_metric([state.value], (now - first).total_seconds() if first else 0.0)
        yield backlog
        yield oldest
        sessions = GaugeMetricFamily(
            "aandeslag_sessions_running", "Work sessions gathering or running"
        )
        sessions.add_metric([], running)
        yield sessions
        reminders = GaugeMetricFamily(
            "aandeslag_reminders_due",
            "Reminders due and not yet sent (pending, due now or earlier)",
        )
        reminders.add_metric([], due)
        yield reminders


def exposition(engine: Engine, now: Callable[[], datetime]) -> bytes:
    """The whole /metrics page: this process's counters (and Python's own process
    figures), then the database view. Reads the database: call it off the event loop."""
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector(engine, now))
    return generate_latest(REGISTRY) + generate_latest(database)
