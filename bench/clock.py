"""A clock that runs faster than real time, shared by the driver and the bot process.

Scenarios that span minutes of the bot's time (a live session, a reminder burst at
Telegram's 30 messages a second) run at `speed` times real time so `make bench` stays
short. Everything time-based inside the bot is scaled with it: its clock, its wake-up jobs
(see bench.botproc) and so Telegram's pace, which the outbox keeps on that clock; members'
timing is honoured in the bot's time. Real CPU and memory are not scaled.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class ScaledClock:
    def __init__(self, *, start: datetime, epoch: float, speed: float) -> None:
        assert start.tzinfo is not None
        self.start = start
        self.epoch = epoch  # the real time.time() at which the clock showed `start`
        self.speed = speed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.time() - self.epoch) * self.speed)

    def real_time_of(self, moment: datetime) -> float:
        """The real time.time() at which this clock shows `moment`."""
        return self.epoch + (moment - self.start).total_seconds() / self.speed

    def to_env(self) -> dict[str, str]:
        return {
            "BENCH_CLOCK_START": self.start.isoformat(),
            "BENCH_CLOCK_EPOCH": repr(self.epoch),
            "BENCH_SPEED": repr(self.speed),
        }

    @classmethod
    def from_env(cls, env) -> ScaledClock | None:
        if "BENCH_CLOCK_START" not in env:
            return None
        return cls(
            start=datetime.fromisoformat(env["BENCH_CLOCK_START"]),
            epoch=float(env["BENCH_CLOCK_EPOCH"]),
            speed=float(env["BENCH_SPEED"]),
        )


# A Tuesday morning in Amsterdam: within the reminders' working hours.
TUESDAY_MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
