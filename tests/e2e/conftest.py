"""Fixtures of the end-to-end tests (the bot, the stand-in and the clock are in
tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.e2e.harness import BotUnderTest
from tests.e2e.helpers import last_bot

# --- a team making its action plan (test_actions, test_reminders, test_team_meeting) -------


@pytest.fixture
def team(fake):
    anna = fake.add_user("Anna", username="anna", last_name="de Vries")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    dirk = fake.add_user("Dirk")  # no username: named by a text mention
    group = fake.add_group("Team Zorg", members=[anna, bram, carla, dirk])
    return group, anna, bram, carla, dirk


async def session_at_step_five(bot, group, chair, *others):
    """A running session in step 5 (Aan de slag), everyone taking part."""
    await chair.send(group, "/sessie")
    for member in others:
        await member.send(group, "/doemee")
    await chair.send(group, "/begin")
    for _ in range(4):
        await chair.send(group, "/volgende")
    await bot.settle()
    return last_bot(group, "Stap 5 van 5")


@pytest.fixture
async def step5(bot, team):
    group, anna, bram, carla, dirk = team
    card = await session_at_step_five(bot, group, anna, bram, carla, dirk)
    return group, anna, bram, carla, dirk, card


@pytest.fixture
async def joined(bot, team):
    """A session everyone joined (not begun: actions may come at any time after /sessie)."""
    group, anna, bram, carla, dirk = team
    await anna.send(group, "/sessie")
    for member in (bram, carla, dirk):
        await member.send(group, "/doemee")
    await bot.settle()
    return group, anna, bram, carla, dirk, last_bot(group, "Aan de slag met internationalisering")


@pytest.fixture
async def bot_keeping_30_days(fake, clock, database_url):
    """A bot whose DATA_RETENTION_DAYS is 30 (test_privacy, test_forgetting)."""
    under_test = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=database_url,
        extra_settings={"data_retention_days": 30},
    )
    await under_test.start()
    yield under_test
    await under_test.stop()
