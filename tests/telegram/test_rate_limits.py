"""No call waits out a 429 inside itself; one without a chat slows all sending."""

from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from bot.telegram.rate_limits import FloodWatch


async def flooded():
    raise RetryAfter(timedelta(seconds=12))


async def test_a_429_goes_straight_back_to_the_caller_and_only_a_chatless_one_is_reported():
    watch = FloodWatch()
    floods: list[timedelta] = []
    watch.on_flood = floods.append
    with pytest.raises(RetryAfter):
        await watch.process_request(flooded, (), {}, "sendMessage", {"chat_id": -100123}, None)
    assert floods == [], "a chat's flood ban is that chat's (the outbox holds it)"
    with pytest.raises(RetryAfter):
        await watch.process_request(flooded, (), {}, "answerCallbackQuery", {"text": "x"}, None)
    assert floods == [timedelta(seconds=12)]


async def test_calls_pass_through_unchanged():
    watch = FloodWatch()

    async def ok():
        return {"ok": True}

    assert await watch.process_request(ok, (), {}, "sendMessage", {"chat_id": 1}, None) == {
        "ok": True
    }
