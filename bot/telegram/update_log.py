"""Which Telegram updates were taken on, and the whole text of those a handler failed on.

A crash before Telegram hears back (webhook), or a replay of the same update id, must not
record an answer or an action twice; and an update a handler failed on is kept whole, so
what the member typed can still be recovered.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.engine import Engine

from bot.clock import Clock
from storage.db import session_scope
from storage.repo import updates as update_rows

log = logging.getLogger(__name__)

KEEP_IDS_FOR = timedelta(days=3)


class UpdateLog:
    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        # Names this process's claims; a new one at every start.
        self.process_id = uuid.uuid4().hex
        # The newest update this process finished (or dropped as a duplicate).
        self.handled_through = 0

    def claim(self, update_ids: Sequence[int]) -> set[int]:
        """The ids that are new (or whose earlier taker died); the rest are duplicates."""
        with session_scope(self.engine) as db:
            return update_rows.claim_updates(
                db, update_ids=update_ids, process_id=self.process_id, now=self.clock.now()
            )

    def finish(self, update_ids: Sequence[int]) -> None:
        with session_scope(self.engine) as db:
            update_rows.finish_updates(db, update_ids=update_ids)

    def note_handled(self, update_id: int) -> None:
        self.handled_through = max(self.handled_through, update_id)

    def keep_unhandled(
        self, *, update_id: int, chat_id: int | None, payload: dict, error: str
    ) -> None:
        with session_scope(self.engine) as db:
            update_rows.keep_unhandled_update(
                db,
                update_id=update_id,
                chat_id=chat_id,
                payload=payload,
                error=error,
                now=self.clock.now(),
            )

    def prune(self) -> None:
        with session_scope(self.engine) as db:
            update_rows.forget_update_ids(db, claimed_before=self.clock.now() - KEEP_IDS_FOR)
