"""Starting and stopping the bot: polling (default) or webhook, plus the health server.

On SIGTERM the bot stops taking updates, finishes the one in hand and closes cleanly; the
database is consistent at every commit, so nothing is half-written either way.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken
from telegram.ext import Application

from bot.config import Settings
from bot.telegram.app import on_startup
from bot.telegram.polling import DurablePolling
from bot.telegram.redaction import hide_secret
from bot.telegram.runtime import services_of
from bot.telegram.webhook import WebServer
from storage import repo
from storage.db import session_scope

log = logging.getLogger(__name__)


class TokenRejected(Exception):
    """Telegram refused the bot token at start (the entry point tells the host what to do
    without importing Telegram's own error types)."""


@dataclass
class Running:
    application: Application
    web: WebServer | None = None
    polling: DurablePolling | None = None


def webhook_secret(settings: Settings, engine) -> str:
    """WEBHOOK_SECRET, or one generated once and kept in the database, so every process
    behind the load balancer checks the same one."""
    if settings.webhook_secret:
        return settings.webhook_secret
    with session_scope(engine) as db:
        secret = repo.setting_or_create(
            db, key="webhook_secret", make=lambda: secrets.token_urlsafe(32)
        )
    hide_secret(secret)
    return secret


async def start(application: Application, settings: Settings) -> Running:
    await application.initialize()
    await on_startup(application)
    await application.start()
    running = Running(application)
    engine = services_of(application).engine
    if settings.webhook_url:
        secret = webhook_secret(settings, engine)
        running.web = WebServer(
            application,
            engine=engine,
            webhook_path=urlsplit(settings.webhook_url).path or "/",
            secret=secret,
        )
        await running.web.start(listen=settings.webhook_listen, port=settings.webhook_port)
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
    else:
        if settings.health_port is not None:
            running.web = WebServer(application, engine=engine)
            await running.web.start(listen=settings.webhook_listen, port=settings.health_port)
        running.polling = DurablePolling(application)
        await running.polling.start()
    return running


async def stop(running: Running) -> None:
    """Stop cleanly, in this order: no new updates; the update in hand finishes; no wake-up
    starts; sends in flight finish (a few seconds at most; whatever waits, for a flood ban
    or its turn, stays in the outbox for the next start); the scheduler and the HTTP
    client close; the database last. Nothing is left running to be cancelled or destroyed
    when the event loop closes."""
    application = running.application
    services = services_of(application)
    if running.web is not None:
        await running.web.stop()
    if running.polling is not None:
        await running.polling.stop()
    services.wakeups.stop_waking()
    await services.delivery.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    # A wake-up stopped mid-way may still be in its transaction: let it end first.
    services.off_loop.close()
    services.engine.dispose()
    log.info("gestopt")


async def serve(application: Application, settings: Settings) -> None:
    """Run until SIGINT or SIGTERM; TokenRejected when Telegram refuses the token."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        running = await start(application, settings)
    except InvalidToken as exc:
        raise TokenRejected(str(exc)) from exc
    log.info(
        "bot @%s is running (%s)",
        application.bot.username,
        "webhook" if settings.webhook_url else "polling",
    )
    try:
        await stopping.wait()
    finally:
        log.info("stopping")
        await stop(running)
