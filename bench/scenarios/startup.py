"""3. Start-up with many schedules: N open actions with reminders in the database; the time
from starting the process until its wake-ups are scheduled (and it polls), and memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench.clock import TUESDAY_MORNING, ScaledClock
from bench.harness import BotProcess, Database, fake_telegram
from bench.seed import seed_actions, spread


@dataclass
class StartupResult:
    sizes: dict[int, dict[str, list[float]]] = field(default_factory=dict)


async def run(*, workdir: Path, sizes: list[int], runs: int) -> StartupResult:
    result = StartupResult()
    clock_start = TUESDAY_MORNING
    for size in sizes:
        figures = {"scheduled_s": [], "ready_s": [], "peak_rss_mb": []}
        database = Database.sqlite(workdir, f"startup_{size}")
        groups_count = max(1, size // 100)
        groups = [
            (-1_002_100_000_000 - g, f"Team {g}", [6_000_000_000 + g * 10 + i for i in range(7)])
            for g in range(groups_count)
        ]
        if size:
            # Reminders over the coming four weeks, none due at start.
            times = spread(clock_start + timedelta(days=1), timedelta(days=28), 1000)
            seed_actions(
                database.url,
                groups=groups,
                per_group=size // groups_count,
                reminder_times=times,
                deadline=(clock_start + timedelta(days=30)).date(),
                now=clock_start,
            )
        for _ in range(runs):
            async with fake_telegram() as fake:
                import time

                clock = ScaledClock(start=clock_start, epoch=time.time(), speed=1.0)
                bot = BotProcess(
                    "ours",
                    fake=fake,
                    database=database,
                    workdir=workdir,
                    name=f"startup-{size}",
                    clock=clock,
                )
                await bot.start()
                ok = await bot.ready(patience=120)
                ready_at = time.time()
                report = await bot.collect()
                await bot.stop()
            scheduled = report.marks.get("scheduled:reminders")
            started = report.marks.get("process_start", bot.started_at)
            figures["scheduled_s"].append(
                scheduled - started if scheduled and size else float("nan")
            )
            figures["ready_s"].append(ready_at - started if ok else float("nan"))
            figures["peak_rss_mb"].append(report.peak_rss_kib / 1024)
            print(
                f"  start-up with {size} actions: reminders scheduled after "
                f"{figures['scheduled_s'][-1]:.2f} s, polling after {figures['ready_s'][-1]:.2f} s, "
                f"peak {figures['peak_rss_mb'][-1]:.0f} MB",
                flush=True,
            )
        result.sizes[size] = figures
        database.drop()
    return result
