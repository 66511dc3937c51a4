from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.actions.reminders import (
    KINDS,
    PlannedReminder,
    WorkingHours,
    next_allowed_moment,
    plan_reminders,
    snooze_deadline,
)

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = WorkingHours()


def local(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=AMS)


def as_local(plan: list[PlannedReminder]) -> list[tuple[str, datetime]]:
    return [(r.kind, r.due_at.astimezone(AMS).replace(tzinfo=None)) for r in plan]


def naive(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi)


def assert_well_formed(plan: list[PlannedReminder], now: datetime) -> None:
    for r in plan:
        assert r.due_at.tzinfo is UTC
        assert r.due_at >= now
        loc = r.due_at.astimezone(AMS)
        assert loc.weekday() < 5 and time(8) <= loc.time() < time(18)
    assert [r.due_at for r in plan] == sorted(r.due_at for r in plan)
    assert len({r.due_at for r in plan}) == len(plan)
    order = [KINDS.index(r.kind) for r in plan]
    assert order == sorted(order)


# ----------------------------------------------------------------- next_allowed_moment


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(2026, 11, 24, 10), local(2026, 11, 24, 10)),  # Tuesday 10:00: allowed
        (local(2026, 11, 24, 8), local(2026, 11, 24, 8)),  # start is inclusive
        (local(2026, 11, 24, 6), local(2026, 11, 24, 8)),  # Tuesday early -> 08:00
        (local(2026, 11, 24, 18), local(2026, 11, 25, 8)),  # end is exclusive
        (local(2026, 11, 27, 19), local(2026, 11, 30, 8)),  # Friday evening -> Monday
        (local(2026, 11, 28, 12), local(2026, 11, 30, 8)),  # Saturday -> Monday
        (local(2026, 11, 29, 7), local(2026, 11, 30, 8)),  # Sunday -> Monday
    ],
)
def test_next_allowed_moment(moment: datetime, expected: datetime) -> None:
    result = next_allowed_moment(moment, tz=AMS, hours=HOURS)
    assert result == expected
    assert result.tzinfo is UTC


def test_next_allowed_moment_accepts_any_aware_input() -> None:
    # Friday 18:30 UTC is 19:30 in Amsterdam (winter) -> Monday 08:00 local = 07:00 UTC.
    result = next_allowed_moment(datetime(2026, 11, 27, 18, 30, tzinfo=UTC), tz=AMS, hours=HOURS)
    assert result == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def test_next_allowed_moment_rejects_naive() -> None:
    with pytest.raises(ValueError):
        next_allowed_moment(datetime(2026, 11, 27, 9), tz=AMS, hours=HOURS)


def test_working_hours_validation() -> None:
    with pytest.raises(ValueError):
        WorkingHours(start=time(18), end=time(8))
    with pytest.raises(ValueError):
        WorkingHours(weekdays=frozenset())
    assert WorkingHours(weekdays={0, 2}).weekdays == frozenset({0, 2})  # type: ignore[arg-type]


# ----------------------------------------------------------------- plan_reminders


def test_deadline_three_weeks_out_gives_six_reminders() -> None:
    now = local(2026, 11, 18, 10)  # Wednesday
    plan = plan_reminders(deadline=date(2026, 12, 9), now=now, tz=AMS)
    assert as_local(plan) == [
        ("week_before", naive(2026, 12, 2)),
        ("day_before", naive(2026, 12, 8)),
        ("on_day", naive(2026, 12, 9)),
        ("overdue_1", naive(2026, 12, 10)),
        ("overdue_2", naive(2026, 12, 17)),
        ("overdue_3", naive(2026, 12, 24)),
    ]
    # Winter time: 09:00 in Amsterdam is 08:00 UTC.
    assert all(r.due_at.hour == 8 and r.due_at.tzinfo is UTC for r in plan)
    assert_well_formed(plan, now)


def test_deadline_in_three_days_has_no_week_before() -> None:
    now = local(2026, 11, 23, 10)  # Monday
    plan = plan_reminders(deadline=date(2026, 11, 26), now=now, tz=AMS)
    assert as_local(plan) == [
        ("day_before", naive(2026, 11, 25)),
        ("on_day", naive(2026, 11, 26)),
        ("overdue_1", naive(2026, 11, 27)),
        ("overdue_2", naive(2026, 12, 4)),
        ("overdue_3", naive(2026, 12, 11)),
    ]
    assert_well_formed(plan, now)


@pytest.mark.parametrize(("days_ahead", "has_week_before"), [(7, False), (8, True)])
def test_week_before_only_when_more_than_seven_days_ahead(
    days_ahead: int, has_week_before: bool
) -> None:
    now = local(2026, 11, 23, 7)  # Monday, before 09:00
    plan = plan_reminders(deadline=date(2026, 11, 23) + timedelta(days=days_ahead), now=now, tz=AMS)
    assert ("week_before" in [r.kind for r in plan]) is has_week_before


def test_monday_deadline_is_announced_on_the_friday_before() -> None:
    # day_before is the last working day before the deadline, not the Sunday.
    now = local(2026, 11, 16, 10)
    plan = plan_reminders(deadline=date(2026, 12, 7), now=now, tz=AMS)
    assert as_local(plan) == [
        ("week_before", naive(2026, 11, 30)),
        ("day_before", naive(2026, 12, 4)),
        ("on_day", naive(2026, 12, 7)),
        ("overdue_1", naive(2026, 12, 8)),
        ("overdue_2", naive(2026, 12, 15)),
        ("overdue_3", naive(2026, 12, 22)),
    ]
    assert_well_formed(plan, now)


def test_saturday_deadline() -> None:
    # week_before (Sat) -> Monday 08:00; day_before Friday 09:00 stays; on_day would move
    # to Monday (after the deadline) and is dropped; overdue_1 (Sun) -> Monday 08:00.
    now = local(2026, 11, 16, 10)
    plan = plan_reminders(deadline=date(2026, 12, 12), now=now, tz=AMS)
    assert as_local(plan) == [
        ("week_before", naive(2026, 12, 7, 8)),
        ("day_before", naive(2026, 12, 11)),
        ("overdue_1", naive(2026, 12, 14, 8)),
        ("overdue_2", naive(2026, 12, 21, 8)),
        ("overdue_3", naive(2026, 12, 28, 8)),
    ]
    assert_well_formed(plan, now)


def test_sunday_deadline() -> None:
    # on_day (Sun) would become Monday, after the deadline: dropped. day_before is the
    # Friday, so the owner hears about it before the deadline, not only as overdue.
    now = local(2026, 11, 16, 10)
    plan = plan_reminders(deadline=date(2026, 12, 13), now=now, tz=AMS)
    assert as_local(plan) == [
        ("week_before", naive(2026, 12, 7, 8)),
        ("day_before", naive(2026, 12, 11)),
        ("overdue_1", naive(2026, 12, 14)),
        ("overdue_2", naive(2026, 12, 21)),
        ("overdue_3", naive(2026, 12, 28)),
    ]
    assert_well_formed(plan, now)


@pytest.mark.parametrize("weekday", range(7))
def test_an_action_due_in_seven_days_is_reminded_before_its_deadline(weekday: int) -> None:
    # The reported case: "over 1 week" made on a Sunday lands on a Sunday; the first
    # message used to be "te laat".
    now = local(2026, 11, 22 + weekday, 14)
    deadline = now.date() + timedelta(days=7)
    plan = plan_reminders(deadline=deadline, now=now, tz=AMS)
    before = [r for r in plan if r.due_at.astimezone(AMS).date() < deadline]
    assert [r.kind for r in before] == ["day_before"]
    assert_well_formed(plan, now)


@pytest.mark.parametrize(
    ("now", "deadline", "expected"),
    [
        # Friday afternoon, due Sunday: no working day left but today -> at once.
        (local(2026, 11, 27, 14), date(2026, 11, 29), ("day_before", naive(2026, 11, 27, 14))),
        # Friday evening, due Sunday: nothing before the deadline can be sent, none planned.
        (local(2026, 11, 27, 19), date(2026, 11, 29), None),
        # Friday afternoon, due Monday: on_day is Monday 09:00, that is enough.
        (local(2026, 11, 27, 14), date(2026, 11, 30), ("on_day", naive(2026, 11, 30))),
        # Due tomorrow, after 09:00: no promise, no reminder at once.
        (local(2026, 11, 24, 14), date(2026, 11, 25), ("on_day", naive(2026, 11, 25))),
    ],
)
def test_the_first_reminder_when_little_time_is_left(now, deadline, expected) -> None:
    plan = plan_reminders(deadline=deadline, now=now, tz=AMS)
    first = as_local(plan)[0]
    if expected is None:
        assert first[0] == "overdue_1"
    else:
        assert first == expected
    assert_well_formed(plan, now)


def test_collision_keeps_the_later_kind() -> None:
    # Only Mondays allowed, send_at 07:00: week_before (Tue 8 Dec 07:00) and day_before
    # (Mon 14 Dec 07:00) both move to Mon 14 Dec 08:00 -> keep day_before only.
    hours = WorkingHours(weekdays=frozenset({0}))
    now = local(2026, 11, 30, 10)
    plan = plan_reminders(
        deadline=date(2026, 12, 15), now=now, tz=AMS, hours=hours, send_at=time(7, 0)
    )
    assert as_local(plan) == [
        ("day_before", naive(2026, 12, 14, 8)),
        ("overdue_1", naive(2026, 12, 21, 8)),
        ("overdue_2", naive(2026, 12, 28, 8)),
        ("overdue_3", naive(2027, 1, 4, 8)),
    ]


def test_send_at_before_window_moves_to_start() -> None:
    now = local(2026, 11, 18, 10)
    plan = plan_reminders(deadline=date(2026, 12, 9), now=now, tz=AMS, send_at=time(7, 0))
    assert len(plan) == 6
    assert all(r.due_at.astimezone(AMS).time() == time(8, 0) for r in plan)
    assert_well_formed(plan, now)


def test_custom_working_hours() -> None:
    hours = WorkingHours(start=time(10, 0), end=time(16, 0))
    now = local(2026, 11, 18, 10)
    plan = plan_reminders(deadline=date(2026, 12, 9), now=now, tz=AMS, hours=hours)
    assert [r.due_at.astimezone(AMS).time() for r in plan] == [time(10, 0)] * 6
    # Inside the window send_at is kept as is.
    plan = plan_reminders(
        deadline=date(2026, 12, 9), now=now, tz=AMS, hours=hours, send_at=time(13, 30)
    )
    assert [r.due_at.astimezone(AMS).time() for r in plan] == [time(13, 30)] * 6


def test_dst_end_october() -> None:
    # DST ends Sunday 25 October 2026: 09:00 local is 07:00 UTC before, 08:00 UTC after.
    now = local(2026, 10, 12, 10)
    plan = plan_reminders(deadline=date(2026, 10, 28), now=now, tz=AMS)
    assert [r.due_at.astimezone(AMS).time() for r in plan] == [time(9, 0)] * 6
    utc = {r.kind: r.due_at for r in plan}
    assert utc["week_before"] == datetime(2026, 10, 21, 7, 0, tzinfo=UTC)
    assert utc["day_before"] == datetime(2026, 10, 27, 8, 0, tzinfo=UTC)
    assert utc["on_day"] == datetime(2026, 10, 28, 8, 0, tzinfo=UTC)
    assert_well_formed(plan, now)


def test_dst_start_march() -> None:
    # DST starts Sunday 28 March 2027: 09:00 local is 08:00 UTC before, 07:00 UTC after.
    now = local(2027, 3, 15, 10)
    plan = plan_reminders(deadline=date(2027, 3, 30), now=now, tz=AMS)
    utc = {r.kind: r.due_at for r in plan}
    assert utc["week_before"] == datetime(2027, 3, 23, 8, 0, tzinfo=UTC)
    assert utc["day_before"] == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    assert utc["overdue_3"] == datetime(2027, 4, 14, 7, 0, tzinfo=UTC)
    assert_well_formed(plan, now)


def test_nothing_in_the_past() -> None:
    deadline = date(2026, 12, 9)
    # On the deadline day after 09:00: only the overdue reminders remain.
    now = local(2026, 12, 9, 10)
    assert [r.kind for r in plan_reminders(deadline=deadline, now=now, tz=AMS)] == [
        "overdue_1",
        "overdue_2",
        "overdue_3",
    ]
    # Exactly at a reminder moment it is still due.
    now = local(2026, 12, 9, 9)
    assert plan_reminders(deadline=deadline, now=now, tz=AMS)[0].kind == "on_day"
    # Well past the deadline: only what is still ahead, and finally nothing.
    now = local(2026, 12, 20, 12)
    assert [r.kind for r in plan_reminders(deadline=deadline, now=now, tz=AMS)] == ["overdue_3"]
    assert plan_reminders(deadline=deadline, now=local(2027, 1, 5), tz=AMS) == []


def test_now_may_be_given_in_utc() -> None:
    now_utc = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    plan = plan_reminders(deadline=date(2026, 12, 9), now=now_utc, tz=AMS)
    assert len(plan) == 6
    assert_well_formed(plan, now_utc)


def test_plan_rejects_naive_now() -> None:
    with pytest.raises(ValueError):
        plan_reminders(deadline=date(2026, 12, 9), now=datetime(2026, 11, 18, 9), tz=AMS)


# ----------------------------------------------------------------- snooze


@pytest.mark.parametrize(
    ("deadline", "today", "expected"),
    [
        (date(2026, 12, 9), date(2026, 11, 22), date(2026, 12, 16)),
        (date(2026, 11, 22), date(2026, 11, 22), date(2026, 11, 29)),
        (date(2026, 11, 1), date(2026, 11, 22), date(2026, 11, 29)),
    ],
)
def test_snooze_deadline(deadline: date, today: date, expected: date) -> None:
    assert snooze_deadline(deadline, today=today) == expected
