"""1. Answer ingest, with 5. event-loop lag: N groups x 7 members reply to the step card as
fast as they can, then at a steady 200 updates a second. Ours next to a bare
python-telegram-bot bot that stores the same row (one INSERT+COMMIT per update) and one
that only echoes, alternating in every run."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import (
    BotProcess,
    Database,
    Team,
    add_teams,
    bot_messages_with,
    bot_post,
    fake_telegram,
    wait_for,
)
from bench.stats import percentile

VARIANTS = ("ours", "store", "echo")
STEADY_RATE = 200  # updates a second


@dataclass
class IngestRun:
    stored_per_s: float
    p50_ms: float
    p99_ms: float
    lag_p99_ms: float
    lag_max_ms: float
    cpu_ms_per_update: float
    stored: int
    sent: int


@dataclass
class IngestResult:
    database: str
    groups: int
    flood: int
    steady: int
    runs: dict[str, list[IngestRun]] = field(default_factory=dict)


async def _open_sessions(fake, teams: list[Team]) -> bool:
    for team in teams:
        await team.members[0].send(team.group, "/sessie 600")
    if not await wait_for(
        lambda: all(
            bot_messages_with(t, "Doe mee") or bot_messages_with(t, "voorzitter") for t in teams
        ),
        patience=120,
        what="opening messages",
    ):
        return False
    for team in teams:
        await team.members[0].send(team.group, "/begin")
    ok = await wait_for(
        lambda: all(bot_messages_with(t, "Stap 1 van 5") for t in teams),
        patience=120,
        what="step cards",
    )
    for team in teams:
        cards = bot_messages_with(team, "Stap 1 van 5")
        team.card = cards[-1] if cards else None
    return ok


async def _send(team: Team, index: int, key: str) -> None:
    member = team.members[index % len(team.members)]
    await member.send(team.group, key, reply_to=team.card)


async def _wait_stored(bot: BotProcess, keys: list[str], patience: float) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        await bot.collect()
        if all(key in bot.report.commits for key in keys):
            return
        await asyncio.sleep(0.25)
    print(
        f"    ({bot.variant}: {sum(k in bot.report.commits for k in keys)}/{len(keys)} stored in time)"
    )


async def _one_run(
    bot: BotProcess, teams: list[Team], label: str, flood: int, steady: int, patience: float
) -> IngestRun:
    await bot.collect()
    bot.reset()
    cpu_before = bot.report.cpu
    sent: dict[str, float] = {}
    # As fast as they can: every reply queued at once.
    flood_keys = [f"{label}-f{i}" for i in range(flood)]
    for i, key in enumerate(flood_keys):
        sent[key] = time.time()
        await _send(teams[i % len(teams)], i // len(teams), key)
    await _wait_stored(bot, flood_keys, patience)
    stored = [bot.report.commits[k] for k in flood_keys if k in bot.report.commits]
    first = min(sent[k] for k in flood_keys)
    rate = len(stored) / max(1e-6, (max(stored) - first)) if stored else 0.0
    # Steady: 200 updates a second, for the latency from update to committed row.
    steady_keys = [f"{label}-s{i}" for i in range(steady)]
    start = time.monotonic()
    for i, key in enumerate(steady_keys):
        delay = start + i / STEADY_RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        sent[key] = time.time()
        await _send(teams[i % len(teams)], i // len(teams), key)
    await _wait_stored(bot, steady_keys, patience)
    latencies = [
        (bot.report.commits[k] - sent[k]) * 1000 for k in steady_keys if k in bot.report.commits
    ]
    lags = [lag * 1000 for lag in bot.report.lags]
    handled = len(stored) + len(latencies)
    return IngestRun(
        stored_per_s=rate,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        lag_p99_ms=percentile(lags, 99),
        lag_max_ms=max(lags, default=float("nan")),
        cpu_ms_per_update=(bot.report.cpu - cpu_before) * 1000 / max(1, handled),
        stored=handled,
        sent=flood + steady,
    )


async def run(
    *,
    workdir: Path,
    database: str,
    postgres_url: str | None,
    groups: int,
    flood: int,
    steady: int,
    runs: int,
    patience: float,
    profile: bool = False,
) -> IngestResult:
    result = IngestResult(database, groups, flood, steady, {v: [] for v in VARIANTS})
    async with fake_telegram() as f_ours, fake_telegram() as f_store, fake_telegram() as f_echo:
        fakes = {"ours": f_ours, "store": f_store, "echo": f_echo}
        bots: dict[str, BotProcess] = {}
        databases: list[Database] = []
        teams: dict[str, list[Team]] = {}
        try:
            for variant, fake in fakes.items():
                db = None
                if variant != "echo":
                    name = f"ingest_{variant}"
                    db = (
                        Database.postgres(postgres_url, name)
                        if database == "postgresql"
                        else Database.sqlite(workdir, name)
                    )
                    databases.append(db)
                teams[variant] = add_teams(fake, groups)
                bots[variant] = BotProcess(
                    variant,
                    fake=fake,
                    database=db,
                    workdir=workdir,
                    name=f"ingest-{database}-{variant}",
                )
                await bots[variant].start()
                if not await bots[variant].ready():
                    raise RuntimeError(f"{variant} bot did not start; see {bots[variant].log}")
                if profile and variant == "ours":
                    await bots[variant].profile(workdir / f"profile-ingest-{database}.json")
                if variant == "ours":
                    if not await _open_sessions(fake, teams[variant]):
                        raise RuntimeError("sessions did not start")
                else:
                    for team in teams[variant]:
                        team.card = bot_post(fake, team, "Stap 1 van 5: wat betekent het?")
            for number in range(runs):
                # Alternate the order, so neither bot always runs on a warmer machine.
                order = VARIANTS if number % 2 == 0 else tuple(reversed(VARIANTS))
                for variant in order:
                    outcome = await _one_run(
                        bots[variant], teams[variant], f"{variant}{number}", flood, steady, patience
                    )
                    result.runs[variant].append(outcome)
                    print(
                        f"  ingest {database} {variant} run {number + 1}: "
                        f"{outcome.stored_per_s:.0f} stored/s, p99 {outcome.p99_ms:.0f} ms, "
                        f"lag max {outcome.lag_max_ms:.0f} ms",
                        flush=True,
                    )
        finally:
            for bot in bots.values():
                await bot.stop()
            for db in databases:
                db.drop()
    return result
