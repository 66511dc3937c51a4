"""The service tier: the services as bot.telegram.app builds them, on a migrated database,
with the clock the test moves; no Telegram, no Application. Tests call a service and read
what it stored and what it queued in the outbox.

SQLite: a copy of the file migrated once per process, as the end-to-end tests get.
PostgreSQL: one database per process (copied from the migrated template), and each test in
a transaction that is rolled back at its end. The services get that connection where they
expect an engine; every unit of work of theirs (`session_scope`) is then a savepoint in it,
committed and rolled back as it would be on its own, and a test sees only its own rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.telegram import app
from bot.telegram.runtime import Services
from prompts import Deck, load_deck
from storage.db import make_engine
from tests.conftest import NO_POSTGRES, POSTGRES_URL, sqlite_afresh
from tests.engines import engine_of
from tests.services.helpers import Group


@pytest.fixture(scope="session")
def deck() -> Deck:
    return load_deck()


@pytest.fixture(scope="session")
def settings() -> Settings:
    # Validated once: the check of the holiday country alone takes tens of milliseconds.
    return Settings(telegram_bot_token="")


@pytest.fixture(scope="session")
def postgres_engine(request) -> Iterator[Engine]:
    """This process's PostgreSQL database of the service tier."""
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create()
    engine = make_engine(databases.url_of(name))
    yield engine
    engine.dispose()
    databases.drop(name)


@pytest.fixture(params=["sqlite", "postgres"])
def services(request, settings, clock, deck) -> Iterator[Services]:
    if request.param == "sqlite":
        template, lent = (request.getfixturevalue(f) for f in ("migrated_sqlite", "lent_sqlite"))
        url = sqlite_afresh(template, lent)
        built = app.build_services(
            settings.model_copy(update={"database_url": url}),
            clock=clock,
            deck=deck,
            engine=engine_of(url),
        )
        yield built
        built.off_loop.close()
        return
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    engine: Engine = request.getfixturevalue("postgres_engine")
    with engine.connect() as connection:
        test = connection.begin()
        # In a savepoint, each Session bound to the connection makes its own savepoint
        # (SQLAlchemy's "conservative_savepoint"): a refusal rolls back only its own work.
        connection.begin_nested()
        built = app.build_services(
            settings.model_copy(
                update={"database_url": engine.url.render_as_string(hide_password=False)}
            ),
            clock=clock,
            deck=deck,
            engine=connection,  # where an engine is expected: see the docstring above
        )
        try:
            yield built
        finally:
            built.off_loop.close()
            test.rollback()


@pytest.fixture
def group(services) -> Group:
    return Group(services)
