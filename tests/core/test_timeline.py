"""The step timeline: shares, extension, pause and restart maths."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.session.timeline import (
    StepClock,
    StepEvent,
    due_work,
    hulpvraag_order,
    next_due_at,
    plan_step,
    session_remaining,
    split_seconds,
)

T0 = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
SHARES = [20, 30, 30, 30, 40]


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (150, [1200, 1800, 1800, 1800, 2400]),
        (3, [24, 36, 36, 36, 48]),
        (300, [2400, 3600, 3600, 3600, 4800]),
    ],
)
def test_split_follows_the_manuals_shares(total, expected):
    assert split_seconds(total, SHARES) == expected


@pytest.mark.parametrize("total", [4, 7, 11, 97, 149, 151])
def test_split_never_loses_a_second(total):
    seconds = split_seconds(total, SHARES)
    assert sum(seconds) == total * 60
    # Proportions stay within a second of exact.
    for share, value in zip(SHARES, seconds, strict=True):
        assert abs(value - total * 60 * share / 150) < 1


def test_split_refuses_nonsense():
    with pytest.raises(ValueError):
        split_seconds(0, SHARES)
    with pytest.raises(ValueError):
        split_seconds(10, [1, 0])


def test_full_length_step_gets_spread_hulpvragen_and_a_warning_three_minutes_before_the_end():
    plan = plan_step(minutes(30), hulpvragen_available=8)
    assert len(plan.hulpvraag_offsets) == 4
    assert plan.warning_offset == minutes(27)
    gaps = [
        b - a
        for a, b in zip(
            (timedelta(0), *plan.hulpvraag_offsets), plan.hulpvraag_offsets, strict=False
        )
    ]
    assert max(gaps) - min(gaps) < timedelta(seconds=1)
    assert plan.hulpvraag_offsets[-1] < plan.warning_offset


def test_short_step_still_gets_one_hulpvraag_and_a_proportional_warning():
    plan = plan_step(timedelta(seconds=24), hulpvragen_available=6)
    assert len(plan.hulpvraag_offsets) == 1
    assert plan.warning_offset == timedelta(seconds=24 * 0.85)


def test_never_more_hulpvragen_than_the_card_has():
    assert len(plan_step(minutes(120), hulpvragen_available=3).hulpvraag_offsets) == 3
    assert plan_step(minutes(20), hulpvragen_available=0).hulpvraag_offsets == ()


def test_events_come_due_in_order():
    clock = StepClock(started_at=T0, planned=minutes(20))
    plan = plan_step(clock.duration, hulpvragen_available=8)
    first = plan.hulpvraag_offsets[0]
    assert due_work(clock, plan, hulpvragen_posted=0, warned=False, now=T0).events == ()
    work = due_work(clock, plan, hulpvragen_posted=0, warned=False, now=T0 + first)
    assert work.events == (StepEvent.HULPVRAAG,)
    assert work.hulpvragen_posted == 1
    at_warning = T0 + plan.warning_offset
    work = due_work(
        clock, plan, hulpvragen_posted=len(plan.hulpvraag_offsets), warned=False, now=at_warning
    )
    assert work.events == (StepEvent.WARNING,)
    assert due_work(clock, plan, hulpvragen_posted=3, warned=True, now=T0 + minutes(20)).events == (
        StepEvent.END,
    )


def test_after_downtime_one_hulpvraag_is_posted_not_a_pile():
    clock = StepClock(started_at=T0, planned=minutes(30))
    plan = plan_step(clock.duration, hulpvragen_available=8)
    work = due_work(clock, plan, hulpvragen_posted=0, warned=False, now=T0 + minutes(20))
    assert work.events == (StepEvent.HULPVRAAG,)
    assert work.hulpvragen_posted == 3


def test_a_step_that_ran_out_while_down_just_ends():
    clock = StepClock(started_at=T0, planned=minutes(30))
    plan = plan_step(clock.duration, hulpvragen_available=8)
    work = due_work(clock, plan, hulpvragen_posted=1, warned=False, now=T0 + minutes(45))
    assert work.events == (StepEvent.END,)


def test_pause_stops_the_clock_and_resume_keeps_the_remaining_time():
    clock = StepClock(started_at=T0, planned=minutes(20))
    paused = clock.pause(T0 + minutes(5))
    assert paused.remaining(T0 + minutes(60)) == minutes(15)
    assert (
        next_due_at(
            paused,
            plan_step(paused.duration, hulpvragen_available=5),
            hulpvragen_posted=0,
            warned=False,
        )
        is None
    )
    resumed = paused.resume(T0 + minutes(65))
    assert resumed.remaining(T0 + minutes(65)) == minutes(15)
    assert resumed.remaining(T0 + minutes(80)) == timedelta(0)
    # Pausing twice, and resuming an unpaused clock, change nothing.
    assert paused.pause(T0 + minutes(7)) == paused
    assert clock.resume(T0) == clock


def test_pauses_add_up():
    clock = StepClock(started_at=T0, planned=minutes(20))
    clock = clock.pause(T0 + minutes(2)).resume(T0 + minutes(4))
    clock = clock.pause(T0 + minutes(6)).resume(T0 + minutes(9))
    assert clock.paused_total == minutes(5)
    assert clock.elapsed(T0 + minutes(10)) == minutes(5)


def test_extend_moves_the_end_and_the_warning():
    clock = StepClock(started_at=T0, planned=minutes(20)).extend(minutes(5))
    plan = plan_step(clock.duration, hulpvragen_available=8)
    assert clock.remaining(T0 + minutes(20)) == minutes(5)
    assert plan.warning_offset == minutes(22)
    assert (
        due_work(clock, plan, hulpvragen_posted=4, warned=False, now=T0 + minutes(21)).events == ()
    )


def test_next_due_is_the_earliest_remaining_event():
    clock = StepClock(started_at=T0, planned=minutes(20))
    plan = plan_step(clock.duration, hulpvragen_available=8)
    assert (
        next_due_at(clock, plan, hulpvragen_posted=0, warned=False)
        == T0 + plan.hulpvraag_offsets[0]
    )
    n = len(plan.hulpvraag_offsets)
    assert next_due_at(clock, plan, hulpvragen_posted=n, warned=False) == T0 + plan.warning_offset
    assert next_due_at(clock, plan, hulpvragen_posted=n, warned=True) == T0 + minutes(20)


def test_restart_maths_same_state_same_answers():
    """The clock is rebuilt from stored numbers; a restart gives the same remaining time."""
    before = (
        StepClock(started_at=T0, planned=minutes(30)).pause(T0 + minutes(3)).resume(T0 + minutes(5))
    )
    stored = (
        before.started_at,
        before.planned,
        before.extra,
        before.paused_total,
        before.paused_at,
    )
    after = StepClock(*stored)
    now = T0 + minutes(17)
    assert after.remaining(now) == before.remaining(now) == minutes(15)


def test_session_remaining_adds_later_steps():
    clock = StepClock(started_at=T0, planned=minutes(20))
    assert session_remaining(clock, T0 + minutes(5), [1800, 1800]) == minutes(75)


def test_hulpvraag_order_is_stable_per_seed_and_a_permutation():
    assert hulpvraag_order(8, seed=42) == hulpvraag_order(8, seed=42)
    assert sorted(hulpvraag_order(8, seed=7)) == list(range(8))
