"""What the bot knows about the groups it is in: removed, added back, moved to a new id."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from bot.clock import Clock
from storage import repo
from storage.db import session_scope

log = logging.getLogger(__name__)


class GroupService:
    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    def set_present(self, *, chat_id: int, title: str, present: bool) -> None:
        """Removed: its session clock, reminders and messages wait. Added back: they resume.
        Nothing is deleted either way."""
        with session_scope(self.engine) as db:
            repo.set_group_active(
                db, chat_id=chat_id, title=title, active=present, now=self.clock.now()
            )
        log.info("bot %s group %s", "back in" if present else "removed from", chat_id)

    def migrated(self, *, old_chat_id: int, new_chat_id: int) -> None:
        with session_scope(self.engine) as db:
            repo.move_group(
                db, old_chat_id=old_chat_id, new_chat_id=new_chat_id, now=self.clock.now()
            )
        log.info("group %s is now supergroup %s", old_chat_id, new_chat_id)
