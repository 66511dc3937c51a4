"""Starting the bot as a host does (`python -m bot` in its own process): every start-up
failure is one sentence on stderr and an exit code (2: change a setting, 1: fix the
environment); processes started together come up together."""

from __future__ import annotations

import asyncio
import gc
import json
import shutil
import socket
import uuid

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import bot.main
from bot import __version__
from storage.db import alembic_config, code_head, current_revision, migrate
from tests.conftest import NO_POSTGRES, POSTGRES_URL
from tests.e2e.harness import sqlite_url
from tests.e2e.processes import BotProcess, SharedClock, bot_env, free_port, run_bot, webhook_env


async def start_bot(env: dict[str, str], *args: str) -> tuple[int, str]:
    """Run `python -m bot` to its end: the exit code and what it wrote on stderr."""
    code, _, err = await run_bot(env, *args)
    return code, err


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"stderr is not one line: {stderr!r}"
    return lines[0]


def live(fake, tmp_path, **values: str) -> dict[str, str]:
    settings = {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "DATABASE_URL": sqlite_url(tmp_path),
        **values,
    }
    return bot_env(**settings)


async def test_telegram_unreachable_is_one_sentence_with_exit_1(fake, tmp_path):
    nobody = f"http://127.0.0.1:{free_port()}/bot"
    code, err = await start_bot(
        live(fake, tmp_path, TELEGRAM_API_BASE_URL=nobody, TELEGRAM_WAIT_SECONDS="0")
    )
    assert code == 1
    line = one_line(err)
    assert "Telegram does not answer at http://127.0.0.1" in line and "firewall" in line


async def test_data_folder_not_writable_names_the_folder_and_the_user(fake, tmp_path):
    # Root may write anywhere, so the folder is made impossible: its parent is a file.
    (tmp_path / "mount").write_text("not a folder")
    folder = tmp_path / "mount" / "data"
    code, err = await start_bot(
        live(
            fake,
            tmp_path,
            DATABASE_URL=f"sqlite:///{folder / 'bot.db'}",
            DATABASE_WAIT_SECONDS="60",
        )
    )
    assert code == 1
    line = one_line(err)
    assert f"The data folder {folder} is not writable for user " in line
    assert "uid" in line


async def test_database_newer_than_the_code_names_both_versions_and_the_way_back(fake, tmp_path):
    url = sqlite_url(tmp_path)
    migrate(url)
    engine = create_engine(url)
    with engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    code, err = await start_bot(live(fake, tmp_path))
    assert code == 1
    line = one_line(err)
    assert "0099_from_the_future" in line and code_head() in line
    assert f"python -m bot migrate --to {code_head()}" in line


async def test_postgres_refusing_the_login_is_one_sentence_with_exit_2(fake, tmp_path):
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    # The test server trusts every known user, so an unknown one is what it refuses.
    refused = make_url(POSTGRES_URL).set(username="nobody_here", password="wrong-password")
    code, err = await start_bot(
        live(fake, tmp_path, DATABASE_URL=refused.render_as_string(hide_password=False))
    )
    assert code == 2
    line = one_line(err)
    assert "refused the connection" in line and "DATABASE_URL" in line
    assert "wrong-password" not in line


async def test_port_in_use_is_one_sentence_naming_the_setting(fake, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = await start_bot(
            live(fake, tmp_path, HEALTH_PORT=str(port), WEBHOOK_LISTEN="127.0.0.1")
        )
    assert code == 1
    line = one_line(err)
    assert f"Port {port} is not free" in line and "HEALTH_PORT" in line


async def test_a_second_polling_process_stops_and_says_webhook_mode_is_needed(
    fake, clock, tmp_path
):
    shared = SharedClock(clock, tmp_path / "clock.txt")
    url = sqlite_url(tmp_path)
    first = BotProcess(fake, shared, url, tmp_path / "first.log")
    second = BotProcess(fake, shared, url, tmp_path / "second.log")
    try:
        await asyncio.gather(first.start(), second.start())
        done, _ = await asyncio.wait(
            [asyncio.ensure_future(bot.wait()) for bot in (first, second)],
            timeout=20,
            return_when=asyncio.FIRST_COMPLETED,
        )
        assert len(done) == 1, "exactly one of the two pollers gives way"
        assert done.pop().result() == 1
        stopped = first if first.process.returncode is not None else second
        assert "more than one must run in webhook mode" in stopped.log.read_text()
        assert "Traceback" not in stopped.log.read_text()
        # The other one goes on polling.
        survivor = second if stopped is first else first
        assert survivor.process.returncode is None
    finally:
        for bot in (first, second):
            await bot.ensure_stopped()


@pytest.fixture
def empty_postgres(request):
    """A PostgreSQL database with nothing in it, not even the schema (the `database_url`
    fixture hands out migrated copies)."""
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    databases = request.getfixturevalue("postgres_databases")
    name = f"{databases.PREFIX}{uuid.uuid4().hex[:16]}"
    with databases.admin.connect() as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    yield databases.url_of(name)
    databases.drop(name)


async def test_two_processes_started_together_on_an_empty_database_both_come_up(
    fake, clock, empty_postgres, tmp_path
):
    """Webhook mode (the way to run several processes; SQLite serves one), JSON logs: both
    answer /healthz, the schema was migrated once, and every log line is a JSON object
    without secrets."""
    database_url = empty_postgres
    shared = SharedClock(clock, tmp_path / "clock.txt")
    secret = "startup_secret_for_tests"
    bots = [
        BotProcess(
            fake,
            shared,
            database_url,
            tmp_path / f"bot{i}.log",
            **webhook_env(secret, LOG_FORMAT="json"),
        )
        for i in range(2)
    ]
    try:
        await asyncio.gather(*(bot.start() for bot in bots))
        assert all(bot.process.returncode is None for bot in bots)
    finally:
        for bot in bots:
            bot.terminate()
            await bot.wait()
    assert current_revision(database_url) == code_head()
    logs = [[json.loads(line) for line in bot.log.read_text().splitlines()] for bot in bots]
    migrated = [
        entry for log in logs for entry in log if entry["message"].startswith("database migrated")
    ]
    assert len(migrated) == 1, "the schema was built by one process; the other found it done"
    for log in logs:
        assert log[0]["message"].startswith(f"aandeslag {__version__} starting (webhook")
        assert {"time", "level", "logger", "message"} <= log[0].keys()
    everything = "".join(bot.log.read_text() for bot in bots)
    assert secret not in everything
    assert fake.token.partition(":")[2] not in everything


async def test_migrate_to_an_older_revision_moves_the_database_back(database_url):
    """The way back from a newer version: its `migrate --to` undoes its own migrations."""
    migrate(database_url)
    previous = ScriptDirectory.from_config(alembic_config(database_url)).get_revision(code_head())
    assert previous is not None and isinstance(previous.down_revision, str)
    code, err = await start_bot(
        bot_env(DATABASE_URL=database_url), "migrate", "--to", previous.down_revision
    )
    assert (code, err) == (0, "")
    assert current_revision(database_url) == previous.down_revision
    migrate(database_url)
    assert current_revision(database_url) == code_head()


async def test_version():
    code, out, _ = await run_bot(bot_env(), "--version")
    assert code == 0
    assert out.strip() == f"aandeslag {__version__}"


def test_the_started_bot_collects_garbage_again(fake, migrated_sqlite, tmp_path, monkeypatch):
    """bot/__main__.py turns garbage collection off while the bot starts (a fifth of a
    start's CPU); the bot that then runs for weeks must have it on again, or every cycle of
    objects it makes would stay in memory. Run in this process up to where it would serve."""
    database = tmp_path / "bot.db"
    shutil.copy(migrated_sqlite, database)
    settings = live(fake, tmp_path, DATABASE_URL=f"sqlite:///{database}")
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(bot.main, "configure_logging", lambda settings: None)  # this process's
    collecting_while_serving: list[bool] = []

    def serve_not(coroutine) -> None:
        coroutine.close()
        collecting_while_serving.append(gc.isenabled())

    monkeypatch.setattr(asyncio, "run", serve_not)
    gc.disable()
    try:
        assert bot.main.main(argv=[]) == 0
    finally:
        gc.enable()
    assert collecting_while_serving == [True]
