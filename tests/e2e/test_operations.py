"""What a host does while the bot runs: scrape /metrics, make a backup and open it again,
move from SQLite to PostgreSQL."""

from __future__ import annotations

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from storage.db import migrate
from storage.maintenance import MaintenanceError, backup, copy_to
from storage.models import Answer, WorkSession
from tests.e2e.harness import BotUnderTest
from tests.e2e.helpers import count_bot, last_bot, start_session
from tests.e2e.processes import bot_env, free_port, run_bot

Samples = dict[tuple[str, frozenset], float]

FAMILIES = {
    "aandeslag_outbox_backlog",
    "aandeslag_outbox_oldest_age_seconds",
    "aandeslag_sends",
    "aandeslag_telegram_429",
    "aandeslag_updates_handled",
    "aandeslag_updates_failed",
    "aandeslag_sessions_running",
    "aandeslag_reminders_due",
    "aandeslag_document_render_seconds",
}


@pytest.fixture
def team(fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram", username="bram")
    return fake.add_group("Team Zorg", members=[anna, bram]), anna, bram


@pytest.fixture
async def watched_bot(fake, clock, database_url):
    """The bot with its health port, as the Docker image runs it (polling)."""
    under_test = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=database_url,
        extra_settings={"health_port": 0, "webhook_listen": "127.0.0.1"},
    )
    await under_test.start()
    yield under_test
    await under_test.stop()


async def scrape(bot) -> tuple[set[str], Samples]:
    port = bot.running.health.port
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            page = await response.text()
    families = list(text_string_to_metric_families(page))
    samples = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in families
        for sample in family.samples
    }
    return {family.name for family in families}, samples


def grew(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


async def test_metrics_show_backlog_sends_429s_updates_sessions_and_render_time(
    watched_bot, fake, team
):
    bot = watched_bot
    group, anna, bram = team
    card = await start_session(bot, group, anna)
    families, before = await scrape(bot)
    assert FAMILIES <= families

    # Telegram says "too many" to the first hulpvraag: it waits in the outbox meanwhile.
    fake.fail_next("sendMessage", error_code=429, retry_after=7, chat_id=group.id)
    await bot.tick(minutes=7)
    _, waiting = await scrape(bot)
    assert waiting[("aandeslag_outbox_backlog", frozenset({("state", "pending")}))] == 1
    assert waiting[("aandeslag_outbox_oldest_age_seconds", frozenset({("state", "pending")}))] >= 0
    assert waiting[("aandeslag_sessions_running", frozenset())] == 1
    await bot.tick(seconds=7)
    assert count_bot(group, "Hulpvraag") == 1

    # An answer whose handler fails (its table is away for a moment).
    with bot.services.engine.begin() as connection:
        connection.execute(text("ALTER TABLE answer RENAME TO answer_away"))
    await bram.send(group, "Een antwoord", reply_to=card)
    await bot.settle()
    with bot.services.engine.begin() as connection:
        connection.execute(text("ALTER TABLE answer_away RENAME TO answer"))
    await anna.send(group, "/poster")
    await bot.settle()

    _, after = await scrape(bot)
    assert grew(before, after, "aandeslag_telegram_429_total") == 1
    assert grew(before, after, "aandeslag_sends_total", outcome="rate_limited") == 1
    assert grew(before, after, "aandeslag_sends_total", outcome="sent") >= 4
    assert grew(before, after, "aandeslag_updates_handled_total") == 2
    assert grew(before, after, "aandeslag_updates_failed_total") == 1
    assert grew(before, after, "aandeslag_document_render_seconds_count", kind="poster_png") == 1
    assert after[("aandeslag_outbox_backlog", frozenset({("state", "pending")}))] == 0
    assert ("aandeslag_reminders_due", frozenset()) in after


async def test_webhook_mode_serves_health_and_metrics_on_health_port_like_polling(
    fake, clock, tmp_path
):
    """One rule in both modes: HEALTH_PORT has /healthz and /metrics; the webhook's own
    port (the one a proxy forwards from the internet) then has neither."""
    health_port = free_port()
    bot = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=f"sqlite:///{tmp_path / 'bot.db'}",
        extra_settings={
            "webhook_url": "https://bot.school.example/telegram/hook",
            "webhook_secret": "health_rule_secret",
            "webhook_port": 0,
            "webhook_listen": "127.0.0.1",
            "health_port": health_port,
        },
    )
    await bot.start_without_settling()
    try:
        webhook_port = bot.running.web.port
        async with aiohttp.ClientSession() as http:
            for path in ("/healthz", "/metrics"):
                async with http.get(f"http://127.0.0.1:{health_port}{path}") as response:
                    assert response.status == 200, path
                async with http.get(f"http://127.0.0.1:{webhook_port}{path}") as response:
                    assert response.status == 404, path
    finally:
        await bot.stop()


async def run_command(*args: str, database_url: str) -> tuple[int, str]:
    code, out, err = await run_bot(bot_env(DATABASE_URL=database_url), *args)
    return code, out + err


async def two_teams_at_work(bot, fake):
    """One team in step 1 with an answer, another still gathering."""
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    zorg = fake.add_group("Team Zorg", members=[anna, bram])
    techniek = fake.add_group("Team Techniek", members=[carla])
    card = await start_session(bot, zorg, anna)
    await bram.send(zorg, "Wij hebben studenten uit Polen", reply_to=card)
    await carla.send(techniek, "/sessie")
    await bot.settle()
    return zorg, techniek, anna, bram, carla


def stored(bot) -> tuple[list, list]:
    sessions = sorted(
        (s.chat_id, s.status, s.current_step, s.chair_id) for s in bot.rows(WorkSession)
    )
    answers = sorted((a.session_id, a.user_id, a.text) for a in bot.rows(Answer))
    return sessions, answers


async def test_a_backup_taken_while_the_bot_runs_opens_with_every_session_intact(
    fake, clock, tmp_path
):
    bot = BotUnderTest(fake=fake, clock=clock, database_url=f"sqlite:///{tmp_path / 'bot.db'}")
    await bot.start()
    zorg, techniek, anna, bram, carla = await two_teams_at_work(bot, fake)
    copy = tmp_path / "backup" / "aandeslag-copy.db"
    copy.parent.mkdir()
    code, output = await run_command("backup", str(copy), database_url=bot.database_url)
    assert code == 0, output
    assert f"Backup written to {copy}" in output
    original = stored(bot)
    await bot.stop()
    assert len(original[0]) == 2 and len(original[1]) == 1

    restored = BotUnderTest(fake=fake, clock=clock, database_url=f"sqlite:///{copy}")
    await restored.start()
    try:
        assert stored(restored) == original
        await anna.send(zorg, "/status")
        await carla.send(techniek, "/status")
        await restored.settle()
        assert "Stap 1 van 5" in zorg.bot_messages()[-1].text
        assert "nog niet begonnen" in techniek.bot_messages()[-1].text
    finally:
        await restored.stop()

    # A backup never overwrites a file.
    with pytest.raises(MaintenanceError, match="already exists"):
        backup(bot.database_url, str(copy))


async def test_copy_to_moves_every_session_from_sqlite_to_postgresql(
    fake, clock, database_url, tmp_path
):
    if database_url.startswith("sqlite"):
        pytest.skip("copy-to moves SQLite to PostgreSQL: the PostgreSQL variant runs it")
    source = BotUnderTest(fake=fake, clock=clock, database_url=f"sqlite:///{tmp_path / 'old.db'}")
    await source.start()
    zorg, techniek, anna, bram, carla = await two_teams_at_work(bot=source, fake=fake)
    original = stored(source)
    await source.stop()

    code, output = await run_command("copy-to", database_url, database_url=source.database_url)
    assert code == 0, output
    assert "Copied" in output
    # Into a database that holds data it refuses, whatever is there stays.
    with pytest.raises(MaintenanceError, match="already holds data"):
        copy_to(source.database_url, database_url)
    # Nor does it copy a database an older version left behind: it would not fit.
    older = f"sqlite:///{tmp_path / 'older.db'}"
    migrate(older, "0010_hot_read_indexes")
    with pytest.raises(MaintenanceError, match="run python -m bot migrate first"):
        copy_to(older, database_url)

    moved = BotUnderTest(fake=fake, clock=clock, database_url=database_url)
    await moved.start()
    try:
        assert stored(moved) == original
        # New rows get new ids after the copied ones.
        card = last_bot(zorg, "Stap 1 van 5")
        await anna.send(zorg, "Wij zoeken een partnerschool", reply_to=card)
        await carla.send(techniek, "/status")
        await moved.settle()
        assert len(moved.rows(Answer)) == 2
        assert "nog niet begonnen" in techniek.bot_messages()[-1].text
    finally:
        await moved.stop()
