"""The engines of the test databases, one per database per test process."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from storage.db import make_engine

_engines: dict[str, Engine] = {}


def engine_of(database_url: str) -> Engine:
    """The engine every bot started on this database uses, and the test's own reads.

    SQLAlchemy compiles a statement once per engine, and PostgreSQL warms its caches once
    per connection: a new engine at every start of a bot compiled each of the bot's
    statements again (an eighth of the CPU a test took) and opened new connections. The
    databases are lent from test to test (tests/conftest.py), so the engines are few; a bot
    stopping leaves the engine it was given open (Services.engine_is_ours)."""
    engine = _engines.get(database_url)
    if engine is None:
        engine = _engines[database_url] = make_engine(database_url)
    return engine


def forget_engine(database_url: str) -> None:
    """Closes the database's engine and its connections, before the database is dropped."""
    engine = _engines.pop(database_url, None)
    if engine is not None:
        engine.dispose()


def dispose_all() -> None:
    """At the end of the run, before the databases go."""
    for engine in _engines.values():
        engine.dispose()
