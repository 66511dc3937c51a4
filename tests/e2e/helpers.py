"""What the end-to-end tests say and look at, shared by every module (fixtures live in
conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime


def last_bot(group, containing: str):
    matches = [m for m in group.bot_messages() if containing in (m.text or "")]
    assert matches, (
        f"no bot message with {containing!r}; bot said: {[m.text[:60] for m in group.bot_messages()]}"
    )
    return matches[-1]


def count_bot(group, containing: str) -> int:
    return sum(1 for m in group.bot_messages() if containing in (m.text or ""))


async def say(bot, member, group, text, **kwargs):
    sent = await member.send(group, text, **kwargs)
    await bot.settle()
    return sent


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def at(bot, moment: datetime) -> None:
    bot.clock.set(moment)
    await bot.tick()


async def forge(bot, fake, user, message, data: str):
    """Press `data` under `message`, whatever buttons it really has."""
    callback = fake._queue_callback(user, message, data)  # noqa: SLF001 - a forged press
    await bot.settle()
    return callback


async def start_session(bot, group, chair, minutes: int = 150):
    """The chair opens a session and begins it at once; the card of step 1."""
    await chair.send(group, f"/sessie {minutes}")
    await chair.send(group, "/begin")
    await bot.settle()
    return last_bot(group, "Stap 1 van 5")
