"""Engine, sessions and migrations."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Relative to the working directory: `make run` keeps the data in ./data.
DEFAULT_DATABASE_URL = "sqlite:///data/aandeslag.db"

log = logging.getLogger(__name__)


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
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
    return create_engine(database_url, pool_pre_ping=True, hide_parameters=True)


def wait_for_database(database_url: str, *, timeout: float) -> None:
    """Return once the database answers; raise OperationalError after `timeout` seconds."""
    engine = make_engine(database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
                return
            except OperationalError:
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


def migrate(database_url: str) -> None:
    """Create or upgrade the schema to the newest migration."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), "head")


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
