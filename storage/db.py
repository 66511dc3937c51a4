"""Engine, sessions and migrations."""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import select
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

log = logging.getLogger(__name__)


def make_engine(database_url: str) -> Engine:
    if make_url(database_url).get_backend_name() == "sqlite":
        if (path := sqlite_path(database_url)) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: errors and logs never show what a member typed.
        engine = create_engine(database_url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            # WAL lets readers run during a write. synchronous=NORMAL is SQLite's advice for
            # WAL: a commit survives the process being killed (kill -9, a crash), only a
            # power cut or OS crash may lose the last few; it spares an fsync per commit,
            # which was the largest single cost per update. Hosts who need more run
            # PostgreSQL (README, "Hosten voor veel teams").
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    engine = create_engine(database_url, hide_parameters=True)

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection, _record, _proxy) -> None:
        # A pooled connection the server has closed meanwhile (a restart, a terminated
        # backend, an idle timeout) has something to read: the server's goodbye, or the end
        # of the stream. Only then is it pinged, and replaced when the ping fails. Checking
        # the socket without a round trip is what urllib3 and httpcore do for their pooled
        # connections; pool_pre_ping's round trip before every transaction was a quarter of
        # the bot's round trips to the server.
        if dbapi_connection.closed:
            raise DisconnectionError("connection closed")
        if not _has_something_to_read(dbapi_connection.fileno()):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            if engine.dialect.is_disconnect(exc, dbapi_connection, None):
                raise DisconnectionError(str(exc)) from exc
            raise

    @event.listens_for(engine, "connect")
    def _postgres_settings(dbapi_connection, _record) -> None:
        # No JIT: every statement of the bot touches a handful of rows, but the planner's
        # estimates for tables it has not analysed yet (a new database, a host without
        # autovacuum) put the retention sweep's many EXISTS clauses above jit_above_cost,
        # and each run then took about 100 ms of the server's CPU, most of it compiling a
        # statement that touches a handful of rows.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()

    return engine


def _has_something_to_read(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class DataDirNotWritable(Exception):
    """The SQLite file's folder cannot be created or written to by this process."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


class DatabaseRefused(Exception):
    """The database server answered and refused us (password, user or database name):
    waiting longer would not help."""


class DatabaseNewer(Exception):
    """The database was migrated by a newer version of the code than this one."""

    def __init__(self, current: str, known_head: str) -> None:
        super().__init__(f"database at {current}, code knows up to {known_head}")
        self.current, self.known_head = current, known_head


def sqlite_path(database_url: str) -> Path | None:
    """The SQLite file behind the URL, or None (PostgreSQL, or SQLite in memory)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database))
    return None


def check_writable(database_url: str) -> None:
    """Raise DataDirNotWritable at once when the SQLite file's folder is not ours to write
    (a root-owned volume): SQLite would otherwise fail only at the first write, or make
    the start wait for a database that can never answer."""
    path = sqlite_path(database_url)
    if path is None:
        return
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A real write, not os.access: that one says yes to root on a read-only mount.
        probe = folder / f".write-test-{os.getpid()}"
        probe.touch()
        probe.unlink()
        if path.exists() and not os.access(path, os.W_OK):
            raise PermissionError(13, "the database file is read-only")
    except OSError as exc:
        raise DataDirNotWritable(folder, exc.strerror or str(exc)) from exc


# Server answers that mean "not with these settings" (libpq puts no SQLSTATE on a failed
# connection, so the message is all there is); "starting up" and the like are not here.
REFUSALS = (
    "password authentication failed",
    "no password supplied",
    "does not exist",
    "pg_hba.conf",
)


def wait_for_database(database_url: str, *, timeout: float) -> None:
    """Return once the database answers; raise OperationalError after `timeout` seconds,
    or DatabaseRefused at once when the server refuses the credentials or the name."""
    engine = make_engine(database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
                return
            except OperationalError as exc:
                if any(refusal in str(exc.orig) for refusal in REFUSALS):
                    raise DatabaseRefused(str(exc.orig).strip().splitlines()[-1]) from exc
                if time.monotonic() >= deadline:
                    raise
                log.info("waiting for the database to answer")
                time.sleep(1)
    finally:
        engine.dispose()


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Percent signs in passwords would otherwise be read as interpolation.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def current_revision(database_url: str) -> str | None:
    """The migration the database is at (None: an empty database)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


@functools.cache
def _scripts() -> ScriptDirectory:
    # The migration files cannot change under a running process; reading them (every file
    # executed) took a fifth of a second at each start and each check.
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def code_head() -> str:
    """The newest migration this code knows."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


@contextmanager
def sqlite_migration_lock(database_url: str) -> Iterator[None]:
    """SQLite's side of "one process migrates at a time": an exclusive lock on a file next
    to the database (every process sharing a SQLite file runs on the same machine), held
    until the migration has committed."""
    path = sqlite_path(database_url)
    if path is None:
        yield
        return
    with open(path.with_name(path.name + ".migrate-lock"), "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


# Any fixed number: the advisory lock's name for "migrating aandeslag".
MIGRATION_LOCK = 0x61616E64


def migrate(database_url: str, target: str = "head", *, engine: Engine | None = None) -> str | None:
    """Bring the schema to `target` (the newest migration by default; an older one moves
    it back), under a lock so that processes starting together migrate once (PostgreSQL:
    an advisory lock that the migration's own commit releases). Returns the
    revision the database was at; raises DatabaseNewer when that one is unknown here.
    With `engine` (the database's, open for more), that one is used and left open."""
    config = alembic_config(database_url)
    script = _scripts()
    given = engine
    engine = given if given is not None else make_engine(database_url)
    try:
        with sqlite_migration_lock(database_url), engine.connect() as connection:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                    )
                current = MigrationContext.configure(connection).get_current_revision()
                if current is not None:
                    try:
                        script.get_revision(current)
                    except CommandError as exc:
                        raise DatabaseNewer(current, code_head()) from exc
                if target == "head" and current == code_head():
                    # Nothing to do: alembic would find the same after loading every
                    # migration again (the usual start, and every test's bot).
                    return current
                config.attributes["connection"] = connection
                older = (
                    current is not None
                    and target != "head"
                    and target
                    in {revision.revision for revision in script.iterate_revisions(current, "base")}
                )
                if older and target != current:
                    command.downgrade(config, target)
                else:
                    command.upgrade(config, target)
            return current
    finally:
        if given is None:
            engine.dispose()


# The scope open in this context (a thread, or the copy of a task's context an off-loop
# call runs in): a scope opened inside it joins it, so several service calls can be one
# transaction and one commit (bot.telegram.intake takes a whole batch of updates on in one).
_open_scope: ContextVar[tuple[Engine, Session] | None] = ContextVar("open_scope", default=None)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on error.

    Inside another scope on the same engine it is part of that one: nothing is committed
    until the outermost block ends, and an error that leaves it rolls the whole back."""
    joined = _open_scope.get()
    if joined is not None and joined[0] is engine:
        yield joined[1]
        return
    with Session(engine, expire_on_commit=False) as session:
        token = _open_scope.set((engine, session))
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            _open_scope.reset(token)
