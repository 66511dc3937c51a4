"""Telegram saying no: rate limits, 5xx, dropped connections, a group that moved, the bot
removed and added back, duplicate updates, a handler that fails. Nothing is lost, nothing
is sent twice."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from storage.models import Answer, OutboxMessage, ProcessedUpdate, UnhandledUpdate, WorkSession
from tests.e2e.harness import BotUnderTest
from tests.e2e.helpers import count_bot, last_bot


@pytest.fixture
def team(fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram", username="bram")
    return anna, bram


async def running_session(bot, group, chair) -> None:
    await chair.send(group, "/sessie 150")
    await chair.send(group, "/begin")
    await bot.settle()
    assert count_bot(group, "Stap 1 van 5") == 1


async def tick_until(bot, predicate, *, step: float, limit: int = 20) -> int:
    for ticks in range(1, limit + 1):
        await bot.tick(seconds=step)
        if predicate():
            return ticks
    raise AssertionError("never happened")


async def test_a_429_storm_delays_a_message_but_never_loses_or_doubles_it(bot, fake, team):
    anna, _ = team
    group = fake.add_group("Team Zorg", members=list(team))
    await running_session(bot, group, anna)
    fake.fail_next("sendMessage", error_code=429, retry_after=7, times=3, chat_id=group.id)
    await bot.tick(minutes=7)  # the first hulpvraag falls due, Telegram says "too many"
    assert count_bot(group, "Hulpvraag") == 0
    ticks = await tick_until(bot, lambda: count_bot(group, "Hulpvraag") == 1, step=7)
    assert ticks == 3, "each retry waits the retry_after Telegram asked for"
    await bot.tick(minutes=1)
    assert count_bot(group, "Hulpvraag") == 1
    assert not bot.rows(OutboxMessage, OutboxMessage.status != "sent")


async def test_server_errors_and_dropped_connections_are_retried_with_backoff(bot, fake, team):
    anna, _ = team
    group = fake.add_group("Team Zorg", members=list(team))
    await running_session(bot, group, anna)
    fake.fail_next("sendMessage", error_code=502, times=2, chat_id=group.id)
    fake.drop_next("sendMessage", chat_id=group.id)
    await bot.tick(minutes=7)
    await tick_until(bot, lambda: count_bot(group, "Hulpvraag") == 1, step=1, limit=30)
    (row,) = bot.rows(OutboxMessage, OutboxMessage.family == "hulpvraag")
    assert row.status == "sent" and row.attempts == 4


async def test_pacing_spreads_a_burst_over_time(fake, clock, database_url, team):
    """At most one message a second and twenty a minute in a group; none dropped."""
    anna, bram = team
    group = fake.add_group("Team Zorg", members=list(team))
    bot = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=database_url,
        extra_settings={"chat_min_interval_seconds": 1, "group_messages_per_minute": 20},
    )
    await bot.start()
    try:
        await anna.send(group, "/sessie 150")
        await anna.send(group, "/begin")
        await bot.settle()
        for n in range(24):
            await bram.send(group, f"/vraag Vraag nummer {n}?")
        await bot.settle()
        for _ in range(150):
            await bot.tick(seconds=1)
        sent = group.bot_messages()
        questions = [m for m in sent if "Vraag nummer" in (m.text or "")]
        assert len(questions) == 24, "a burst is spread, never dropped"
        assert [m.text.count("nummer") for m in questions] == [1] * 24
        dates = [m.date for m in sent]
        assert all(b - a >= 1 for a, b in zip(dates, dates[1:], strict=False)), "one a second"
        assert max(sum(1 for d in dates if start <= d < start + 60) for start in dates) <= 20
    finally:
        await bot.stop()


async def test_group_that_becomes_a_supergroup_keeps_its_session(bot, fake, team):
    anna, bram = team
    group = fake.add_group("Team Zorg", members=list(team), supergroup=False)
    await running_session(bot, group, anna)
    supergroup = await group.migrate_to_supergroup(by=anna)
    await bot.settle()
    await bot.tick(minutes=7)
    hulpvraag = last_bot(supergroup, "Hulpvraag · stap 1")
    await bram.send(supergroup, "Ons team is heel divers", reply_to=hulpvraag)
    await bram.send(supergroup, "/status")
    await bot.settle()
    assert "Stap 1 van 5" in supergroup.bot_messages()[-1].text
    (session,) = bot.rows(WorkSession)
    assert session.chat_id == supergroup.id
    assert [a.text for a in bot.rows(Answer)] == ["Ons team is heel divers"]


async def test_a_send_to_the_old_group_id_is_retried_on_the_new_one(bot, fake, team):
    anna, _ = team
    group = fake.add_group("Team Zorg", members=list(team), supergroup=False)
    await running_session(bot, group, anna)
    await bot.stop()
    supergroup = await group.migrate_to_supergroup(by=anna)
    bot.drop_pending_updates()  # the bot never hears of the migration
    await bot.start()
    await bot.tick(minutes=7)
    assert count_bot(supergroup, "Hulpvraag · stap 1") == 1
    assert count_bot(group, "Hulpvraag") == 0
    (session,) = bot.rows(WorkSession)
    assert session.chat_id == supergroup.id


async def test_removed_bot_holds_everything_and_resumes_when_added_back(bot, fake, team):
    anna, _ = team
    group = fake.add_group("Team Zorg", members=list(team))
    await running_session(bot, group, anna)
    await group.remove_bot(by=anna)
    await bot.settle()
    await bot.tick(minutes=25)  # step 1 runs out while the bot is gone
    assert count_bot(group, "Hulpvraag") == 0 and count_bot(group, "Stap 2 van 5") == 0
    await group.add_bot(by=anna)
    await bot.settle()
    await bot.tick()
    assert count_bot(group, "Stap 1 · Betekenis is klaar") == 1
    assert count_bot(group, "Stap 2 van 5") == 1
    await bot.tick(minutes=1)
    assert count_bot(group, "Stap 2 van 5") == 1, "nothing is sent twice"


async def test_a_duplicate_update_changes_nothing(bot, fake, team):
    anna, bram = team
    group = fake.add_group("Team Zorg", members=list(team))
    await running_session(bot, group, anna)
    card = last_bot(group, "Stap 1 van 5")
    answer = await bram.send(group, "Stage in Gent", reply_to=card)
    update_id = fake.last_update_id
    await bot.settle()
    command = await anna.send(group, "/vraag Wie kent een partnerschool?")
    command_id = fake.last_update_id
    await bot.settle()
    await fake.send_raw_update({"update_id": update_id, "message": answer.to_dict()})
    await fake.send_raw_update({"update_id": command_id, "message": command.to_dict()})
    await bot.settle()
    assert [a.text for a in bot.rows(Answer)] == ["Stage in Gent"]
    assert count_bot(group, "Vraag van Anna") == 1


async def test_an_unexpected_error_apologises_keeps_the_message_and_the_bot_runs_on(
    bot, fake, team, caplog
):
    anna, bram = team
    group = fake.add_group("Team Zorg", members=list(team))
    await running_session(bot, group, anna)
    card = last_bot(group, "Stap 1 van 5")
    with bot.services.engine.begin() as connection:
        connection.execute(text("ALTER TABLE answer RENAME TO answer_away"))
    with caplog.at_level(logging.ERROR):
        await bram.send(group, "Mijn geheime antwoord", reply_to=card)
        await bot.settle()
    assert "Sorry, daar ging iets mis" in group.bot_messages()[-1].text
    assert "Mijn geheime antwoord" not in caplog.text, "logs carry ids, not what members typed"
    (kept,) = bot.rows(UnhandledUpdate)
    assert kept.payload["message"]["text"] == "Mijn geheime antwoord"
    with bot.services.engine.begin() as connection:
        connection.execute(text("ALTER TABLE answer_away RENAME TO answer"))
    await anna.send(group, "/status")
    await bot.settle()
    assert "Stap 1 van 5" in group.bot_messages()[-1].text


async def test_an_update_whose_process_died_mid_handling_is_handled_again(bot, fake, team):
    """The process that took the update on was killed before finishing it: Telegram sends
    it again, and this time it is handled, not dropped as a duplicate."""
    anna, bram = team
    group = fake.add_group("Team Zorg", members=list(team))
    await running_session(bot, group, anna)
    card = last_bot(group, "Stap 1 van 5")
    await bot.stop()
    with bot.db() as db:
        db.add(
            ProcessedUpdate(
                update_id=fake.last_update_id + 1,
                claimed_at=bot.clock.now(),
                claimed_by="killed-process",
            )
        )
        db.commit()
    await bot.start()
    await bram.send(group, "Stage in Gent", reply_to=card)
    await bot.settle()
    assert [a.text for a in bot.rows(Answer)] == ["Stage in Gent"]
