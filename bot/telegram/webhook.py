"""The bot's HTTP side: Telegram's webhook (with its secret header), /healthz (the
database, the scheduler and the outbox's backlog) and /metrics (Prometheus).

One rule in both modes: /healthz and /metrics are on HEALTH_PORT when it is set (the Docker
image sets it for its HEALTHCHECK), else on the webhook's port in webhook mode. In webhook
mode with HEALTH_PORT equal to WEBHOOK_PORT one server does both.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from datetime import datetime

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import Application

from bot import __version__
from bot.metrics import exposition
from bot.telegram.intake import UpdateIntake
from bot.telegram.runtime import services_of
from storage.db import session_scope
from storage.repo import groups as group_rows
from storage.repo import outbox as outbox_rows

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def oldest_unsent(engine: Engine) -> tuple[bool, datetime | None]:
    """Whether the database answers, and when the oldest message still waiting to go out
    was queued (messages for a group the bot was removed from wait on purpose)."""
    try:
        with session_scope(engine) as db:
            held = group_rows.inactive_group_ids(db)
            return True, outbox_rows.oldest_unsent(db, except_chats=held)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        log.warning("health check: database does not answer", exc_info=True)
        return False, None


class WebServer:
    def __init__(
        self,
        application: Application,
        *,
        engine: Engine,
        webhook_path: str | None = None,
        secret: str | None = None,
        health: bool = True,
    ) -> None:
        if webhook_path and not secret:
            raise ValueError("a webhook needs a secret token")
        self.application = application
        self.intake = UpdateIntake(application)
        self.engine = engine
        self.secret = secret or ""
        self.app = web.Application(client_max_size=2 * 1024 * 1024)
        if health:
            self.app.router.add_get("/healthz", self.health)
            self.app.router.add_get("/metrics", self.metrics)
        if webhook_path:
            self.app.router.add_post(webhook_path, self.webhook)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self, *, listen: str, port: int) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, listen, port)
        await site.start()
        # With port 0 the system picks one; tests read it here.
        self.port = self._runner.addresses[0][1]
        log.info("web server on %s:%s", listen, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def health(self, _request: web.Request) -> web.Response:
        """Healthy: the database answers, the scheduler runs, and no message has waited
        longer than OUTBOX_STUCK_MINUTES (a bot that runs but cannot send is not healthy)."""
        database_ok, oldest = await asyncio.to_thread(oldest_unsent, self.engine)
        job_queue = self.application.job_queue
        scheduler_ok = bool(job_queue and job_queue.scheduler.running)
        services = services_of(self.application)
        waited = (services.clock.now() - oldest).total_seconds() if oldest else 0.0
        stuck_after = services.settings.outbox_stuck_minutes * 60
        outbox_ok = waited < stuck_after
        body = {
            "version": __version__,
            "database": "ok" if database_ok else "unreachable",
            "scheduler": "running" if scheduler_ok else "stopped",
            "outbox": {
                "oldest_unsent_seconds": round(max(0.0, waited)),
                "state": "ok" if outbox_ok else "stuck",
            },
        }
        healthy = database_ok and scheduler_ok and outbox_ok
        return web.json_response(body, status=200 if healthy else 503)

    async def metrics(self, _request: web.Request) -> web.Response:
        clock = services_of(self.application).clock
        page = await asyncio.to_thread(exposition, self.engine, clock.now)
        return web.Response(body=page, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403, text="forbidden")
        if not self.application.running:
            # The port opens before the bot has started (a busy port should stop the start
            # at once); another process's webhook may already send here. Telegram delivers
            # the update again later.
            return web.Response(status=503, text="starting")
        try:
            data = await request.json()
            update = Update.de_json(data, self.application.bot)
        except (json.JSONDecodeError, TypeError, ValueError, KeyError):
            return web.Response(status=400, text="bad update")
        # Handled before Telegram hears "200": if the process dies mid-update, Telegram
        # delivers it again instead of it being lost in a queue.
        await self.intake.handle([update])
        return web.Response(status=200)
