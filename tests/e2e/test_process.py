"""The bot as a real process: start-up errors a host sees, and a kill -9 mid-session."""

from __future__ import annotations

import asyncio
import signal

import pytest

from storage.models import Action, Answer, OutboxMessage, WorkSession
from tests.conftest import sqlite_copy
from tests.e2e.harness import BotUnderTest, sqlite_url
from tests.e2e.processes import BotProcess, SharedClock, bot_env, run_bot


async def run(env: dict[str, str]) -> tuple[int, str]:
    code, out, err = await run_bot(env)
    return code, out + err


async def test_without_token_it_says_how_to_get_one(tmp_path):
    code, output = await run(bot_env(TELEGRAM_BOT_TOKEN="", DATABASE_URL=sqlite_url(tmp_path)))
    assert code == 2
    assert "@BotFather" in output and "Traceback" not in output


async def test_malformed_token_is_explained(tmp_path):
    code, output = await run(
        bot_env(TELEGRAM_BOT_TOKEN="not-a-token", DATABASE_URL=sqlite_url(tmp_path))
    )
    assert code == 2
    assert "does not look like a bot token" in output and "Traceback" not in output


async def test_token_telegram_rejects_is_explained_without_traceback(fake, tmp_path):
    wrong = "999999:WRONGWRONGWRONGWRONGWRONG"
    code, output = await run(
        bot_env(
            TELEGRAM_BOT_TOKEN=wrong,
            TELEGRAM_API_BASE_URL=fake.base_url,
            DATABASE_URL=sqlite_url(tmp_path),
        )
    )
    assert code == 2
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in output
    assert "Traceback" not in output
    assert wrong not in output


@pytest.fixture
async def process_bot(fake, clock, tmp_path, migrated_sqlite):
    # A migrated database, as after the first start (test_startup starts on an empty one).
    database_url = sqlite_copy(migrated_sqlite, tmp_path / "bot.db")
    proc = BotProcess(
        fake, SharedClock(clock, tmp_path / "clock.txt"), database_url, tmp_path / "bot.log"
    )
    yield proc
    await proc.ensure_stopped()


def texts_of(group) -> list[str]:
    return [m.text or "" for m in group.bot_messages()]


async def test_kill_9_mid_session_loses_nothing_and_posts_nothing_twice(
    process_bot, fake, clock, tmp_path
):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await process_bot.start()

    await anna.send(group, "/sessie 3")
    await anna.send(group, "/begin")
    await fake.wait_until(lambda: any("Stap 1 van 5" in t for t in texts_of(group)), timeout=10)
    card = next(m for m in group.bot_messages() if "Stap 1 van 5" in (m.text or ""))
    await bram.send(group, "Ik woon in een wijk met veel culturen", reply_to=card)
    await fake.wait_until(
        lambda: len(card.chat.bot_messages()) and fake.pending_updates == [], timeout=10
    )
    await fake.wait_until(lambda: any(m.bot_reactions for m in group.user_messages()), timeout=10)

    process_bot.kill()
    assert await process_bot.wait() == -signal.SIGKILL
    process_bot.shared_clock.advance(11)  # the hulpvraag of step 1 comes due while the bot is down
    await process_bot.start()
    await fake.wait_until(
        lambda: any("Hulpvraag · stap 1" in t for t in texts_of(group)), timeout=10
    )
    hulpvraag = next(m for m in group.bot_messages() if "Hulpvraag · stap 1" in (m.text or ""))
    await anna.send(group, "Onze studenten lopen stage in Duitsland", reply_to=hulpvraag)
    await fake.wait_until(
        lambda: sum(bool(m.bot_reactions) for m in group.user_messages()) == 2, timeout=10
    )

    # Kill again and let the rest of step 1 run out while down: step 2 opens at once.
    process_bot.kill()
    await process_bot.wait()
    process_bot.shared_clock.advance(30)
    await process_bot.start()
    await fake.wait_until(lambda: any("Stap 2 van 5" in t for t in texts_of(group)), timeout=10)
    under_test = BotUnderTest(fake=fake, clock=clock, database_url=process_bot.database_url)
    # Telegram showing the card is not yet the bot having written down that it did.
    await fake.wait_until(
        lambda: not under_test.rows(OutboxMessage, OutboxMessage.status != "sent"), timeout=10
    )
    await fake.wait_idle()
    process_bot.kill()
    await process_bot.wait()

    said = texts_of(group)
    assert sum("Stap 1 van 5" in t for t in said) == 1
    assert sum("Hulpvraag · stap 1" in t for t in said) == 1
    assert sum("Stap 1 · Betekenis is klaar" in t for t in said) == 1
    assert sum("Stap 2 van 5" in t for t in said) == 1
    answers = sorted(a.text for a in under_test.rows(Answer))
    assert answers == [
        "Ik woon in een wijk met veel culturen",
        "Onze studenten lopen stage in Duitsland",
    ]
    (session,) = under_test.rows(WorkSession)
    assert session.current_step == 2
    assert not under_test.rows(OutboxMessage, OutboxMessage.status != "sent")


async def test_kill_9_during_a_burst_of_answers_keeps_every_answer_once(process_bot, fake, clock):
    """Updates are acknowledged to Telegram only once handled: what was in flight at the
    kill comes again after the restart, and what was done already is not stored twice."""
    members = [fake.add_user(f"Docent{i}", username=f"docent{i}") for i in range(5)]
    group = fake.add_group("Team Zorg", members=members)
    await process_bot.start()
    await members[0].send(group, "/sessie 150")
    await members[0].send(group, "/begin")
    await fake.wait_until(lambda: any("Stap 1 van 5" in t for t in texts_of(group)), timeout=10)
    card = next(m for m in group.bot_messages() if "Stap 1 van 5" in (m.text or ""))
    said = []
    for round_ in range(8):
        for member in members:
            text = f"{member.first_name} antwoord {round_}"
            await member.send(group, text, reply_to=card)
            said.append(text)
        if round_ == 3:
            # Kill while the bot is still working through the burst.
            process_bot.kill()
            await process_bot.wait()
    await members[0].send(group, "/actie ik over twee weken: Partnerschool zoeken")
    await process_bot.start()
    await fake.wait_until(lambda: not fake.pending_updates, timeout=20)
    await fake.wait_until(lambda: any("Actie #1" in t for t in texts_of(group)), timeout=10)
    await fake.wait_idle()
    reader = BotUnderTest(fake=fake, clock=clock, database_url=process_bot.database_url)
    stored = [a.text for a in reader.rows(Answer)]
    assert sorted(stored) == sorted(said), "every answer stored, none twice"
    assert len(reader.rows(Action)) == 1
    assert sum("Stap 1 van 5" in t for t in texts_of(group)) == 1, "nothing sent twice"


# What a crash looks like in a log; a clean stop shows none of it.
CRASH_SIGNS = ("Traceback", "Task was destroyed", "Logging error", "Exception ignored", "Error")


def assert_stopped_cleanly(log: str) -> None:
    assert log.rstrip().endswith("gestopt"), "the last line says the bot stopped"
    assert [sign for sign in CRASH_SIGNS if sign in log] == []


async def test_sigterm_during_a_long_poll_stops_at_once_and_loses_nothing(process_bot, fake):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await process_bot.start()
    await fake.wait_until(lambda: fake.polls_waiting, timeout=10, message="a long poll")
    process_bot.terminate()
    async with asyncio.timeout(5):
        assert await process_bot.wait() == 0
    assert_stopped_cleanly(process_bot.log.read_text())

    # Sent while the bot was down: handled after the restart.
    await anna.send(group, "/sessie 150")
    await process_bot.start()
    await fake.wait_until(lambda: any("Anna is de voorzitter" in t for t in texts_of(group)))


async def test_sigterm_during_a_flood_ban_stops_at_once_and_the_reply_follows_later(
    process_bot, fake
):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await process_bot.start()
    await anna.send(group, "/sessie 150")
    await fake.wait_until(lambda: any("Anna is de voorzitter" in t for t in texts_of(group)))

    def tries() -> int:
        return sum(call["chat_id"] == group.id for call in fake.calls("sendMessage"))

    before = tries()
    fake.flood(chat_id=group.id, seconds=600, retry_after=30)
    await anna.send(group, "/status")
    await fake.wait_until(lambda: tries() > before, timeout=10, message="the refused reply")
    process_bot.terminate()
    async with asyncio.timeout(5):
        assert await process_bot.wait() == 0
    assert_stopped_cleanly(process_bot.log.read_text())
    assert not any("nog niet begonnen" in t for t in texts_of(group))

    process_bot.shared_clock.advance(600)
    await process_bot.start()
    await fake.wait_until(lambda: any("nog niet begonnen" in t for t in texts_of(group)))
    await fake.wait_idle()
    said = texts_of(group)
    assert sum("nog niet begonnen" in t for t in said) == 1
    assert not any("Sorry" in t for t in said)
