"""'Laat collega's meedoen': the other practice colleagues join and answer by themselves.

They do what members do: tap "Doe mee", reply to the bot's questions of the running step
with a short example answer (from `voorbeeldantwoorden.yaml`), mark a competence or an
activity, and in the last step one of them records an action. What they send is marked as an
example on the page. They act a moment after the bot asked, in real time, so the chair sees
the session come alive whatever the clock's speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources

import yaml

from bot.services.buttons import JoinSession, MarkItem
from rehearsal.room import Room, RoomError
from telegram_stand_in import FakeMessage

log = logging.getLogger(__name__)

# The bot's own buttons a member presses: joining a session, marking on the poster.
JOIN_PREFIX = f"{JoinSession.PREFIX}:"
MARK_PREFIX = f"{MarkItem.PREFIX}:"


@dataclass(frozen=True)
class Samples:
    answers: dict[int, list[str]]  # step number -> example answers
    actions: list[str]  # "/actie" lines without the command

    @classmethod
    def load(cls) -> Samples:
        text = (resources.files("rehearsal") / "voorbeeldantwoorden.yaml").read_text(
            encoding="utf-8"
        )
        data = yaml.safe_load(text)
        return cls(
            answers={int(step): list(items) for step, items in data["stappen"].items()},
            actions=list(data["acties"]),
        )

    def answer(self, step: int, turn: int) -> str:
        items = self.answers.get(step) or self.answers[max(self.answers)]
        return items[turn % len(items)]


class PracticeColleagues:
    def __init__(
        self,
        room: Room,
        samples: Samples,
        *,
        pause: tuple[float, float] = (1.0, 2.5),
        seed: int | None = None,
    ) -> None:
        self.room = room
        self.samples = samples
        self.pause = pause
        self.enabled = False
        self._random = random.Random(seed)
        self._done: set[tuple] = set()
        self._turns: dict[int, int] = {}
        self._tasks: set[asyncio.Task] = set()
        self._scan_again = False
        self._scanning: asyncio.Task | None = None
        room.listeners.append(self._on_change)

    def forget(self) -> None:
        """Before a reset: nothing planned carries over into the new, empty room."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        self._done.clear()
        self._turns.clear()

    def _on_change(self, room: Room) -> None:
        if not self.enabled:
            return
        if self._scanning is not None and not self._scanning.done():
            self._scan_again = True
            return
        self._scanning = asyncio.get_running_loop().create_task(self._scan())

    async def _scan(self) -> None:
        while True:
            self._scan_again = False
            try:
                await self._look_around()
            except RoomError:
                return  # the room is being reset
            except Exception:  # noqa: BLE001 - a practice colleague must never stop the room
                log.exception("practice colleagues could not act")
            if not self._scan_again:
                return

    async def _look_around(self) -> None:
        world = self.room.current()
        others = world.colleagues[1:]
        assert world.group is not None
        for message in world.group.bot_messages():
            data = [button["data"] for row in _buttons(message) for button in row]
            joins = [d for d in data if d.startswith(JOIN_PREFIX)]
            marks = [d for d in data if d.startswith(MARK_PREFIX)]
            for turn, user in enumerate(others):
                if joins and self._first_time("join", message.message_id, user.id):
                    self._later(turn, self._press(user.id, message, joins[0]))
                if marks and self._first_time("mark", message.message_id, user.id):
                    # After the answers: every press is an update the bot handles in turn.
                    choice = self._random.choice(marks)
                    self._later(turn + len(others), self._press(user.id, message, choice))
        questions = await world.services.call(
            world.services.sessions.open_questions, chat_id=world.group.id
        )
        last_step = len(world.services.deck.steps)
        for message_id, step in questions:
            for turn, user in enumerate(others):
                if self._first_time("answer", message_id, user.id):
                    text = self.samples.answer(step, self._next_turn(step))
                    self._later(turn, self._say(user.id, text, reply_to=message_id))
            if step == last_step and self.samples.actions and self._first_time("action", step):
                line = self._random.choice(self.samples.actions)
                self._later(len(others), self._say(others[0].id, f"/actie {line}"))

    def _first_time(self, *key) -> bool:
        if key in self._done:
            return False
        self._done.add(key)
        return True

    def _next_turn(self, step: int) -> int:
        self._turns[step] = self._turns.get(step, -1) + 1
        return self._turns[step]

    def _later(self, turn: int, action: Awaitable[None]) -> None:
        low, high = self.pause
        delay = low * (turn + 1) + self._random.uniform(0, high - low)
        task = asyncio.get_running_loop().create_task(self._after(delay, action))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _after(self, delay: float, action: Awaitable[None]) -> None:
        await asyncio.sleep(delay)
        if not self.enabled:
            _close(action)
            return
        with contextlib.suppress(RoomError, AssertionError):
            await action

    async def _press(self, user_id: int, message: FakeMessage, data: str) -> None:
        if not message.deleted and any(
            button.get("data") == data for row in _buttons(message) for button in row
        ):
            await self.room.press(user_id, "group", message.message_id, data)

    async def _say(self, user_id: int, text: str, *, reply_to: int | None = None) -> None:
        await self.room.say(user_id, "group", text, reply_to=reply_to, example=True)


def _buttons(message: FakeMessage) -> list[list[dict]]:
    return [
        [{"data": button.get("callback_data", "")} for button in row]
        for row in (message.reply_markup or {}).get("inline_keyboard", [])
    ]


def _close(action: Awaitable[None]) -> None:
    close: Callable[[], None] | None = getattr(action, "close", None)
    if close is not None:
        close()
