"""Fixtures shared by every layer: the database under test, and the real Application
against the stand-in Bot API with a clock the test moves.

Storage and end-to-end tests run on SQLite and, when TEST_POSTGRES_URL is set, on
PostgreSQL too, each test in a schema of its own.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.telegram.stand_in import FakeTelegram
from storage.db import migrate
from tests.clock import FakeClock
from tests.documents.conftest import PROPERTY as RENDER_SECONDS
from tests.e2e.harness import BotUnderTest

# As bot.main does at start: python-telegram-bot's durations as timedelta.
os.environ.setdefault("PTB_TIMEDELTA", "1")

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
NO_POSTGRES = (
    "PostgreSQL variant skipped: set TEST_POSTGRES_URL "
    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run it"
)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file migrated to the newest schema once per test process: a test copies it
    instead of running every migration again (SQLite's batch migrations rebuild tables,
    about two seconds a test; the copy takes milliseconds). The bot still runs `migrate` at
    its start, which then finds nothing to do."""
    template = tmp_path_factory.mktemp("template") / "migrated.db"
    migrate(f"sqlite:///{template}")
    return template


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        target = tmp_path / "bot.db"
        # The backup API copies a consistent database whatever its journal mode (WAL).
        with closing(sqlite3.connect(request.getfixturevalue("migrated_sqlite"))) as source:
            with closing(sqlite3.connect(target)) as copy:
                source.backup(copy)
        yield f"sqlite:///{target}"
        return
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def fake(clock):
    # A token shaped like BotFather's, so the bot's own start-up check accepts it.
    async with FakeTelegram(
        token="123456789:AAHfake-token-for-tests-0123456789ab", clock=clock.now
    ) as server:
        yield server
        # Telegram refuses these whatever the situation: the bot must never send one.
        assert server.malformed == [], server.malformed


@pytest.fixture
async def bot(fake, clock, database_url):
    under_test = BotUnderTest(fake=fake, clock=clock, database_url=database_url)
    await under_test.start()
    yield under_test
    await under_test.stop()


# Here, not in tests/documents: with pytest-xdist only the root conftest reaches the process
# that writes the summary.
def pytest_terminal_summary(terminalreporter) -> None:
    times = [
        value
        for report in terminalreporter.stats.get("passed", [])
        for key, value in report.user_properties
        if key == RENDER_SECONDS
    ]
    if times:
        terminalreporter.write_line(
            "render times: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times)
        )
