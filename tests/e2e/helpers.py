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


def board_number(board, label: str) -> int | None:
    """The number an activity board lists `label` under on the page it shows; None when
    the label is on another page."""
    for line in (board.text or "").split("\n"):
        number, dot, rest = line.partition(". ")
        if dot and number.isdigit() and rest.removeprefix("⭐ ").split(" · ")[0] == label:
            return int(number)
    return None


async def show_item(bot, member, board, label: str) -> int:
    """Turn the board's pages (▶) until it lists `label`; its number on the board."""
    for _ in range(len(board.buttons) + 10):
        number = board_number(board, label)
        if number is not None:
            return number
        forward = [text for row in board.buttons for text, _ in row if text.endswith("▶")]
        assert forward, f"{label!r} is not on the board and there is no next page"
        await member.press(board, forward[0])
        await bot.settle()
    raise AssertionError(f"{label!r} is on no page of the board")


def item_button(board, number: int) -> str:
    """The label of the button for item `number` of the page the board shows."""
    (label,) = [
        text
        for row in board.buttons
        for text, _ in row
        if text.removeprefix("⭐ ").split(" ")[0] == str(number)
    ]
    return label


async def mark_activity(bot, member, board, label: str):
    """Find `label` on an activity board (turning its pages) and tap its button."""
    number = await show_item(bot, member, board, label)
    pressed = await member.press(board, item_button(board, number))
    await bot.settle()
    return pressed
