"""The service tier: the services as bot.telegram.app builds them, on a migrated database
(SQLite and PostgreSQL, `database_url` in tests/conftest.py), with the clock the test moves;
no Telegram, no Application. Tests call a service and read what it stored and what it queued
in the outbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.telegram.app import build_services
from bot.telegram.runtime import Services
from prompts import Deck, load_deck
from tests.services.helpers import Group


@pytest.fixture(scope="session")
def deck() -> Deck:
    return load_deck()


@pytest.fixture
def services(database_url, clock, deck) -> Iterator[Services]:
    built = build_services(
        Settings(telegram_bot_token="", database_url=database_url), clock=clock, deck=deck
    )
    yield built
    built.off_loop.close()
    built.engine.dispose()


@pytest.fixture
def group(services) -> Group:
    return Group(services)
