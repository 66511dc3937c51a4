"""Two bot processes behind a load balancer, on one PostgreSQL: every card, hulpvraag,
wrap-up and reminder goes out exactly once, also when one process is killed."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from storage.models import Action, Answer, Reminder
from tests.e2e.harness import BotUnderTest
from tests.e2e.processes import BotProcess, SharedClock, webhook_env

SECRET = "scale_out_secret_for_tests"


def count(group, text: str) -> int:
    return sum(text in (m.text or "") for m in group.bot_messages())


@pytest.fixture
async def two_bots(fake, clock, database_url, tmp_path):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serves one bot process; scale-out runs on PostgreSQL")
    shared = SharedClock(clock, tmp_path / "clock.txt")
    bots = [
        BotProcess(
            fake,
            shared,
            database_url,
            tmp_path / f"bot{i}.log",
            # A process killed mid-send leaves its message claimed; after this lease the
            # survivor settles it (never resends) and the chat moves on.
            **webhook_env(SECRET, OUTBOX_LEASE_SECONDS="5"),
        )
        for i in range(2)
    ]
    for bot in bots:
        await bot.start()
    yield bots, shared
    for bot in bots:
        await bot.ensure_stopped()


class LoadBalancer:
    """Hands Telegram's updates to the live processes in turn."""

    def __init__(self, fake, bots) -> None:
        self.fake, self.bots = fake, bots
        self.turn = itertools.cycle(range(len(bots)))

    async def deliver(self) -> None:
        for update in self.fake.pop_updates():
            while True:
                bot = self.bots[next(self.turn)]
                if bot.process and bot.process.returncode is None:
                    break
            assert await bot.post(update, SECRET) == 200


async def test_two_processes_send_everything_exactly_once_also_when_one_dies(two_bots, fake, clock):
    bots, shared = two_bots
    balancer = LoadBalancer(fake, bots)
    anna, bram, carla = (fake.add_user(n, username=n.lower()) for n in ("Anna", "Bram", "Carla"))
    group = fake.add_group("Team Zorg", members=[anna, bram, carla])

    async def say(user, text, **kwargs):
        message = await user.send(group, text, **kwargs)
        await balancer.deliver()
        return message

    async def until(predicate, what):
        await fake.wait_until(predicate, timeout=10, message=what)

    await say(anna, "/sessie 3")
    await say(bram, "/doemee")
    await say(carla, "/doemee")
    await say(anna, "/begin")
    await until(lambda: count(group, "Stap 1 van 5") == 1, "step 1 card")
    card = next(m for m in group.bot_messages() if "Stap 1 van 5" in (m.text or ""))
    for user in (anna, bram, carla):
        await say(user, f"{user.first_name}: ik heb in het buitenland gewerkt", reply_to=card)
    await say(anna, "/actie @bram morgen: Partnerschool in Gent bellen")
    await until(lambda: count(group, "Actie #1") >= 1, "action confirmed")

    # Through steps 1 and 2 on both processes, then one of them dies.
    for step, seconds in ((2, 25), (3, 36)):
        shared.advance(seconds)
        await until(lambda step=step: count(group, f"Stap {step} van 5") == 1, f"step {step} card")
    bots[0].kill()
    await bots[0].wait()
    for step, seconds in ((4, 37), (5, 37)):
        shared.advance(seconds)
        await until(lambda step=step: count(group, f"Stap {step} van 5") == 1, f"step {step} card")
    shared.advance(49)
    await until(lambda: count(group, "De werksessie is klaar") == 1, "the closing")

    # The next morning at 09:10 local time the owner's reminder is due.
    shared.clock.set(datetime(2026, 11, 25, 8, 10, tzinfo=UTC))
    shared.write()
    await until(lambda: count(group, "dit is een herinnering voor jou") == 1, "the reminder")
    shared.advance(120)
    await until(lambda: fake.pending_updates == [], "quiet")

    for text in [f"Stap {n} van 5" for n in range(1, 6)] + [
        "De werksessie is klaar",
        "Aan de slag met internationalisering",
    ]:
        assert count(group, text) == 1, f"{text!r} sent {count(group, text)} times"
    for n, title in enumerate(
        ("Betekenis", "Relevantie", "Competenties", "Activiteiten", "Aan de slag"), 1
    ):
        assert count(group, f"Stap {n} · {title} is klaar") == 1
    assert count(group, "dit is een herinnering voor jou") == 1
    reader = BotUnderTest(fake=fake, clock=clock, database_url=bots[1].database_url)
    assert len(reader.rows(Answer)) == 3
    assert len(reader.rows(Action)) == 1
    # The reminder is marked sent just after Telegram took it (in the process that sent it).
    await until(
        lambda: [r.status for r in reader.rows(Reminder) if r.kind == "on_day"] == ["sent"],
        "the reminder marked sent",
    )
