"""Running the real bot as separate processes, with a clock the test writes to a file."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


def bot_env(**values: str) -> dict[str, str]:
    """The test's environment without any bot settings of the developer's, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "TELEGRAM_",
                "DATABASE_",
                "WEBHOOK_",
                "HEALTH_",
                "SWEEP_",
                "CHAT_",
                "GROUP_",
                "OUTBOX_",
                "BOT_",
                "REHEARSAL_",
            )
        )
    }
    env.update(values)
    return env


async def run_bot(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """`python -m bot ARGS` run to its end: the exit code, stdout and stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(60):
        out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def webhook_env(secret: str, **values: str) -> dict[str, str]:
    """Settings of a bot process in webhook mode (the way to run several), on a free port."""
    return {
        "WEBHOOK_URL": "https://bot.school.example/telegram/hook",
        "WEBHOOK_SECRET": secret,
        "WEBHOOK_PORT": str(free_port()),
        "WEBHOOK_LISTEN": "127.0.0.1",
        **values,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SharedClock:
    """The FakeClock's time, mirrored into a file every bot process reads."""

    def __init__(self, clock, path: Path) -> None:
        self.clock, self.path = clock, path
        self.write()

    def write(self) -> None:
        # Replace, never truncate: a bot process may read at any moment.
        partial = self.path.with_suffix(".tmp")
        partial.write_text(self.clock.now().isoformat())
        os.replace(partial, self.path)

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds=seconds)
        self.write()


class BotProcess:
    """`python -m tests.e2e.botproc`: the real bot.main with the shared file clock."""

    def __init__(
        self, fake, shared_clock: SharedClock, database_url: str, log: Path, **env: str
    ) -> None:
        self.fake = fake
        self.shared_clock = shared_clock
        self.database_url = database_url
        self.env = bot_env(
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_API_BASE_URL=fake.base_url,
            DATABASE_URL=database_url,
            TEST_CLOCK_FILE=str(shared_clock.path),
            # The sweep stands in for the wake-up jobs, which run on real time.
            SWEEP_SECONDS="0.1",
            **{"CHAT_MIN_INTERVAL_SECONDS": "0", "GROUP_MESSAGES_PER_MINUTE": "0", **env},
        )
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    @property
    def webhook_port(self) -> int | None:
        port = self.env.get("WEBHOOK_PORT")
        return int(port) if port else None

    async def start(self) -> None:
        # Every start registers the command menu again: that tells this start is done.
        registered = len(self.fake.calls("setMyCommands"))
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.e2e.botproc",
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=asyncio.subprocess.STDOUT,
        )
        if self.webhook_port:
            await self.fake.wait_until(
                self._healthy, timeout=20, message=f"bot on :{self.webhook_port} healthy"
            )
        else:
            await self.fake.wait_until(
                lambda: len(self.fake.calls("setMyCommands")) >= registered + 2,
                timeout=20,
                message="bot registered its commands",
            )

    async def _healthy(self) -> bool:
        try:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{self.webhook_port}/healthz") as response:
                    return response.status == 200
        except aiohttp.ClientError:
            return False

    async def post(self, update: dict, secret: str) -> int:
        async with aiohttp.ClientSession() as http:
            async with http.post(
                f"http://127.0.0.1:{self.webhook_port}{self.env.get('WEBHOOK_PATH', '/telegram/hook')}",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            ) as response:
                return response.status

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)

    async def wait(self) -> int:
        assert self.process is not None
        return await self.process.wait()

    async def ensure_stopped(self) -> None:
        if self.process and self.process.returncode is None:
            self.kill()
            await self.wait()
