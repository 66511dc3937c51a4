"""Webhook mode: Telegram's secret header decides; /healthz tells a load balancer the truth."""

from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import create_engine

from bot import __version__
from storage.models import WorkSession
from tests.e2e.harness import BotUnderTest

WEBHOOK_URL = "https://bot.school.example/telegram/hook"
SECRET = "s3cret_-token"


@pytest.fixture
async def webhook_bot(fake, clock, database_url):
    under_test = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=database_url,
        extra_settings={
            "webhook_url": WEBHOOK_URL,
            "webhook_secret": SECRET,
            "webhook_port": 0,
            "webhook_listen": "127.0.0.1",
        },
    )
    await under_test.start_without_settling()
    yield under_test
    await under_test.stop()


def local(webhook_bot, path: str) -> str:
    return f"http://127.0.0.1:{webhook_bot.running.web.port}{path}"


async def post_update(webhook_bot, fake, headers: dict) -> int:
    """Take the update Telegram would push and post it to the bot as Telegram would."""
    (update,) = fake.pending_updates
    async with aiohttp.ClientSession() as http:
        async with http.post(
            local(webhook_bot, "/telegram/hook"), json=update, headers=headers
        ) as response:
            return response.status


async def test_webhook_is_registered_with_the_secret(webhook_bot, fake):
    assert fake.webhook["url"] == WEBHOOK_URL
    assert fake.webhook["secret_token"] == SECRET


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
async def test_update_without_the_right_secret_is_refused_and_changes_nothing(
    webhook_bot, fake, headers
):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await anna.send(group, "/sessie")
    assert await post_update(webhook_bot, fake, headers) == 403
    assert group.bot_messages() == []
    assert webhook_bot.rows(WorkSession) == []


async def test_update_with_the_secret_is_handled_before_the_answer(webhook_bot, fake):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await anna.send(group, "/sessie")
    assert await post_update(webhook_bot, fake, {"X-Telegram-Bot-Api-Secret-Token": SECRET}) == 200
    # Stored before Telegram heard "200"; the opening message follows from the outbox.
    (session,) = webhook_bot.rows(WorkSession)
    assert session.chair_id == anna.id
    await fake.wait_until(lambda: group.bot_messages())
    assert "Anna is de voorzitter" in group.bot_messages()[-1].text


async def test_healthz_reports_database_and_scheduler(webhook_bot):
    async with aiohttp.ClientSession() as http:
        async with http.get(local(webhook_bot, "/healthz")) as response:
            assert response.status == 200
            assert await response.json() == {
                "version": __version__,
                "database": "ok",
                "scheduler": "running",
                "outbox": {"oldest_unsent_seconds": 0, "state": "ok"},
            }
        # A database that does not answer makes the bot unhealthy.
        webhook_bot.running.web.engine = create_engine(
            "postgresql+psycopg://nobody@127.0.0.1:1/gone"
        )
        async with http.get(local(webhook_bot, "/healthz")) as response:
            assert response.status == 503
            assert (await response.json())["database"] == "unreachable"


async def test_without_a_configured_secret_one_is_generated_stored_and_shared(
    fake, clock, database_url
):
    settings = {"webhook_url": WEBHOOK_URL, "webhook_port": 0, "webhook_listen": "127.0.0.1"}
    first = BotUnderTest(fake=fake, clock=clock, database_url=database_url, extra_settings=settings)
    await first.start_without_settling()
    generated = fake.webhook["secret_token"]
    assert len(generated) >= 32
    # A second process (or a restart) uses the same secret.
    second = BotUnderTest(
        fake=fake, clock=clock, database_url=database_url, extra_settings=settings
    )
    await second.start_without_settling()
    assert fake.webhook["secret_token"] == generated
    await second.stop()
    await first.stop()
