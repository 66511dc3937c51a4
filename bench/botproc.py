"""A bot under test, in its own process: ours (`bot.main.main`, as a host runs it) or a
bare python-telegram-bot bot that stores the same answer row with one INSERT and COMMIT per
update, or one that only echoes. All three carry the same probe (bench.probe).

    BENCH_VARIANT=ours|store|echo BENCH_OUT=report.json python -m bench.botproc

Ours reads its settings from the environment like in production. With a scaled clock
(bench.clock) its wake-up jobs are scaled to the bot's time (its outbox keeps Telegram's
pace on that clock already).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

from bench.clock import ScaledClock
from bench.probe import Probe

log = logging.getLogger("bench.botproc")


def run_ours(probe: Probe, clock: ScaledClock | None) -> int:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    import bot.main
    from storage.models import Answer

    @event.listens_for(Session, "after_flush")
    def _answers_flushed(session, _context) -> None:
        texts = [obj.text for obj in session.new if isinstance(obj, Answer)]
        if texts:
            session.info.setdefault("bench_answers", []).extend(texts)

    @event.listens_for(Session, "after_commit")
    def _answers_committed(session) -> None:
        for text in session.info.pop("bench_answers", ()):
            probe.committed(text)

    @event.listens_for(Session, "after_rollback")
    def _answers_rolled_back(session) -> None:
        session.info.pop("bench_answers", None)

    speed = clock.speed if clock else 1.0
    build = bot.main.build_application

    def build_application(settings, **kwargs):
        # Telegram's pace (per chat, per group, for the whole bot) is kept by the outbox on
        # the bot's clock, so it is scaled with it; only the JobQueue waits in real time.
        application = build(settings, **kwargs)
        _scale_job_queue(application.job_queue, speed, probe)
        return application

    serve = bot.main.serve

    async def watched_serve(application, settings):
        probe.start_lag_watch()
        await serve(application, settings)

    bot.main.build_application = build_application
    bot.main.serve = watched_serve
    return bot.main.main(clock=clock)


def _scale_job_queue(job_queue, speed: float, probe: Probe) -> None:
    """The JobQueue waits real seconds; the bot plans in its own (scaled) seconds. JobQueue
    has __slots__, so its class is patched: this process runs only this bot."""
    cls = type(job_queue)
    run_once, run_repeating = cls.run_once, cls.run_repeating

    @functools.wraps(run_once)
    def scaled_once(self, callback, when, *args, **kwargs):
        probe.mark(f"scheduled:{kwargs.get('name')}")
        if isinstance(when, int | float):
            when = when / speed
        return run_once(self, callback, when, *args, **kwargs)

    @functools.wraps(run_repeating)
    def scaled_repeating(self, callback, interval, *args, **kwargs):
        if isinstance(interval, int | float):
            interval = interval / speed
        first = kwargs.get("first")
        if isinstance(first, int | float):
            kwargs["first"] = first / speed
        return run_repeating(self, callback, interval, *args, **kwargs)

    cls.run_once = scaled_once
    cls.run_repeating = scaled_repeating


# --- the bare bots -------------------------------------------------------------------------

BARE_TABLE = """
CREATE TABLE IF NOT EXISTS bare_answer (
    id {serial} PRIMARY KEY,
    session_id INTEGER NOT NULL,
    question_id INTEGER,
    step INTEGER NOT NULL,
    user_id BIGINT NOT NULL,
    chat_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (chat_id, message_id)
)"""
INSERT = (
    "INSERT INTO bare_answer (session_id, question_id, step, user_id, chat_id, message_id, "
    "text, created_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})"
)


def _connect(url: str):
    """A plain DB-API connection, as a bare bot would open one, with the same durability
    as ours (SQLite: WAL, synchronous=NORMAL; storage.db)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        connection = sqlite3.connect(parsed.database, timeout=30)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(BARE_TABLE.format(serial="INTEGER"))
        connection.commit()
        return connection, INSERT.format(p="?")
    import psycopg

    options = parsed.query.get("options")
    connection = psycopg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database,
        options=options,
    )
    connection.execute(BARE_TABLE.format(serial="BIGSERIAL"))
    connection.commit()
    return connection, INSERT.format(p="%s")


def run_bare(probe: Probe, variant: str) -> int:
    from datetime import UTC, datetime

    from telegram import Update
    from telegram.ext import Application, MessageHandler, filters

    token = os.environ["TELEGRAM_BOT_TOKEN"]
    base_url = os.environ["TELEGRAM_API_BASE_URL"]
    connection = insert = None
    if variant == "store":
        connection, insert = _connect(os.environ["DATABASE_URL"])

    async def store(update: Update, _context) -> None:
        message = update.message
        connection.execute(
            insert,
            (
                1,
                1,
                1,
                message.from_user.id,
                message.chat.id,
                message.message_id,
                message.text,
                datetime.now(UTC).replace(tzinfo=None),
            ),
        )
        connection.commit()
        probe.committed(message.text)

    async def echo(update: Update, context) -> None:
        message = update.message
        await context.bot.send_message(message.chat.id, message.text)
        probe.committed(message.text)

    async def post_init(_application) -> None:
        probe.start_lag_watch()

    application = Application.builder().token(token).base_url(base_url).post_init(post_init).build()
    group_text = filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(group_text, store if variant == "store" else echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    return 0


def main() -> int:
    probe = Probe(Path(os.environ["BENCH_OUT"]))
    probe.install_signal()
    probe.mark("process_start")
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    variant = os.environ.get("BENCH_VARIANT", "ours")
    if variant == "ours":
        return run_ours(probe, ScaledClock.from_env(os.environ))
    return run_bare(probe, variant)


if __name__ == "__main__":
    sys.exit(main())
