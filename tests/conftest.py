"""Fixtures shared by every layer: the database under test, and the real Application
against the stand-in Bot API with a clock the test moves.

Storage, service and end-to-end tests run on SQLite and, when TEST_POSTGRES_URL is set, on
PostgreSQL too, each test in a database of its own copied from one migrated once.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import httpx._transports.default
import pytest
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.db import MIGRATIONS_DIR, code_head, migrate
from telegram_stand_in import FakeTelegram
from tests.clock import FakeClock
from tests.documents.conftest import PROPERTY as RENDER_SECONDS
from tests.e2e.harness import BotUnderTest
from tests.engines import dispose_all, engine_of, forget_engine

# As bot.main does at start: python-telegram-bot's durations as timedelta.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# A test process builds many short-lived ORM objects and keeps every module it imported:
# no collection while it imports and collects the tests (as bot/__main__.py), then what
# that built is set aside from the collector and its youngest generation is collected less
# often (a few percent of a test process's CPU went to collections that found nothing).
gc.disable()


def pytest_configure(config) -> None:
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        gc.enable()  # pytest-xdist's controller collects no tests: nothing to wait for


def pytest_collection_finish(session) -> None:
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    gc.enable()


# Every bot under test builds two HTTP clients, and each read the whole CA bundle again for
# its TLS context (about a third of the CPU a bot's start took). A context serves any
# number of clients, and the stand-in speaks plain HTTP anyway: one per test process.
httpx._transports.default.create_ssl_context = functools.cache(  # type: ignore[assignment]
    httpx._transports.default.create_ssl_context
)

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


@pytest.fixture(scope="session")
def lent_sqlite(tmp_path_factory) -> Path:
    """The SQLite file this process's tests take turns on (see database_url)."""
    return tmp_path_factory.mktemp("lent") / "bot.db"


def sqlite_afresh(template: Path, target: Path) -> str:
    """The lent file as a fresh copy of the template; its URL. What the last test left
    goes, its write-ahead log included; the engine of the URL keeps only its compiled
    statements (tests/engines.py)."""
    url = f"sqlite:///{target}"
    engine_of(url).dispose()
    for leftover in (target, *(target.with_name(target.name + end) for end in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    return sqlite_copy(template, target)


def sqlite_copy(template: Path, target: Path) -> str:
    """A migrated database of its own for one test; its URL."""
    # The backup API copies a consistent database whatever its journal mode (WAL).
    with closing(sqlite3.connect(template)) as source:
        with closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    return f"sqlite:///{target}"


def _migrations_digest() -> str:
    """Names the template after the migrations it holds: a changed or new migration builds a
    new one, and branches with other migrations (on a shared server) keep their own."""
    digest = hashlib.sha256()
    for path in [MIGRATIONS_DIR / "env.py", *sorted((MIGRATIONS_DIR / "versions").glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def current_revision_of(db: Connection) -> str | None:
    return MigrationContext.configure(db).get_current_revision()


# Any fixed number: the advisory lock every test process on the server takes around building
# the template and copying it (PostgreSQL refuses to copy a template someone is connected to).
TEMPLATE_LOCK = 0x616E6465


def _empty(db: Connection) -> None:
    """Every row gone and every sequence back at 1, as in a fresh copy of the template.
    DELETE, children first, not TRUNCATE: a TRUNCATE gives each of the two dozen tables and
    their indexes new files, 80 ms of the server's work a test where this takes 17. One
    block, not a statement per table: fifty round trips a test become one."""
    present = set(
        db.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
    )
    children_first = [table.name for table in reversed(SQLModel.metadata.sorted_tables)]
    deletes = [f'DELETE FROM "{table}";' for table in children_first if table in present]
    restarts = [
        f"ALTER SEQUENCE {sequence} RESTART;"
        for sequence in db.execute(
            # Only those the test drew from: a restart writes the catalog, one that was
            # not read since its last restart is at 1 already (last_value is null).
            text(
                "SELECT quote_ident(sequencename) FROM pg_sequences "
                "WHERE schemaname = 'public' AND last_value IS NOT NULL"
            )
        ).scalars()
    ]
    db.execute(text("DO $$ BEGIN " + " ".join(deletes + restarts) + " END $$"))


class PostgresDatabases:
    """A database per test, copied from a template migrated once per set of migrations
    (`CREATE DATABASE ... TEMPLATE`: 30 ms on a quiet server, where running every migration
    in a fresh schema took about a second a test).

    A test's database is emptied when it ends and lent to the process's next test: a copy
    writes the whole template (9 MB) to the WAL and a drop waits for a checkpoint of the
    server, which on a busy server (four test processes, other suites) took longer than
    most tests. Emptied, it is what a fresh copy is: the migrations store no rows but the
    schema's version (alembic_version, which is no model's table and stays), and every
    sequence starts again at 1."""

    PREFIX = "aandeslag_t_"

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.template = f"aandeslag_tmpl_{_migrations_digest()}"
        self.admin: Engine = create_engine(url, isolation_level="AUTOCOMMIT")
        # DROP DATABASE waits for a checkpoint of the whole server (tenths of a second, more
        # while other suites write): it runs beside the next test instead of before it.
        self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-db")
        self._drops: list[Future] = []
        self._emptied: list[str] = []

    def url_of(self, name: str) -> str:
        # A commit need not wait for the server's disk: test databases outlive no crash of
        # the server, and every other session sees a commit at once either way. The tests
        # commit thousands of times; on a slow disk the waits added up to minutes.
        test_url = self.url.set(database=name).update_query_dict(
            {"options": "-c synchronous_commit=off"}
        )
        return test_url.render_as_string(hide_password=False)

    def create(self) -> str:
        name = f"{self.PREFIX}{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as admin:
            admin.execute(text("SELECT pg_advisory_lock(:key)"), {"key": TEMPLATE_LOCK})
            try:
                # Checked at every test, not once per process: cheap, and a template dropped
                # by hand meanwhile is simply built again.
                if not self._exists(admin, self.template):
                    self._build_template(admin)
                admin.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
            finally:
                admin.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": TEMPLATE_LOCK})
        return name

    def _build_template(self, admin: Connection) -> None:
        # Built under another name and renamed when complete: a run killed halfway leaves
        # no half-migrated template behind.
        building = f"{self.template}_new"
        admin.execute(text(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)'))
        admin.execute(text(f'CREATE DATABASE "{building}"'))
        migrate(self.url_of(building))  # alembic's engine has no pool: nothing stays connected
        admin.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{self.template}"'))

    @staticmethod
    def _exists(admin: Connection, name: str) -> bool:
        found = admin.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        return found.first() is not None

    def drop(self, name: str) -> None:
        self._drops.append(self._dropper.submit(self._drop_now, name))

    def lend(self) -> str:
        """A migrated database with no rows for one test: an emptied one, or a new copy."""
        return self._emptied.pop() if self._emptied else self.create()

    def give_back(self, name: str) -> None:
        """Empty the database for the next test; drop it when it is not at the template's
        revision any more (a test that moved it back and failed before moving it on)."""
        with self.admin.connect() as admin:
            # Whatever the test left busy (a transaction of a killed bot process) goes
            # first: it could hold a lock the emptying waits for. Idle connections hold
            # none and stay: the pool of this process's engine for the database
            # (tests/engines.py), whose server processes the next test finds warm.
            admin.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid() AND state <> 'idle'"
                ),
                {"n": name},
            )
        # On the database's own engine: its connections stay open for the next test.
        url = self.url_of(name)
        with engine_of(url).begin() as db:
            moved = current_revision_of(db) != code_head()
            if not moved:
                _empty(db)
        if moved:
            # Only once its connections are closed: the drop (WITH FORCE, on another thread)
            # would end one in the middle of its commit.
            forget_engine(url)
            self.drop(name)
        else:
            self._emptied.append(name)

    def _drop_now(self, name: str) -> None:
        # FORCE: a connection the test left open (a pool, a killed bot) must not keep it.
        with self.admin.connect() as admin:
            admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self._emptied:
            self.drop(name)
        self._dropper.shutdown(wait=True)
        self.admin.dispose()
        for drop in self._drops:
            drop.result()  # a database left behind fails the run, not silently


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(POSTGRES_URL)
    yield databases
    dispose_all()
    databases.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request):
    """A migrated database with no rows, the same one (emptied) for each of a process's
    tests, so the bots under test share one engine per database (tests/engines.py)."""
    if request.param == "sqlite":
        template, lent = (request.getfixturevalue(f) for f in ("migrated_sqlite", "lent_sqlite"))
        yield sqlite_afresh(template, lent)
        return
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    databases = request.getfixturevalue("postgres_databases")
    name = databases.lend()
    url = databases.url_of(name)
    try:
        yield url
    finally:
        databases.give_back(name)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def fake(clock):
    # A token shaped like BotFather's, so the bot's own start-up check accepts it. Settled
    # means quiet for 20 ms after the bot handled everything and its senders stopped: the
    # bots under test share the test's event loop, where anything they still do is under way
    # within milliseconds (the default 50 ms, for bots in other processes, was two fifths
    # of a test's time).
    async with FakeTelegram(
        token="123456789:AAHfake-token-for-tests-0123456789ab", clock=clock.now, settle=0.02
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
