"""The one place the bot reads the current time, so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def real_seconds_until(clock: Clock, moment: datetime) -> float:
    """How long to wait in real time until `moment` shows on `clock`.

    The JobQueue waits in real time. A clock that runs faster than real time (the rehearsal
    room's, at 10x or 60x) says so with a `speed` attribute; every other clock runs at 1x.
    """
    seconds = (moment - clock.now()).total_seconds()
    speed = getattr(clock, "speed", 1.0) or 1.0
    return max(0.0, seconds / speed)
