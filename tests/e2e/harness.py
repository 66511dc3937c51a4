"""Runs the real Application against the fake Bot API, with a clock the test moves."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session, select
from telegram.error import NetworkError
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.config import Settings
from bot.telegram import app as bot_app
from bot.telegram import lifecycle
from bot.telegram.runtime import Services, services_of
from prompts import Deck, load_deck
from storage.db import migrate
from telegram_stand_in import Dropped, FakeTelegram, Upload
from tests.clock import FakeClock
from tests.engines import engine_of

SETTLE_SECONDS = 30


@functools.cache
def deck_of(prompts_dir: Path | None) -> Deck:
    """The deck, read once per test process: a Deck is frozen, and reading its YAML took
    a tenth of a second or more at every start of a bot under test."""
    return load_deck(prompts_dir)


class StandInRequest(BaseRequest):
    """The bot's python-telegram-bot calls handed to the stand-in in this process as the
    form they would post (FakeTelegram.answer_form): the same answers as over HTTP, without
    httpx building the request and the response and the stand-in reading the form back (a
    twentieth of an end-to-end test's CPU). Bots in processes of their own still talk HTTP
    (tests/e2e/processes.py), and the stand-in's own tests check its HTTP line."""

    def __init__(self, fake: FakeTelegram) -> None:
        super().__init__()
        self.fake = fake

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *_timeouts: object,
        **_timeout: object,
    ) -> tuple[int, bytes]:
        fields = request_data.json_parameters if request_data is not None else {}
        files: dict[str, Upload] = {}
        if request_data is not None and request_data.contains_files:
            for name, (filename, content, mime_type) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                files[name] = Upload(filename=filename, content=data, mime_type=mime_type)
        try:
            status, body = await self.fake.answer_form(urlsplit(url).path, fields, files)
        except Dropped:
            # What python-telegram-bot's HTTP client says when the server hangs up.
            raise NetworkError("httpx.RemoteProtocolError: Server disconnected") from None
        return status, json.dumps(body).encode()


@dataclass
class BotUnderTest:
    fake: FakeTelegram
    clock: FakeClock
    database_url: str
    extra_settings: dict = field(default_factory=dict)
    application: Application | None = None
    running: lifecycle.Running | None = None
    handled_through: int = 0

    def __post_init__(self) -> None:
        # Updates queued before the bot first starts are all still to be handled.
        self.handled_through = self.fake.last_update_id

    @property
    def settings(self) -> Settings:
        return Settings(
            telegram_bot_token=self.fake.token,
            telegram_api_base_url=self.fake.base_url,
            database_url=self.database_url,
            sweep_seconds=3600,
            # Pacing has its own test; elsewhere it would only make tests move the clock.
            **{
                "chat_min_interval_seconds": 0,
                "group_messages_per_minute": 0,
                "bot_messages_per_second": 0,
                **self.extra_settings,
            },
        )

    @property
    def services(self) -> Services:
        assert self.application is not None
        return services_of(self.application)

    async def start(self) -> None:
        await self.start_without_settling()
        await self.settle()

    async def start_without_settling(self) -> None:
        """Start the bot; in webhook mode nobody polls, so there is nothing to settle."""
        migrate(self.database_url, engine=engine_of(self.database_url))
        settings = self.settings
        self.application = bot_app.build_application(
            settings,
            clock=self.clock,
            deck=deck_of(settings.prompts_dir),
            engine=engine_of(self.database_url),
            bot_api=functools.partial(StandInRequest, self.fake),
        )
        self.running = await lifecycle.start(self.application, settings)
        # The JobQueue waits in real time while the test moves a fake clock: its jobs are
        # planned as always (tests/telegram/test_wake_ups.py reads them) but the test does
        # their work with tick(). Left running, a job came due on a slow machine between two
        # steps of a test (after clock.set, before the tick) and sent in another order.
        assert self.application.job_queue is not None
        self.application.job_queue.scheduler.pause()

    async def stop(self) -> None:
        if self.running is not None:
            self.handled_through = max(self.handled_through, self.services.updates.handled_through)
            await lifecycle.stop(self.running)
            self.running = None
            self.application = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def drop_pending_updates(self) -> None:
        """Updates Telegram had queued are lost (as if they were never sent to the bot)."""
        self.fake.pop_updates()
        self.handled_through = self.fake.last_update_id

    async def tick(self, **span: float) -> None:
        """Move the clock and let the bot do what came due, as its wake-up job would."""
        if span:
            self.clock.advance(**span)
        await self.services.wakeups.run_due(self.application.bot)
        await self.settle()

    async def settle(self) -> None:
        """Wait until the bot fetched and fully handled every update, and sent what it meant to.

        Telegram's offset is acknowledged before the handlers run, so the fake alone cannot
        tell when the bot is done; the bot's update log can. The bounds only turn a hang into
        a failure: a busy machine (two cores, several suites) may need more than a second."""
        await self.fake.wait_until(
            lambda: (
                max(self.handled_through, self.services.updates.handled_through)
                >= self.fake.last_update_id
            ),
            timeout=SETTLE_SECONDS,
            message="the bot did not finish handling its updates",
        )
        await self.fake.wait_until(
            lambda: not self.services.delivery.busy,
            timeout=SETTLE_SECONDS,
            message="the outbox's senders did not finish",
        )
        await self.fake.wait_idle(timeout=SETTLE_SECONDS)

    def db(self) -> Session:
        return Session(engine_of(self.database_url))

    def rows(self, model, *where):
        """The model's rows, in the order they were stored (by key: without an ORDER BY,
        PostgreSQL may return them in any order, e.g. once deleted rows left room)."""
        with self.db() as db:
            by_key = model.__table__.primary_key.columns
            return list(db.exec(select(model).where(*where).order_by(*by_key)).all())


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"
