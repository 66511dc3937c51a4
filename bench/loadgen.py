"""Load on the fake Bot API alone, from its own process, through python-telegram-bot's HTTP
client: how many calls a second the fake answers, so it is known never to be the bottleneck.

    python -m bench.loadgen send|updates BASE_URL TOKEN CHAT_ID COUNT CONCURRENCY
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from telegram import Bot
from telegram.request import HTTPXRequest


async def send(bot: Bot, chat_id: int, count: int, concurrency: int) -> float:
    remaining = iter(range(count))

    async def worker() -> None:
        for number in remaining:
            await bot.send_message(chat_id, f"bericht {number}")

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return count / (time.perf_counter() - start)


async def updates(bot: Bot, count: int) -> float:
    offset, fetched = None, 0
    start = time.perf_counter()
    while fetched < count:
        batch = await bot.get_updates(offset=offset, timeout=1, limit=100)
        if batch:
            fetched += len(batch)
            offset = batch[-1].update_id + 1
    return count / (time.perf_counter() - start)


async def main() -> None:
    mode, base_url, token, chat_id, count, concurrency = sys.argv[1:7]
    request = HTTPXRequest(connection_pool_size=max(8, int(concurrency)))
    bot = Bot(token, base_url=base_url, request=request)
    async with bot:
        if mode == "send":
            rate = await send(bot, int(chat_id), int(count), int(concurrency))
        else:
            rate = await updates(bot, int(count))
    print(json.dumps({"per_s": rate}))


if __name__ == "__main__":
    asyncio.run(main())
