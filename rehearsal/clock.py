"""The room's clock: real time, sped up on request, or jumped ahead to a moment."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

SPEEDS = (1, 10, 60)


class RoomClock:
    """Runs `speed` times as fast as real time from the moment it was last set.

    `speed` is read by `bot.clock.real_seconds_until`, so the bot's wake-ups come on time in
    real time too. The clock never runs backwards.
    """

    def __init__(self, start: datetime | None = None, *, monotonic=time.monotonic) -> None:
        self._monotonic = monotonic
        self.speed = 1
        self._anchor = start or datetime.now(UTC)
        self._anchor_real = monotonic()

    def now(self) -> datetime:
        elapsed = self._monotonic() - self._anchor_real
        return self._anchor + timedelta(seconds=elapsed * self.speed)

    def set_speed(self, speed: int) -> None:
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}")
        self._anchor, self._anchor_real = self.now(), self._monotonic()
        self.speed = speed

    def jump_to(self, moment: datetime) -> None:
        """Move ahead to `moment` (a moment already past leaves the clock where it is)."""
        now = self.now()
        self._anchor, self._anchor_real = max(now, moment), self._monotonic()
