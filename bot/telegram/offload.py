"""The one place where the bot's own blocking work leaves the event loop: every service call
(a database transaction, a summary or a document built on the way) runs in a worker thread,
so one slow query never holds every group's updates, wake-ups and sends.

Why threads, and not SQLAlchemy's asyncio extension (aiosqlite, psycopg async): the services
are plain functions that each run one transaction, tested without an event loop; making them
async would colour every service and repository function and buy nothing here, because
aiosqlite itself runs SQLite in a thread, and one bot process never holds enough concurrent
transactions for an async PostgreSQL driver to pay off.

SQLite gets one worker thread: SQLite has one writer anyway, a single thread keeps every
transaction in the order it was asked for (answers, dialog steps and marks of one chat stay in
order), and no transaction can fail to upgrade from reading to writing because another thread
committed in between (which WAL answers with "database is locked" at once, busy timeout or
not). The connections move between the starting thread and the worker, which SQLAlchemy
allows for file databases (check_same_thread is off). PostgreSQL gets a few threads: its row
locks (the session row is locked FOR UPDATE) keep concurrent transactions apart, and one
update's calls still run one after the other because each is awaited.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from sqlalchemy.engine import Engine

P = ParamSpec("P")
T = TypeVar("T")

# Two, not more: every thread's ORM work holds the GIL, so more threads than cores only
# make them (and the event loop) wait for it; measured in `make bench` (ingest), four threads
# stored fewer answers a second than two and left the loop waiting three times as long.
POSTGRES_THREADS = 2


class OffLoop:
    def __init__(self, engine: Engine) -> None:
        threads = 1 if engine.dialect.name == "sqlite" else POSTGRES_THREADS
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="db")

    async def run(self, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """`work(*args, **kwargs)` in a worker thread; its result or exception comes back here."""
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        call = functools.partial(context.run, work, *args, **kwargs)
        return await loop.run_in_executor(self._executor, call)

    def close(self) -> None:
        """At shutdown, after the last update: wait for work in hand, take no more."""
        self._executor.shutdown(wait=True)
