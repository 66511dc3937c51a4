from __future__ import annotations

import pytest

from bot.telegram.stand_in import FakeTelegram
from tests.clock import FakeClock
from tests.e2e.harness import BotUnderTest


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def fake(clock):
    # A token shaped like BotFather's, so the bot's own start-up check accepts it.
    async with FakeTelegram(
        token="123456789:AAHfake-token-for-tests-0123456789ab", clock=clock.now
    ) as server:
        yield server


@pytest.fixture
async def bot(fake, clock, database_url):
    under_test = BotUnderTest(fake=fake, clock=clock, database_url=database_url)
    await under_test.start()
    yield under_test
    await under_test.stop()
