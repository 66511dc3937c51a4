"""A work session's state machine, over its stored row.

Every change of a session's status, its step, the step's clock, what the step already
posted, or its chair goes through one of these methods, and each ends by keeping
`next_due_at`: the wake-ups read only that indexed column, so a change that forgot it would
leave a session waiting for ever (or waking it for nothing). When things happen is
bot.core.session.timeline's to decide.

No database and no Telegram: a service loads (and locks) the row, calls a method, and
stores the row with the messages the change causes. It sits beside the services, not in
the core, because it changes the row and its SessionStatus, which the core may not import.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.session import timeline
from prompts import Deck
from storage.models import WorkSession
from storage.values import SessionStatus

# A session still gathering whose chair left, with nobody to take over, stops after this.
GATHERING_WITHOUT_CHAIR = timedelta(minutes=30)


class SessionState:
    """gathering -> running (steps 1..n, each with its clock) -> finished | stopped."""

    def __init__(self, row: WorkSession, deck: Deck) -> None:
        self.row = row
        self.deck = deck

    # --- reading -------------------------------------------------------------------------

    @property
    def clock(self) -> timeline.StepClock:
        """The running step's clock."""
        row = self.row
        assert row.step_started_at is not None
        return timeline.StepClock(
            started_at=row.step_started_at,
            planned=timedelta(seconds=row.step_seconds[row.current_step - 1]),
            extra=timedelta(seconds=row.step_extra_seconds),
            paused_total=timedelta(seconds=row.step_paused_seconds),
            paused_at=row.paused_at,
        )

    def _plan(self, clock: timeline.StepClock) -> timeline.StepPlan:
        step = self.deck.step(self.row.current_step)
        return timeline.plan_step(clock.duration, hulpvragen_available=len(step.hulpvragen))

    def due(self, now: datetime) -> timeline.DueWork:
        """What the running step has to do by `now`."""
        clock = self.clock
        return timeline.due_work(
            clock,
            self._plan(clock),
            hulpvragen_posted=self.row.hulpvragen_posted,
            warned=self.row.warned,
            now=now,
        )

    def step_due(self) -> datetime | None:
        """The running step's next hulpvraag moment, warning or end; None while paused,
        and when no step runs."""
        row = self.row
        if row.status != SessionStatus.RUNNING or row.step_started_at is None:
            return None
        clock = self.clock
        return timeline.next_due_at(
            clock, self._plan(clock), hulpvragen_posted=row.hulpvragen_posted, warned=row.warned
        )

    # --- the steps -----------------------------------------------------------------------

    def begin(self, now: datetime) -> None:
        """The chair begins: the session runs and its first step opens."""
        self.row.status = SessionStatus.RUNNING
        self.row.started_at = now
        self.open_step(1, now)

    def open_step(self, number: int, now: datetime) -> None:
        row = self.row
        row.current_step = number
        row.step_started_at = now
        row.step_extra_seconds = 0
        row.step_paused_seconds = 0
        row.paused_at = None
        row.hulpvragen_posted = 0
        row.warned = False
        self._keep_next_due()

    def done(self, due: timeline.DueWork) -> None:
        """The step's due work went out (its end aside: that opens the next step or
        finishes): the hulpvraag moments passed, the warning was given."""
        self.row.hulpvragen_posted = due.hulpvragen_posted
        if timeline.StepEvent.WARNING in due.events:
            self.row.warned = True
        self._keep_next_due()

    def extend(self, by: timedelta) -> None:
        # A fresh end deserves a fresh warning.
        self.row.warned = False
        self._keep_clock(self.clock.extend(by))

    def pause(self, now: datetime) -> None:
        self._keep_clock(self.clock.pause(now))

    def resume(self, now: datetime) -> None:
        self._keep_clock(self.clock.resume(now))

    def finish(self, status: SessionStatus, now: datetime) -> None:
        """Finished (the last step ended) or stopped: nothing is due any more."""
        assert status in (SessionStatus.FINISHED, SessionStatus.STOPPED)
        self.row.status = status
        self.row.finished_at = now
        self.row.paused_at = None
        self._keep_next_due()

    # --- the chair -----------------------------------------------------------------------

    def hand_to(self, user_id: int, *, present: bool = True) -> None:
        """The chair goes to this member. One present in the group ends a gathering's
        time-out; one who may have left the group too keeps it running, and when it falls
        due whether anybody chairs is looked at again."""
        self.row.chair_id = user_id
        if present and self.row.status == SessionStatus.GATHERING:
            self.row.next_due_at = None
        self._keep_next_due()

    def chair_gone(self, now: datetime) -> None:
        """The chair left and nobody takes over: a session still gathering stops after
        GATHERING_WITHOUT_CHAIR unless somebody chairs by then."""
        if self.row.status == SessionStatus.GATHERING:
            self.row.next_due_at = now + GATHERING_WITHOUT_CHAIR
        self._keep_next_due()

    # --- keeping next_due_at ---------------------------------------------------------------

    def _keep_clock(self, clock: timeline.StepClock) -> None:
        self.row.step_extra_seconds = round(clock.extra.total_seconds())
        self.row.step_paused_seconds = round(clock.paused_total.total_seconds())
        self.row.paused_at = clock.paused_at
        self._keep_next_due()

    def _keep_next_due(self) -> None:
        """Every change ends here. A gathering session's one moment, its time-out without
        a chair, is no rule of time but a moment set by chair_gone and ended by hand_to."""
        if self.row.status != SessionStatus.GATHERING:
            self.row.next_due_at = self.step_due()
