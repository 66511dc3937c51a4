"""The engines of the test databases, one per database per test process."""

from __future__ import annotations

import functools

from sqlalchemy.engine import Engine

from storage.db import make_engine


@functools.cache
def engine_of(database_url: str) -> Engine:
    """The engine every bot started on this database uses, and the test's own reads.

    SQLAlchemy compiles a statement once per engine: a new engine at every start of a bot
    compiled each of the bot's statements again (an eighth of the CPU a test took). The
    databases are lent from test to test (tests/conftest.py), so the engines are few."""
    return make_engine(database_url)
