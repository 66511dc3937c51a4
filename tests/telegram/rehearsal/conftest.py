from __future__ import annotations

import sys

import pytest

from bot.config import Settings
from rehearsal.room import Room
from tests.e2e.processes import free_port
from tests.telegram.rehearsal.page import CHROMIUM, RoomProcess, room_env, wait_for_page


@pytest.fixture
def room_settings(tmp_path) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'productie.db'}",
        # Pacing has its own tests; here it would only make the tests wait.
        chat_min_interval_seconds=0,
        group_messages_per_minute=0,
    )


@pytest.fixture
async def room(room_settings, tmp_path):
    started = Room(room_settings, database_path=tmp_path / "oefenruimte.db")
    await started.start()
    yield started
    await started.stop()


@pytest.fixture
def room_process(tmp_path):
    """`python -m bot oefen`, with a token set: the room starts all the same."""
    port = free_port()
    started = RoomProcess(
        [sys.executable, "-m", "bot", "oefen"],
        room_env(
            tmp_path,
            port,
            TELEGRAM_BOT_TOKEN="123456789:AAHnot-a-real-token-for-the-room-000",
            # Pacing has its own tests; here it would only make the browser wait.
            CHAT_MIN_INTERVAL_SECONDS="0",
            GROUP_MESSAGES_PER_MINUTE="0",
        ),
        tmp_path / "room.log",
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_page(url, started.process, timeout=30)
        yield url
    finally:
        started.stop()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, started once for a module's tests (a start is more than a second of
    CPU). Each test opens its pages with `browser.new_page`, each in a context of its own,
    and closes them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()
