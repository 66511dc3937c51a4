"""The room: a practice group with the real bot in it, a clock to move, and a reset.

Everything runs in one process: the Bot API stand-in on a free local port, the bot (built
and started exactly as in production, polling the stand-in over HTTP) and the page.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from telegram.ext import Application

from bot.config import Settings
from bot.telegram import lifecycle
from bot.telegram.app import build_application
from bot.telegram.runtime import Services, services_of
from prompts import Deck
from rehearsal.clock import RoomClock
from telegram_stand_in import FakeCallback, FakeChat, FakeMessage, FakeTelegram, FakeUser

log = logging.getLogger(__name__)

# Shaped like a BotFather token, so the bot's own start-up check accepts it; it opens nothing.
ROOM_TOKEN = "100000001:AAOefenruimte-geen-echt-token-000000"
GROUP_TITLE = "Oefengroep"
# What Telegram allows after ?start= in a deep link.
DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")

# Wake-up concerns that are housekeeping nobody sees: "volgende moment" skips them.
UNSEEN_CONCERNS = frozenset({"retention"})


@dataclass(frozen=True)
class Colleague:
    first_name: str
    last_name: str | None = None
    username: str | None = None


# A handful of practice colleagues; the first is the chair. One has no username, as in many
# real teams, so mentions without @name are rehearsed too.
COLLEAGUES = (
    Colleague("Sanne", "Jansen", "sanne_oefen"),
    Colleague("Ahmed", "El Amrani", "ahmed_oefen"),
    Colleague("Lotte", "de Boer", "lotte_oefen"),
    Colleague("Joris", "Bakker"),
    Colleague("Fatima", "Yilmaz", "fatima_oefen"),
)


class RoomError(ValueError):
    """Something the page asked that cannot be done; the text is shown as it is (Dutch)."""


class World:
    """One run of the room: its clock, the stand-in with the practice group, and the bot."""

    def __init__(self, clock: RoomClock, fake: FakeTelegram) -> None:
        self.clock = clock
        self.fake = fake
        self.colleagues: list[FakeUser] = []
        self.group: FakeChat | None = None
        self.application: Application | None = None
        self.running: lifecycle.Running | None = None
        # Messages the practice colleagues sent on their own, shown as examples.
        self.examples: set[tuple[int, int]] = set()

    @property
    def chair(self) -> FakeUser:
        return self.colleagues[0]

    @property
    def services(self) -> Services:
        assert self.application is not None
        return services_of(self.application)

    def user(self, user_id: int) -> FakeUser:
        user = self.fake.users.get(user_id)
        if user is None or user not in self.colleagues:
            raise RoomError("Die collega bestaat niet (meer).")
        return user

    def chat_of(self, user: FakeUser, where: str) -> FakeChat:
        if where == "group":
            assert self.group is not None
            return self.group
        if where == "private":
            return user.private_chat
        raise RoomError("Kies de groep of de privéchat.")


class Room:
    """The room as the page sees it; `reset` starts a new, empty world."""

    def __init__(
        self,
        settings: Settings,
        *,
        database_path: Path,
        deck: Deck | None = None,
    ) -> None:
        self.database_url = f"sqlite:///{database_path}"
        self.database_path = database_path
        self.base_settings = settings
        self.deck = deck
        self.world: World | None = None
        self.version = 0
        self._changed = asyncio.Event()
        self._lock = asyncio.Lock()
        # Called after every change, with the room (the practice colleagues listen here).
        self.listeners: list = []

    # -- lifecycle --------------------------------------------------------------------------

    def settings_for(self, fake: FakeTelegram) -> Settings:
        """The host's settings, but always polling the stand-in and using the room's own
        SQLite file, never the production database."""
        return self.base_settings.model_copy(
            update={
                "telegram_bot_token": fake.token,
                "telegram_api_base_url": fake.base_url,
                "database_url": self.database_url,
                "webhook_url": "",
                "health_port": None,
            }
        )

    async def start(self) -> None:
        async with self._lock:
            await self._start_world()
        self.notify()

    async def stop(self) -> None:
        async with self._lock:
            await self._stop_world()

    async def reset(self) -> None:
        async with self._lock:
            await self._stop_world()
            await self._start_world()
        self.notify()

    async def _start_world(self) -> None:
        clock = RoomClock()
        # Telegram accepts a bare "&" in HTML; only the tests' stand-in is stricter.
        fake = FakeTelegram(token=ROOM_TOKEN, clock=clock.now, strict_html=False)
        await fake.start()
        world = World(clock, fake)
        for colleague in COLLEAGUES:
            world.colleagues.append(
                fake.add_user(
                    colleague.first_name,
                    last_name=colleague.last_name,
                    username=colleague.username,
                )
            )
        # The bot is an admin, as the README advises chairs, so it can pin each step's card.
        world.group = fake.add_group(
            GROUP_TITLE,
            members=world.colleagues[1:],
            owner=world.chair,
            bot_is_admin=True,
        )
        fake.watchers.append(self.notify)
        await asyncio.to_thread(self._fresh_database)
        settings = self.settings_for(fake)
        world.application = build_application(settings, clock=clock, deck=self.deck)
        world.running = await lifecycle.start(world.application, settings)
        self.world = world

    def _fresh_database(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.database_path}{suffix}").unlink(missing_ok=True)
        lifecycle.migrate_database(self.database_url)

    async def _stop_world(self) -> None:
        world, self.world = self.world, None
        if world is None:
            return
        if world.running is not None:
            await lifecycle.stop(world.running)
            world.services.engine.dispose()
        await world.fake.stop()

    # -- changes ----------------------------------------------------------------------------

    def notify(self) -> None:
        """Something changed: wake every page that waits, and the practice colleagues."""
        self.version += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
        for listener in self.listeners:
            listener(self)

    async def wait_for_change(self, seen: int, timeout: float) -> int:  # noqa: ASYNC109
        """Return the version once it is past `seen`, or after `timeout` seconds anyway."""
        if self.version <= seen:
            try:
                await asyncio.wait_for(self._changed.wait(), timeout)
            except TimeoutError:
                pass
        return self.version

    def current(self) -> World:
        if self.world is None:
            raise RoomError("De oefenruimte start net opnieuw; probeer het zo nog eens.")
        return self.world

    # -- what colleagues do -----------------------------------------------------------------

    async def say(
        self,
        user_id: int,
        where: str,
        text: str,
        *,
        reply_to: int | None = None,
        example: bool = False,
    ) -> FakeMessage:
        world = self.current()
        user = world.user(user_id)
        chat = world.chat_of(user, where)
        text = text.strip()
        if not text:
            raise RoomError("Typ eerst een bericht.")
        if len(text) > 4096:
            raise RoomError("Een bericht in Telegram is hooguit 4096 tekens.")
        target = None
        if reply_to is not None:
            target = chat.message(reply_to)
            if target is None or target.deleted:
                raise RoomError("Het bericht waarop je reageert is er niet meer.")
        if chat.type == "private":
            message = await user.send_private(text, reply_to=target)
        else:
            message = await user.send(chat, text, reply_to=target)
        if example:
            world.examples.add((chat.id, message.message_id))
        self.notify()
        return message

    async def open_private(self, user_id: int, start: str | None = None) -> None:
        """Open the private chat with the bot, as tapping Start in Telegram does (after a
        deep link: `/start` with its payload)."""
        if start is not None and not DEEP_LINK_PAYLOAD.fullmatch(start):
            raise RoomError("Die link klopt niet.")
        world = self.current()
        await world.user(user_id).start_private(start)
        self.notify()

    async def press(self, user_id: int, where: str, message_id: int, data: str) -> dict:
        """Press an inline button; returns what the bot answered (a notice or an alert)."""
        world = self.current()
        user = world.user(user_id)
        chat = world.chat_of(user, where)
        message = chat.message(message_id)
        if message is None or message.deleted:
            raise RoomError("Dat bericht is er niet meer.")
        callback: FakeCallback = await user.press(message, data=data)
        self.notify()
        try:
            await callback.wait_answered(timeout=10)
        except AssertionError:
            return {"text": None, "alert": False}
        return {"text": callback.answer_text, "alert": bool(callback.show_alert)}

    async def vote(self, user_id: int, where: str, message_id: int, options: list[int]) -> None:
        world = self.current()
        user = world.user(user_id)
        message = world.chat_of(user, where).message(message_id)
        if message is None or message.poll is None:
            raise RoomError("Die peiling is er niet meer.")
        if message.poll["is_closed"]:
            raise RoomError("Deze peiling is gesloten.")
        await user.vote(message, options)
        self.notify()

    def rename(self, user_id: int, name: str) -> None:
        world = self.current()
        user = world.user(user_id)
        first, _, last = " ".join(name.split()).partition(" ")
        if not first or len(name) > 64:
            raise RoomError("Geef een naam van 1 tot 64 tekens.")
        # The bot learns the new name with the colleague's next message, as in Telegram.
        user.first_name, user.last_name = first, last or None
        self.notify()

    # -- time -------------------------------------------------------------------------------

    async def set_speed(self, speed: int) -> None:
        world = self.current()
        try:
            world.clock.set_speed(speed)
        except ValueError:
            raise RoomError("Kies 1x, 10x of 60x.") from None
        # Wake-ups planned at the old speed would come too late (or early): plan them again.
        await world.services.wakeups.replan()
        self.notify()

    async def next_moment(self) -> datetime | None:
        """The bot's next planned moment that a member would notice."""
        world = self.current()
        services = world.services
        now = world.clock.now()
        # Read where the bot reads its database: off the loop, on its own worker.
        moments = await services.call(services.wakeups.moments)
        return min(
            (
                when
                for concern, when in moments
                if concern.name not in UNSEEN_CONCERNS and when is not None and when > now
            ),
            default=None,
        )

    async def jump(self) -> datetime | None:
        """Move the clock to the bot's next planned moment and let the bot do what is due."""
        world = self.current()
        moment = await self.next_moment()
        if moment is None:
            return None
        world.clock.jump_to(moment)
        assert world.application is not None
        await world.services.wakeups.run_due(world.application.bot)
        self.notify()
        return moment
