"""Reactions are not metered like messages; messages to a group are."""

import asyncio

from bot.telegram.rate_limits import TelegramRateLimiter


async def call_twice(limiter, endpoint: str) -> int:
    """How many of two calls to the same group finish within a short while."""
    done = 0

    async def callback():
        nonlocal done
        done += 1
        return True

    async def one():
        await limiter.process_request(callback, (), {}, endpoint, {"chat_id": -100123}, None)

    tasks = [asyncio.create_task(one()) for _ in range(2)]
    await asyncio.wait(tasks, timeout=0.3)
    for task in tasks:
        task.cancel()
    return done


async def test_a_group_limit_holds_messages_but_not_reactions():
    limiter = TelegramRateLimiter(group_max_rate=1, group_time_period=60, max_retries=0)
    await limiter.initialize()
    try:
        assert await call_twice(limiter, "setMessageReaction") == 2
        assert await call_twice(limiter, "sendMessage") == 1
    finally:
        await limiter.shutdown()
