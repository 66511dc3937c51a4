"""What the bot knows about the groups it is in: removed, added back, moved to a new id, and
the members it has seen there."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.services.common import Person, remember
from bot.services.events import MemberForgotten
from storage.db import session_scope
from storage.repo import groups as group_rows
from storage.repo import members as member_rows

log = logging.getLogger(__name__)

# A member seen again within this span, under the same name, is not written again: most
# updates come from members the bot saw a moment ago.
SEEN_AGAIN = timedelta(hours=1)


class GroupService:
    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        # (chat, person as seen) -> when it was written; only a shortcut, the database is
        # the truth.
        self._written: dict[tuple[int, Person], datetime] = {}

    def see(self, *, chat_id: int, people: Sequence[Person]) -> None:
        """Remember members seen in a group (a command, a reply, a button, a join): Telegram
        has no call that turns @username into a user, so `/actie @anna` needs this."""
        now = self.clock.now()
        fresh = [
            p
            for p in dict.fromkeys(people)
            if (written := self._written.get((chat_id, p))) is None or now - written > SEEN_AGAIN
        ]
        if not fresh:
            return
        with session_scope(self.engine) as db:
            for person in fresh:
                remember(db, person, now=now)
                member_rows.see_in_group(db, chat_id=chat_id, user_id=person.id, now=now)
        for person in fresh:
            self._written[(chat_id, person)] = now

    def forget(self, forgotten: MemberForgotten) -> None:
        """After /vergeetmij: the shortcut must not keep the member from being seen anew."""
        user_id = forgotten.user_id
        self._written = {key: t for key, t in self._written.items() if key[1].id != user_id}

    def set_present(self, *, chat_id: int, title: str, present: bool) -> None:
        """Removed: its session clock, reminders and messages wait. Added back: they resume.
        Nothing is deleted either way."""
        with session_scope(self.engine) as db:
            group_rows.set_group_active(
                db, chat_id=chat_id, title=title, active=present, now=self.clock.now()
            )
        log.info("bot %s group %s", "back in" if present else "removed from", chat_id)

    def migrated(self, *, old_chat_id: int, new_chat_id: int) -> None:
        with session_scope(self.engine) as db:
            group_rows.move_group(
                db, old_chat_id=old_chat_id, new_chat_id=new_chat_id, now=self.clock.now()
            )
        log.info("group %s is now supergroup %s", old_chat_id, new_chat_id)
