"""Starting and stopping the bot: polling (default) or webhook, plus the health server.

On SIGTERM the bot stops taking updates, finishes the one in hand and closes cleanly; the
database is consistent at every commit, so nothing is half-written either way.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot.config import Settings
from bot.telegram.app import on_startup
from bot.telegram.polling import DurablePolling
from bot.telegram.redaction import hide_secret
from bot.telegram.runtime import services_of
from storage.db import migrate, session_scope
from storage.repo import updates as update_rows

if TYPE_CHECKING:
    from bot.telegram.webhook import WebServer

log = logging.getLogger(__name__)


# Start-up failures the entry point tells the host in one sentence, without importing
# Telegram's own error types.
class TokenRejected(Exception):
    """Telegram refused the bot token at start."""


class TelegramUnreachable(Exception):
    """Telegram did not answer within TELEGRAM_WAIT_SECONDS (a firewall, no network)."""


class PortInUse(Exception):
    def __init__(self, setting: str, port: int, reason: str) -> None:
        super().__init__(f"{setting}={port}: {reason}")
        self.setting, self.port, self.reason = setting, port, reason


class AnotherPoller(Exception):
    """Another process polls Telegram with the same token."""


@dataclass
class Running:
    application: Application
    web: WebServer | None = None
    health: WebServer | None = None
    polling: DurablePolling | None = None


async def reach_telegram(application: Application, settings: Settings) -> None:
    """Ask Telegram who we are until it answers, with growing pauses and a log line for
    each, for at most TELEGRAM_WAIT_SECONDS; then TelegramUnreachable. Stopping then (not
    retrying for ever) is deliberate: the container's restart policy keeps trying with its
    own back-off, and a host sees a stopped or restarting bot where a bot that hangs on
    looks healthy to anything that does not read its log."""
    deadline = time.monotonic() + settings.telegram_wait_seconds
    pause = 1.0
    while True:
        try:
            await application.bot.initialize()
            return
        except InvalidToken as exc:
            raise TokenRejected(str(exc)) from exc
        except NetworkError as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TelegramUnreachable(str(exc) or type(exc).__name__) from exc
            log.warning(
                "Telegram does not answer (%s); trying again in %.0f s",
                str(exc) or type(exc).__name__,
                min(pause, left),
            )
            await asyncio.sleep(min(pause, left))
            pause = min(pause * 2, 15.0)


async def open_ports(running: Running, settings: Settings) -> None:
    """Bind the webhook and health servers before anything else starts, so a port in use
    stops the start at once (PortInUse) with nothing to undo but the servers."""
    application = running.application
    engine = services_of(application).engine
    webhook = bool(settings.webhook_url)
    shared = webhook and settings.health_port in (None, settings.webhook_port)
    if not webhook and settings.health_port is None:
        return
    # Here, not at the top: aiohttp's server took a tenth of a second of every start, and a
    # bot that polls without a health port serves nothing.
    from bot.telegram.webhook import WebServer

    try:
        if webhook:
            running.web = WebServer(
                application,
                engine=engine,
                webhook_path=urlsplit(settings.webhook_url).path or "/",
                secret=webhook_secret(settings, engine),
                health=shared,
            )
            setting, port = "WEBHOOK_PORT", settings.webhook_port
            await running.web.start(listen=settings.webhook_listen, port=port)
        if settings.health_port is not None and not shared:
            running.health = WebServer(application, engine=engine)
            setting, port = "HEALTH_PORT", settings.health_port
            await running.health.start(listen=settings.webhook_listen, port=port)
    except OSError as exc:
        await close_ports(running)
        raise PortInUse(setting, port, exc.strerror or str(exc)) from exc


async def close_ports(running: Running) -> None:
    for server in (running.web, running.health):
        if server is not None:
            await server.stop()


def webhook_secret(settings: Settings, engine) -> str:
    """WEBHOOK_SECRET, or one generated once and kept in the database, so every process
    behind the load balancer checks the same one."""
    if settings.webhook_secret:
        return settings.webhook_secret
    with session_scope(engine) as db:
        secret = update_rows.setting_or_create(
            db, key="webhook_secret", make=lambda: secrets.token_urlsafe(32)
        )
    hide_secret(secret)
    return secret


def migrate_database(database_url: str) -> None:
    """Bring a database to this version's schema before `start`: the rehearsal room's own
    fresh file (the entry point, bot.main, migrates the host's database itself)."""
    migrate(database_url)


async def start(application: Application, settings: Settings) -> Running:
    running = Running(application)
    await open_ports(running, settings)
    await application.initialize()
    await on_startup(application)
    await application.start()
    if settings.webhook_url:
        assert running.web is not None
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=running.web.secret, allowed_updates=Update.ALL_TYPES
        )
    else:
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
    await close_ports(running)
    if running.polling is not None:
        await running.polling.stop()
    services.wakeups.stop_waking()
    await services.delivery.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    # A wake-up stopped mid-way may still be in its transaction: let it end first.
    services.off_loop.close()
    if services.engine_is_ours:
        services.engine.dispose()
    log.info("gestopt")


async def serve(application: Application, settings: Settings) -> None:
    """Run until SIGINT or SIGTERM. Raises TokenRejected, TelegramUnreachable or PortInUse
    when the start fails, AnotherPoller when another process polls with the same token."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await reach_telegram(application, settings)
        running = await start(application, settings)
    except BaseException:
        await application.bot.shutdown()
        raise
    log.info(
        "bot @%s is running (%s)",
        application.bot.username,
        "webhook" if settings.webhook_url else "polling",
    )
    polling = running.polling
    if polling is not None:
        polling.on_conflict = stopping.set
    try:
        await stopping.wait()
    finally:
        log.info("stopping")
        await stop(running)
    if polling is not None and polling.conflicted:
        raise AnotherPoller()
