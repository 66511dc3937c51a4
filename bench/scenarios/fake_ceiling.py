"""0. The fake Bot API alone: calls a second it answers (sendMessage, one caller and eight
at once) and updates a second it hands out (getUpdates), so it is never the bottleneck."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass, field

from bench.harness import ROOT, add_teams, fake_telegram


@dataclass
class CeilingResult:
    send_1: list[float] = field(default_factory=list)
    send_8: list[float] = field(default_factory=list)
    updates: list[float] = field(default_factory=list)


async def _loadgen(*args: object) -> float:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.loadgen",
        *map(str, args),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    return json.loads(out)["per_s"]


async def run(*, runs: int, calls: int) -> CeilingResult:
    result = CeilingResult()
    for _ in range(runs):
        async with fake_telegram() as fake:
            (team,) = add_teams(fake, 1)
            team.group.privacy = False
            chat = team.group.id
            result.send_1.append(await _loadgen("send", fake.base_url, fake.token, chat, calls, 1))
            result.send_8.append(await _loadgen("send", fake.base_url, fake.token, chat, calls, 8))
            for number in range(calls):
                await team.members[number % len(team.members)].send(team.group, f"hoi {number}")
            result.updates.append(
                await _loadgen("updates", fake.base_url, fake.token, chat, calls, 1)
            )
        print(
            f"  fake: sendMessage {result.send_1[-1]:.0f}/s (1 caller), "
            f"{result.send_8[-1]:.0f}/s (8), getUpdates {result.updates[-1]:.0f} updates/s",
            flush=True,
        )
    return result
