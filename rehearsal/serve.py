"""Serving the room: the stand-in, the bot and the page in one process, until a signal."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from bot.config import Settings
from prompts import Deck
from rehearsal.colleagues import PracticeColleagues, Samples
from rehearsal.room import Room
from rehearsal.web import build_app

log = logging.getLogger(__name__)


def address(settings: Settings) -> str:
    return f"http://{settings.rehearsal_listen}:{settings.rehearsal_port}/"


def ready_sentence(settings: Settings) -> str:
    return (
        f"De oefenruimte staat klaar: open {address(settings)} in je browser; live gaan met "
        "je team doe je met een eigen bot van @BotFather in Telegram (/newbot), met het token "
        "in TELEGRAM_BOT_TOKEN (in .env), en dan opnieuw make run."
    )


async def serve(settings: Settings, deck: Deck) -> None:
    """Run the room until SIGINT or SIGTERM."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    room = Room(settings, database_path=settings.rehearsal_database, deck=deck)
    colleagues = PracticeColleagues(room, Samples.load())
    await room.start()
    runner = web.AppRunner(build_app(room, colleagues), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, settings.rehearsal_listen, settings.rehearsal_port)
    try:
        await site.start()
        print(ready_sentence(settings), flush=True)
        await stopping.wait()
    finally:
        colleagues.enabled = False
        colleagues.forget()
        await runner.cleanup()
        await room.stop()
