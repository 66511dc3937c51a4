"""Reactions are not metered like messages; messages to a group are. The limiter times
itself with the event loop, so the test runs it on a loop whose time is a FakeClock's."""

import asyncio

from bot.telegram.rate_limits import TelegramRateLimiter
from tests.clock import ClockedEventLoop, FakeClock

GROUP = -100123


def start_calls(limiter: TelegramRateLimiter, endpoint: str, count: int) -> list[asyncio.Task]:
    async def callback():
        return True

    return [
        asyncio.create_task(
            limiter.process_request(callback, (), {}, endpoint, {"chat_id": GROUP}, None)
        )
        for _ in range(count)
    ]


async def scenario(loop: ClockedEventLoop) -> None:
    limiter = TelegramRateLimiter(group_max_rate=1, group_time_period=60, max_retries=0)
    await limiter.initialize()
    try:
        reactions = start_calls(limiter, "setMessageReaction", 2)
        messages = start_calls(limiter, "sendMessage", 2)
        await loop.settle()
        assert all(task.done() for task in reactions)
        assert [task.done() for task in messages] == [True, False]

        loop.clock.advance(seconds=59)
        await loop.settle()
        assert not messages[1].done()

        loop.clock.advance(seconds=2)
        await loop.settle()
        assert messages[1].done() and messages[1].result() is True
    finally:
        await limiter.shutdown()


def test_a_group_limit_holds_messages_but_not_reactions():
    loop = ClockedEventLoop(FakeClock())
    try:
        loop.run_until_complete(scenario(loop))
    finally:
        loop.close()
