from __future__ import annotations

import pytest

from tests.clock import FakeClock
from tests.e2e.harness import BotUnderTest, sqlite_url
from tests.fake_telegram import FakeTelegram


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
async def bot(fake, clock, tmp_path):
    under_test = BotUnderTest(fake=fake, clock=clock, database_url=sqlite_url(tmp_path))
    await under_test.start()
    yield under_test
    await under_test.stop()
