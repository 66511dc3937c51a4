"""A clock tests move by hand, and an event loop that keeps its time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **span: float) -> datetime:
        self._now += timedelta(**span)
        return self._now

    def set(self, moment: datetime) -> None:
        assert moment.tzinfo is not None
        self._now = moment


class ClockedEventLoop(asyncio.SelectorEventLoop):
    """An event loop whose time is a FakeClock's, for code that times itself with the loop
    (asyncio.sleep, wait_for, aiolimiter): its timers fire when the test moves the clock,
    never by themselves. Await nothing that only a timer can finish before moving it: the
    loop would wait for a time that does not come."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    def time(self) -> float:
        return self.clock.now().timestamp()

    async def settle(self) -> None:
        """Let every task run as far as it can without time passing. A handful of turns is
        plenty: what is left after them waits for a timer."""
        for _ in range(20):
            await asyncio.sleep(0)


class TickingClock(FakeClock):
    """Moves on a millisecond at every reading, as a real clock does between two reads."""

    def now(self) -> datetime:
        return self.advance(milliseconds=1)
