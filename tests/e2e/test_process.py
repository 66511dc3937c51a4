"""The bot as a real process: start-up errors a host sees, and a kill -9 mid-session."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from storage.models import Answer, OutboxMessage, WorkSession
from tests.e2e.harness import BotUnderTest, sqlite_url

ROOT = Path(__file__).resolve().parents[2]


def bot_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(values)
    return env


async def run_bot(env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(20):
        out, err = await process.communicate()
    return process.returncode, (out + err).decode()


async def test_without_token_it_says_how_to_get_one(tmp_path):
    code, output = await run_bot(bot_env(TELEGRAM_BOT_TOKEN="", DATABASE_URL=sqlite_url(tmp_path)))
    assert code == 2
    assert "@BotFather" in output and "Traceback" not in output


async def test_malformed_token_is_explained(tmp_path):
    code, output = await run_bot(
        bot_env(TELEGRAM_BOT_TOKEN="not-a-token", DATABASE_URL=sqlite_url(tmp_path))
    )
    assert code == 2
    assert "does not look like a bot token" in output and "Traceback" not in output


async def test_token_telegram_rejects_is_explained_without_traceback(fake, tmp_path):
    wrong = "999999:WRONGWRONGWRONGWRONGWRONG"
    code, output = await run_bot(
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


class BotProcess:
    """The bot in a subprocess with a file clock; the test advances time by writing it."""

    def __init__(self, fake, clock, tmp_path: Path) -> None:
        self.fake, self.clock = fake, clock
        self.clock_file = tmp_path / "clock.txt"
        self.database_url = sqlite_url(tmp_path)
        self.log = tmp_path / "bot.log"
        self.process: asyncio.subprocess.Process | None = None
        self.write_clock()

    def write_clock(self) -> None:
        self.clock_file.write_text(self.clock.now().isoformat())

    async def advance(self, seconds: float) -> None:
        self.clock.advance(seconds=seconds)
        self.write_clock()

    async def start(self) -> None:
        env = bot_env(
            TELEGRAM_BOT_TOKEN=self.fake.token,
            TELEGRAM_API_BASE_URL=self.fake.base_url,
            DATABASE_URL=self.database_url,
            TEST_CLOCK_FILE=str(self.clock_file),
            # The sweep stands in for the wake-up jobs, which run on real time.
            SWEEP_SECONDS="0.1",
        )
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.e2e.botproc",
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=asyncio.subprocess.STDOUT,
        )
        await self.fake.wait_until(
            lambda: self.fake.commands({"type": "all_group_chats"}), timeout=20
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        assert self.process is not None
        return await self.process.wait()


@pytest.fixture
async def process_bot(fake, clock, tmp_path):
    proc = BotProcess(fake, clock, tmp_path)
    yield proc
    if proc.process and proc.process.returncode is None:
        proc.kill()
        await proc.wait()


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
    await process_bot.advance(11)  # the hulpvraag of step 1 comes due while the bot is down
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
    await process_bot.advance(30)
    await process_bot.start()
    await fake.wait_until(lambda: any("Stap 2 van 5" in t for t in texts_of(group)), timeout=10)
    await fake.wait_idle()
    process_bot.kill()
    await process_bot.wait()

    said = texts_of(group)
    assert sum("Stap 1 van 5" in t for t in said) == 1
    assert sum("Hulpvraag · stap 1" in t for t in said) == 1
    assert sum("Stap 1 · Betekenis is klaar" in t for t in said) == 1
    assert sum("Stap 2 van 5" in t for t in said) == 1
    under_test = BotUnderTest(fake=fake, clock=clock, database_url=process_bot.database_url)
    answers = sorted(a.text for a in under_test.rows(Answer))
    assert answers == [
        "Ik woon in een wijk met veel culturen",
        "Onze studenten lopen stage in Duitsland",
    ]
    (session,) = under_test.rows(WorkSession)
    assert session.current_step == 2
    assert not under_test.rows(OutboxMessage, OutboxMessage.status != "sent")
