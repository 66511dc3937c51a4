"""Where a step's timing is decided.

Plain Python, no Telegram and no database: the session's durations, when hulpvragen are
posted, when the warning goes out, and when a step ends, given pauses and extensions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

# One hulpvraag for roughly every seven minutes of discussion: enough to keep a team
# going without drowning the conversation.
HULPVRAAG_INTERVAL = timedelta(minutes=7)
# The warning comes 15% of the step before its end, but never earlier than 3 minutes.
WARNING_LEAD_MAX = timedelta(minutes=3)
WARNING_LEAD_FRACTION = 0.15
ZERO = timedelta(0)


def split_seconds(total_minutes: int, shares: Sequence[int]) -> list[int]:
    """Seconds per step in proportion to the shares, adding up to exactly the total.

    Uses the largest-remainder method so rounding never loses or adds a second.
    """
    if total_minutes <= 0:
        raise ValueError("total_minutes must be positive")
    if not shares or any(share <= 0 for share in shares):
        raise ValueError("shares must be positive")
    total = total_minutes * 60
    weight = sum(shares)
    exact = [total * share / weight for share in shares]
    seconds = [int(value) for value in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: exact[i] - seconds[i], reverse=True)
    for i in by_remainder[: total - sum(seconds)]:
        seconds[i] += 1
    return seconds


def hulpvraag_order(count: int, *, seed: int) -> list[int]:
    """The order in which a step's hulpvragen are offered: random, but the same after a restart."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


@dataclass(frozen=True)
class StepClock:
    """A step's clock: it runs from `started_at`, stops while paused, and can be extended."""

    started_at: datetime
    planned: timedelta
    extra: timedelta = ZERO
    paused_total: timedelta = ZERO
    paused_at: datetime | None = None

    @property
    def duration(self) -> timedelta:
        return self.planned + self.extra

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def elapsed(self, now: datetime) -> timedelta:
        until = self.paused_at if self.paused_at is not None else now
        return max(ZERO, until - self.started_at - self.paused_total)

    def remaining(self, now: datetime) -> timedelta:
        return max(ZERO, self.duration - self.elapsed(now))

    def moment_of(self, offset: timedelta) -> datetime | None:
        """When the clock reaches `offset` into the step; None while paused."""
        if self.paused:
            return None
        return self.started_at + self.paused_total + offset

    def pause(self, now: datetime) -> StepClock:
        if self.paused:
            return self
        return StepClock(self.started_at, self.planned, self.extra, self.paused_total, now)

    def resume(self, now: datetime) -> StepClock:
        if self.paused_at is None:
            return self
        total = self.paused_total + max(ZERO, now - self.paused_at)
        return StepClock(self.started_at, self.planned, self.extra, total, None)

    def extend(self, by: timedelta) -> StepClock:
        return StepClock(
            self.started_at, self.planned, self.extra + by, self.paused_total, self.paused_at
        )


@dataclass(frozen=True)
class StepPlan:
    duration: timedelta
    hulpvraag_offsets: tuple[timedelta, ...]
    warning_offset: timedelta


def warning_lead(duration: timedelta) -> timedelta:
    return min(WARNING_LEAD_MAX, duration * WARNING_LEAD_FRACTION)


def plan_step(duration: timedelta, *, hulpvragen_available: int) -> StepPlan:
    """Spread the hulpvragen evenly over the part of the step before the warning."""
    lead = warning_lead(duration)
    count = 0
    if hulpvragen_available > 0:
        count = min(hulpvragen_available, max(1, round(duration / HULPVRAAG_INTERVAL)))
    window = duration - lead
    offsets = tuple(window * k / (count + 1) for k in range(1, count + 1))
    return StepPlan(duration=duration, hulpvraag_offsets=offsets, warning_offset=duration - lead)


class StepEvent(Enum):
    HULPVRAAG = "hulpvraag"
    WARNING = "warning"
    END = "end"


@dataclass(frozen=True)
class DueWork:
    events: tuple[StepEvent, ...]
    # How many hulpvragen count as posted after this round. When several fell due at once
    # (the bot was down), only one is posted and the others are skipped, not piled up.
    hulpvragen_posted: int


def due_work(
    clock: StepClock, plan: StepPlan, *, hulpvragen_posted: int, warned: bool, now: datetime
) -> DueWork:
    elapsed = clock.elapsed(now)
    if elapsed >= plan.duration:
        # A step that ran out (also while the bot was down) just ends: no late questions.
        return DueWork((StepEvent.END,), hulpvragen_posted)
    if clock.paused:
        return DueWork((), hulpvragen_posted)
    events: list[StepEvent] = []
    due_count = sum(1 for offset in plan.hulpvraag_offsets if offset <= elapsed)
    posted = hulpvragen_posted
    if due_count > hulpvragen_posted:
        events.append(StepEvent.HULPVRAAG)
        posted = due_count
    if not warned and elapsed >= plan.warning_offset:
        events.append(StepEvent.WARNING)
    return DueWork(tuple(events), posted)


def next_due_at(
    clock: StepClock, plan: StepPlan, *, hulpvragen_posted: int, warned: bool
) -> datetime | None:
    """The next moment something happens in this step; None while paused."""
    offsets = list(plan.hulpvraag_offsets[hulpvragen_posted:])
    if not warned:
        offsets.append(plan.warning_offset)
    offsets.append(plan.duration)
    return clock.moment_of(min(offsets))


def session_remaining(clock: StepClock, now: datetime, later_steps: Sequence[int]) -> timedelta:
    """Time left in the whole session: this step's remainder plus the planned later steps."""
    return clock.remaining(now) + timedelta(seconds=sum(later_steps))
