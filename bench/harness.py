"""The driver's side: a fake Bot API (the tests' own, in this process), bot processes to
measure, and the databases they use."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.clock import TUESDAY_MORNING, ScaledClock
from telegram_stand_in import FakeChat, FakeMessage, FakeTelegram, FakeUser

TOKEN = "123456789:AAHbench-token-for-the-fake-0123456789"
ROOT = Path(__file__).resolve().parent.parent


async def wait_for(
    predicate: Callable[[], object], *, patience: float, interval: float = 0.05, what: str = ""
) -> bool:
    """Poll until `predicate()` is truthy; False (not an error) when time ran out: a slow
    bot is a result, not a crash of the benchmark."""
    deadline = time.monotonic() + patience
    while not predicate():
        if time.monotonic() >= deadline:
            print(f"    (gave up waiting after {patience:.0f} s: {what})", flush=True)
            return False
        await asyncio.sleep(interval)
    return True


@dataclass
class Database:
    """A fresh database for one bot: a SQLite file or a PostgreSQL schema of its own."""

    url: str
    drop: Callable[[], None] = lambda: None

    @classmethod
    def sqlite(cls, workdir: Path, name: str) -> Database:
        path = workdir / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return cls(f"sqlite:///{path}")

    @classmethod
    def postgres(cls, admin_url: str, name: str) -> Database:
        schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(admin_url)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})

        def drop() -> None:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

        return cls(url.render_as_string(hide_password=False), drop)


@dataclass
class Report:
    """What a bot process said about itself, added up over several SIGUSR1 reports."""

    lags: list[float] = field(default_factory=list)
    commits: dict[str, float] = field(default_factory=dict)
    marks: dict[str, float] = field(default_factory=dict)
    cpu: float = 0.0
    rss_kib: int = 0
    peak_rss_kib: int = 0


class BotProcess:
    def __init__(
        self,
        variant: str,
        *,
        fake: FakeTelegram,
        database: Database | None,
        workdir: Path,
        name: str,
        clock: ScaledClock | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.variant = variant
        self.fake = fake
        self.database = database
        self.out = workdir / f"{name}.json"
        self.log = workdir / f"{name}.log"
        self.clock = clock
        self.env = env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.profiler: asyncio.subprocess.Process | None = None
        self.report = Report()
        self.started_at = 0.0

    async def start(self) -> None:
        env = {
            **os.environ,
            "BENCH_VARIANT": self.variant,
            "BENCH_OUT": str(self.out),
            "TELEGRAM_BOT_TOKEN": self.fake.token,
            "TELEGRAM_API_BASE_URL": self.fake.base_url,
            "DATABASE_URL": self.database.url if self.database else "",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            **(self.clock.to_env() if self.clock else {}),
            **self.env,
        }
        if not env["DATABASE_URL"]:
            del env["DATABASE_URL"]
        self.started_at = time.time()
        with open(self.log, "ab") as log:  # noqa: ASYNC230 - a local log file, once per start
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.botproc", env=env, cwd=ROOT, stdout=log, stderr=log
            )

    async def profile(self, output: Path) -> None:
        """Sample this process with py-spy until it stops (`make bench PROFILE=1`)."""
        assert self.process is not None
        spy = Path(sys.executable).parent / "py-spy"
        with open(self.log, "ab") as log:  # noqa: ASYNC230 - a local log file, once per start
            self.profiler = await asyncio.create_subprocess_exec(
                str(spy),
                "record",
                "--pid",
                str(self.process.pid),
                "--rate",
                "200",
                "--format",
                os.environ.get("BENCH_SPY_FORMAT", "speedscope"),
                "--output",
                str(output),
                stdout=log,
                stderr=log,
            )

    async def ready(self, patience: float = 120) -> bool:
        """Polling: the bot asked Telegram for updates, so its start-up is done."""
        return (
            await wait_for(
                lambda: self.fake._polls or self._exited(), patience=patience, what="bot start"
            )
            and not self._exited()
        )

    def _exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    async def collect(self, patience: float = 30) -> Report:
        """Ask the process for its figures and add them to `self.report`."""
        assert self.process is not None
        self.out.unlink(missing_ok=True)
        if self._exited():
            return self.report
        self.process.send_signal(signal.SIGUSR1)
        await wait_for(self.out.exists, patience=patience, interval=0.02, what="probe report")
        if not self.out.exists():
            return self.report
        data = json.loads(self.out.read_text())
        self.report.lags += data["lags"]
        self.report.commits.update((key, moment) for key, moment in data["commits"])
        self.report.marks.update(data["marks"])
        self.report.cpu = data["cpu"]
        self.report.rss_kib = data["rss_kib"]
        self.report.peak_rss_kib = data["peak_rss_kib"]
        return self.report

    def reset(self) -> None:
        """Forget lags and commits collected so far (CPU and memory are totals anyway)."""
        self.report.lags.clear()
        self.report.commits.clear()

    async def stop(self) -> None:
        if self.process is None:
            return
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self.process = None
        if self.profiler is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.profiler.wait(), 30)
            self.profiler = None


async def start_ours_on_faster_clock(
    fake: FakeTelegram, database: Database, workdir: Path, name: str, speed: float
) -> BotProcess:
    """Our bot on a clock `speed` times real time from a Tuesday morning; the fake's
    message dates follow the same clock."""
    clock = ScaledClock(start=TUESDAY_MORNING, epoch=time.time(), speed=speed)
    fake.clock = clock.now
    bot = BotProcess("ours", fake=fake, database=database, workdir=workdir, name=name, clock=clock)
    await bot.start()
    await bot.ready()
    return bot


@contextlib.asynccontextmanager
async def fake_telegram(clock: ScaledClock | None = None):
    async with FakeTelegram(token=TOKEN, clock=clock.now if clock else None) as fake:
        yield fake


@dataclass
class Team:
    group: FakeChat
    members: list[FakeUser]
    card: FakeMessage | None = None


def add_teams(fake: FakeTelegram, count: int, *, size: int = 7, prefix: str = "Team") -> list[Team]:
    teams = []
    for number in range(count):
        members = [fake.add_user(f"Lid{number}x{i}") for i in range(size)]
        group = fake.add_group(f"{prefix} {number}", members=members)
        teams.append(Team(group, members))
    return teams


def bot_post(fake: FakeTelegram, team: Team, text_: str) -> FakeMessage:
    """A message from the bot itself, for the bare bots that post nothing of their own: the
    members reply to it, so those bots get exactly the updates ours gets (privacy mode)."""
    return team.group._new_message(fake.bot, text=text_, html=text_)


def bot_messages_with(team: Team, needle: str) -> list[FakeMessage]:
    return [m for m in team.group.bot_messages() if needle in (m.text or "")]
