"""Telegram's flood limits: a ban in one group holds only that group's messages (replies to
commands included), nothing is lost, doubled or reordered, and no one gets an apology for
something that worked. On the injected clock: the bot waits out bans without real waiting."""

from __future__ import annotations

import aiohttp
import pytest

from bot import __version__
from storage.models import Answer, Mark, OutboxMessage
from tests.e2e.harness import BotUnderTest
from tests.e2e.helpers import count_bot, last_bot

SORRY = "Sorry, daar ging iets mis"


@pytest.fixture
def people(fake):
    return {
        name: fake.add_user(name, username=name.lower()) for name in ("Anna", "Bram", "Cor", "Dewi")
    }


async def two_running_sessions(bot, fake, people):
    """Group A (Anna, Bram) and group B (Cor, Dewi), both in step 1."""
    a = fake.add_group("Team A", members=[people["Anna"], people["Bram"]])
    b = fake.add_group("Team B", members=[people["Cor"], people["Dewi"]])
    for group, chair in ((a, people["Anna"]), (b, people["Cor"])):
        await chair.send(group, "/sessie 150")
        await chair.send(group, "/begin")
    await bot.settle()
    assert count_bot(a, "Stap 1 van 5") == 1 and count_bot(b, "Stap 1 van 5") == 1
    return a, b


def unsent(bot) -> list[OutboxMessage]:
    return bot.rows(OutboxMessage, OutboxMessage.status != "sent")


async def tick_until_sent(bot, *, step: float, limit: int) -> None:
    for _ in range(limit):
        if not unsent(bot):
            return
        await bot.tick(seconds=step)
    raise AssertionError(f"still unsent: {[(r.message_kind, r.last_error) for r in unsent(bot)]}")


@pytest.mark.parametrize("retry_after", [2, 30])
async def test_a_flood_ban_in_one_group_holds_only_that_group(
    bot, fake, clock, people, retry_after
):
    a, b = await two_running_sessions(bot, fake, people)
    card_a, card_b = last_bot(a, "Stap 1 van 5"), last_bot(b, "Stap 1 van 5")
    before_a = len(a.bot_messages())
    # Telegram says "retry after N" on every call for A, again and again, for 10 minutes.
    ban_ends = fake.flood(chat_id=a.id, seconds=10 * 60, retry_after=retry_after)

    # Group A, during its ban: three commands and an answer.
    status_a = await people["Anna"].send(a, "/status")
    help_a = await people["Bram"].send(a, "/help")
    acties_a = await people["Anna"].send(a, "/acties")
    await people["Bram"].send(a, "Uitwisseling met Gent", reply_to=card_a)
    # Group B meanwhile works as always.
    await people["Dewi"].send(b, "Stage in Keulen", reply_to=card_b)
    status_b = await people["Cor"].send(b, "/status")
    await bot.settle()

    # B: stored and answered at once, without the clock moving.
    reply_b = last_bot(b, "Stap 1 van 5 · Betekenis")
    assert reply_b.reply_to is status_b, "a reply to a command stays a reply"
    assert sorted(a.text for a in bot.rows(Answer)) == ["Stage in Keulen", "Uitwisseling met Gent"]
    # A: nothing yet, and no apology waiting either.
    assert len(a.bot_messages()) == before_a
    assert all(SORRY not in r.text for r in bot.rows(OutboxMessage))

    # A hulpvraag falls due in both groups while A is still banned.
    await bot.tick(minutes=7)
    assert count_bot(b, "Hulpvraag · stap 1") == 1
    assert count_bot(a, "Hulpvraag · stap 1") == 0

    # The bot tries A again each time Telegram said it could, and is refused again.
    def tries() -> int:
        return sum(call["chat_id"] == a.id for call in fake.calls("sendMessage"))

    before = tries()
    for _ in range(3):
        await bot.tick(seconds=retry_after)
    assert tries() == before + 3
    assert len(a.bot_messages()) == before_a

    clock.set(ban_ends)
    await tick_until_sent(bot, step=retry_after, limit=10)
    after = a.bot_messages()[before_a:]
    assert [m.date >= int(ban_ends.timestamp()) for m in after] == [True] * len(after)
    # Each once: the session's own hulpvragen first (they were due while members waited
    # for answers), then the answers in the order they were asked for, as replies.
    hulpvragen = [m.text for m in after[:-3]]
    assert hulpvragen and all(text.startswith("💬 Hulpvraag · stap 1") for text in hulpvragen)
    replies = after[-3:]
    assert [m.reply_to for m in replies] == [status_a, help_a, acties_a]
    assert "Stap 1 van 5" in replies[0].text
    assert "/sessie" in replies[1].text
    assert "Nog geen acties" in replies[2].text
    assert len(set(hulpvragen)) == len(hulpvragen), "nothing twice"
    assert count_bot(a, "Hulpvraag · stap 1") == count_bot(b, "Hulpvraag · stap 1")
    assert not any(SORRY in (m.text or "") for m in a.bot_messages() + b.bot_messages())


async def test_a_flood_without_a_chat_pauses_all_sending_and_buttons_keep_working(
    bot, fake, clock, people
):
    a, b = await two_running_sessions(bot, fake, people)
    await bot.tick(minutes=20)  # step 2 (Relevantie)
    await bot.tick(minutes=30)  # step 3 (Competenties), with its mark board
    board = last_bot(a, "Interculturele competenties")
    label = board.buttons[0][0][0]
    flood_ends = fake.flood(seconds=20)

    press = await people["Bram"].press(board, label)
    await people["Cor"].send(b, "/status")
    await bot.settle()
    # The mark is stored although Telegram refused to stop the button's spinner...
    assert [m.user_id for m in bot.rows(Mark)] == [people["Bram"].id]
    assert not press.answered
    # ...and the board's new count and B's reply wait for the flood to end.
    assert "· 1" not in str(a.message(board.message_id).buttons)
    assert count_bot(b, "Stap 3 van 5") == 1

    clock.set(flood_ends)
    await tick_until_sent(bot, step=5, limit=10)
    assert "· 1" in str(a.message(board.message_id).buttons)
    assert count_bot(b, "Stap 3 van 5") == 2, "the step card and the /status reply"
    assert not any(SORRY in (m.text or "") for m in a.bot_messages() + b.bot_messages())


async def test_the_bot_wide_pace_spreads_a_burst_across_groups(fake, clock, database_url, people):
    """Telegram allows about 30 messages a second for the whole bot."""
    groups = [fake.add_group(f"Team {n}", members=[people["Anna"]]) for n in range(35)]
    bot = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=database_url,
        extra_settings={"bot_messages_per_second": 30},
    )
    await bot.start()
    try:
        for group in groups:
            await people["Anna"].send(group, "/help")
        await bot.settle()
        assert sum(len(g.bot_messages()) for g in groups) == 30
        await bot.tick(seconds=1)
        assert [len(g.bot_messages()) for g in groups] == [1] * 35
    finally:
        await bot.stop()


async def test_healthz_turns_503_while_messages_are_stuck_and_200_after(
    fake, clock, database_url, people
):
    bot = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=database_url,
        extra_settings={"health_port": 0, "webhook_listen": "127.0.0.1"},
    )
    await bot.start()
    assert bot.running is not None and bot.running.health is not None
    url = f"http://127.0.0.1:{bot.running.health.port}/healthz"

    async def health() -> tuple[int, dict]:
        async with aiohttp.ClientSession() as http, http.get(url) as response:
            return response.status, await response.json()

    try:
        group = fake.add_group("Team A", members=[people["Anna"]])
        flood_ends = fake.flood(seconds=3600)  # Telegram refuses every send for an hour
        await people["Anna"].send(group, "/sessie 150")
        await bot.settle()
        assert group.bot_messages() == []
        status, body = await health()
        assert status == 200 and body["outbox"] == {"oldest_unsent_seconds": 0, "state": "ok"}

        clock.advance(minutes=9)
        assert (await health())[0] == 200
        clock.advance(minutes=2)
        status, body = await health()
        assert status == 503
        assert body["outbox"] == {"oldest_unsent_seconds": 11 * 60, "state": "stuck"}

        clock.set(flood_ends)
        await bot.tick()
        assert "Anna is de voorzitter" in last_bot(group, "Aan de slag").text
        assert await health() == (
            200,
            {
                "version": __version__,
                "database": "ok",
                "scheduler": "running",
                "outbox": {"oldest_unsent_seconds": 0, "state": "ok"},
            },
        )
    finally:
        await bot.stop()
