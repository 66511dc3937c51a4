"""Telegram's flood limits, seen from every call the bot makes.

python-telegram-bot's AIORateLimiter sleeps out a 429 inside the call, and while it sleeps
it holds every other call of the bot too: one group's flood ban froze all groups, and the
member got an apology after the retries ran out. Here no call waits. A 429 goes straight
back to the caller: the outbox (bot.telegram.delivery) keeps the message and lets only
that chat wait, and a direct call (a button's answer, a reaction) is given up. The pace
(per chat, per group and for the whole bot) is kept by the outbox, on the injected clock.

What only this layer sees: a 429 for a call that names no chat, Telegram slowing the
whole bot down. It is passed on, so all sending pauses for the time Telegram asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)


def retry_after(exc: RetryAfter) -> timedelta:
    # A timedelta with PTB_TIMEDELTA=1 (set at start), seconds in older behaviour.
    value = exc.retry_after
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


class FloodWatch(BaseRateLimiter[None]):
    def __init__(self) -> None:
        self.on_flood: Callable[[timedelta], None] | None = None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ):
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            if data.get("chat_id") is None and self.on_flood is not None:
                self.on_flood(retry_after(exc))
            raise
