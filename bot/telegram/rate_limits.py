"""Telegram's flood limits, as python-telegram-bot's AIORateLimiter applies them, except
for the ✍ reaction that acknowledges a stored answer.

AIORateLimiter counts every call that names a group against that group's 20 a minute.
Reactions are not messages; counting them would make a lively group's answers (and the
step cards queued behind them) wait minutes for their acknowledgements.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import AIORateLimiter

UNMETERED = frozenset({"setMessageReaction"})


class TelegramRateLimiter(AIORateLimiter):
    async def process_request(
        self,
        callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ):
        if endpoint in UNMETERED:
            return await callback(*args, **kwargs)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
