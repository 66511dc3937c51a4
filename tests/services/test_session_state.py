"""The session's state machine (bot.services.session.state) on a row in memory: no database,
microseconds a test. The invariant the wake-ups rely on: after every change, `next_due_at`
is the first moment the session has something to do (nothing is due a moment before it,
something is due at it), and None while paused, finished or stopped; a gathering session has
one only while it waits, without chair, to time out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.session import timeline
from bot.core.session.timeline import StepEvent
from bot.services.session.state import GATHERING_WITHOUT_CHAIR, SessionState
from prompts import Deck
from storage.models import WorkSession
from storage.values import SessionStatus

T0 = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)
ANNA, BRAM = 1, 2


@pytest.fixture
def state(deck: Deck) -> SessionState:
    row = WorkSession(
        chat_id=-100,
        chair_id=ANNA,
        total_minutes=150,
        step_seconds=timeline.split_seconds(150, [s.minutes for s in deck.steps]),
        created_at=T0,
    )
    return SessionState(row, deck)


def keeps_next_due(state: SessionState) -> None:
    """What the wake-ups need of next_due_at, checked against the due work itself."""
    row = state.row
    if row.status != SessionStatus.RUNNING or row.paused_at is not None:
        assert row.next_due_at is None
        return
    due_at = row.next_due_at
    assert due_at is not None
    assert state.due(due_at - TICK).events == ()
    assert state.due(due_at).events != ()


def test_begin_runs_step_one_and_its_first_moment_is_due(state):
    state.begin(T0)
    row = state.row
    assert (row.status, row.started_at, row.current_step, row.step_started_at) == (
        SessionStatus.RUNNING,
        T0,
        1,
        T0,
    )
    keeps_next_due(state)
    assert T0 < row.next_due_at < T0 + timedelta(seconds=row.step_seconds[0])


def test_following_next_due_alone_runs_every_step_to_the_end(state, deck):
    """What process_due does: wake at next_due_at, do what is due, mark it done."""
    state.begin(T0)
    row = state.row
    seen: list[tuple[int, StepEvent]] = []
    while row.status == SessionStatus.RUNNING:
        now = row.next_due_at
        assert now is not None
        due = state.due(now)
        seen.extend((row.current_step, event) for event in due.events)
        if StepEvent.END not in due.events:
            state.done(due)
        elif row.current_step < len(deck.steps):
            state.open_step(row.current_step + 1, now)
        else:
            state.finish(SessionStatus.FINISHED, now)
        keeps_next_due(state)
    for step in deck.steps:
        events = [event for number, event in seen if number == step.number]
        plan = timeline.plan_step(
            timedelta(seconds=row.step_seconds[step.number - 1]),
            hulpvragen_available=len(step.hulpvragen),
        )
        assert events == [StepEvent.HULPVRAAG] * len(plan.hulpvraag_offsets) + [
            StepEvent.WARNING,
            StepEvent.END,
        ]
    assert row.finished_at == T0 + timedelta(seconds=sum(row.step_seconds))


def test_pause_holds_everything_and_resume_moves_it_by_the_pause(state):
    state.begin(T0)
    before = state.row.next_due_at
    state.pause(T0 + timedelta(minutes=5))
    keeps_next_due(state)
    assert state.row.paused_at == T0 + timedelta(minutes=5)
    assert state.due(T0 + timedelta(hours=5)).events == ()
    state.resume(T0 + timedelta(minutes=65))
    keeps_next_due(state)
    assert state.row.next_due_at == before + timedelta(hours=1)
    assert (state.row.paused_at, state.row.step_paused_seconds) == (None, 3600)


def test_an_extension_after_the_warning_earns_a_fresh_one(state):
    state.begin(T0)
    row = state.row
    end = T0 + timedelta(seconds=row.step_seconds[0])
    due = state.due(end - timedelta(minutes=1))
    assert StepEvent.WARNING in due.events
    state.done(due)
    keeps_next_due(state)
    assert (row.warned, row.next_due_at) == (True, end)
    state.extend(timedelta(minutes=10))
    keeps_next_due(state)
    assert row.warned is False and row.step_extra_seconds == 600
    assert end < row.next_due_at < end + timedelta(minutes=10)


def test_an_extension_while_paused_waits_for_the_resume(state):
    state.begin(T0)
    state.pause(T0 + timedelta(minutes=1))
    state.extend(timedelta(minutes=10))
    keeps_next_due(state)
    state.resume(T0 + timedelta(minutes=2))
    keeps_next_due(state)
    assert state.clock.remaining(T0 + timedelta(minutes=2)) == timedelta(
        seconds=state.row.step_seconds[0] + 600 - 60
    )


@pytest.mark.parametrize("status", [SessionStatus.FINISHED, SessionStatus.STOPPED])
def test_a_finished_or_stopped_session_has_nothing_due_even_if_paused(state, status):
    state.begin(T0)
    state.pause(T0 + timedelta(minutes=1))
    state.finish(status, T0 + timedelta(minutes=2))
    row = state.row
    assert (row.status, row.finished_at, row.paused_at, row.next_due_at) == (
        status,
        T0 + timedelta(minutes=2),
        None,
        None,
    )


def test_a_new_step_starts_its_clock_afresh(state):
    state.begin(T0)
    state.extend(timedelta(minutes=5))
    state.pause(T0 + timedelta(minutes=1))
    state.open_step(2, T0 + timedelta(minutes=3))
    row = state.row
    assert (row.current_step, row.step_started_at, row.paused_at) == (
        2,
        T0 + timedelta(minutes=3),
        None,
    )
    assert (row.step_extra_seconds, row.step_paused_seconds, row.hulpvragen_posted) == (0, 0, 0)
    keeps_next_due(state)


def test_a_gathering_without_chair_times_out_until_a_member_chairs(state):
    assert state.row.next_due_at is None
    state.chair_gone(T0)
    assert state.row.next_due_at == T0 + GATHERING_WITHOUT_CHAIR
    # Privacy's successor may have left the group too: the time-out looks again when due.
    state.hand_to(BRAM, present=False)
    assert (state.row.chair_id, state.row.next_due_at) == (BRAM, T0 + GATHERING_WITHOUT_CHAIR)
    state.hand_to(ANNA)
    assert (state.row.chair_id, state.row.next_due_at) == (ANNA, None)
    state.chair_gone(T0)
    state.finish(SessionStatus.STOPPED, T0 + GATHERING_WITHOUT_CHAIR)
    assert state.row.next_due_at is None


def test_beginning_ends_a_time_out_and_a_running_step_ignores_its_chair(state):
    state.chair_gone(T0)
    state.begin(T0 + timedelta(minutes=1))
    keeps_next_due(state)
    due = state.row.next_due_at
    state.chair_gone(T0 + timedelta(minutes=2))
    state.hand_to(BRAM)
    keeps_next_due(state)
    assert state.row.next_due_at == due
