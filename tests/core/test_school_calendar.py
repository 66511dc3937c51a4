"""Reminders that know the school year: public holidays (the real Dutch ones, from the
`holidays` library), the team's vacations, and overdue counts that pause while the team is
away. Fixed dates: Koningsdag 2027 is Tuesday 27 April, Christmas 2026 is Friday and
Saturday, the Christmas break here runs Saturday 19 December 2026 to Sunday 3 January 2027."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.core.actions.reminders import KINDS, WorkingHours, next_allowed_moment, plan_reminders
from bot.core.calendar.school_calendar import DayOff, SchoolCalendar, Vacation, public_holidays
from tests.core.test_reminders import AMS, as_local, assert_well_formed, local, naive

NL = SchoolCalendar(holidays=public_holidays("NL"))
CHRISTMAS_BREAK = Vacation(date(2026, 12, 19), date(2027, 1, 3))
TEAM = NL.with_vacations([CHRISTMAS_BREAK])


def plan(deadline: date, now: datetime, calendar: SchoolCalendar = NL, **kwargs):
    planned = plan_reminders(deadline=deadline, now=now, tz=AMS, calendar=calendar, **kwargs)
    assert_well_formed(planned, now)
    for reminder in planned:
        assert not calendar.closed(reminder.due_at.astimezone(AMS).date()), reminder
    return as_local(planned)


# ----------------------------------------------------------------- the calendar


def test_dutch_public_holidays_by_their_dutch_names() -> None:
    assert NL.holiday(date(2027, 4, 27)) == "Koningsdag"
    assert NL.holiday(date(2026, 12, 25)) == "Eerste kerstdag"
    assert NL.holiday(date(2026, 12, 26)) == "Tweede kerstdag"
    assert NL.holiday(date(2027, 1, 1)) == "Nieuwjaarsdag"
    assert NL.holiday(date(2027, 5, 6)) == "Hemelvaartsdag"
    assert NL.holiday(date(2026, 12, 24)) is None
    assert not NL.closed(date(2026, 12, 21)) and TEAM.closed(date(2026, 12, 21))


def test_holidays_switched_off_or_abroad() -> None:
    assert public_holidays("") == {}
    assert public_holidays(" ").get(date(2027, 4, 27)) is None
    belgian = public_holidays("be")
    assert belgian.get(date(2027, 4, 27)) is None  # no Koningsdag in Belgium
    assert belgian.get(date(2027, 7, 21)) is not None  # but a national day


def test_a_vacation_includes_its_last_day() -> None:
    assert date(2027, 1, 3) in CHRISTMAS_BREAK and date(2027, 1, 4) not in CHRISTMAS_BREAK
    assert CHRISTMAS_BREAK.days == 16
    with pytest.raises(ValueError):
        Vacation(date(2027, 1, 3), date(2026, 12, 19))


def test_days_are_counted_outside_vacations_only() -> None:
    team = SchoolCalendar(vacations=(CHRISTMAS_BREAK, Vacation(date(2027, 1, 5), date(2027, 1, 5))))
    assert team.nth_day_outside_vacations(date(2026, 12, 17), 1) == date(2026, 12, 18)
    assert team.nth_day_outside_vacations(date(2026, 12, 17), 2) == date(2027, 1, 4)
    assert team.nth_day_outside_vacations(date(2026, 12, 17), 3) == date(2027, 1, 6)
    assert NL.nth_day_outside_vacations(date(2026, 12, 17), 8) == date(2026, 12, 25)


@pytest.mark.parametrize(
    ("moment", "calendar", "expected"),
    [
        (local(2027, 4, 27, 9), NL, local(2027, 4, 28, 8)),  # Koningsdag -> Wednesday
        (local(2026, 4, 26, 9), NL, local(2026, 4, 28, 8)),  # Sunday, Koningsdag Monday 27th
        (local(2026, 12, 24, 17), NL, local(2026, 12, 24, 17)),  # Christmas Eve is open
        (local(2026, 12, 24, 18), NL, local(2026, 12, 28, 8)),  # over Christmas and weekend
        (local(2026, 12, 31, 19), NL, local(2027, 1, 4, 8)),  # Nieuwjaarsdag, weekend
        (local(2026, 12, 18, 12), TEAM, local(2026, 12, 18, 12)),  # last day before the break
        (local(2026, 12, 21, 9), TEAM, local(2027, 1, 4, 8)),  # in the break -> first working day
    ],
)
def test_next_allowed_moment_skips_holidays_and_vacations(moment, calendar, expected) -> None:
    assert next_allowed_moment(moment, tz=AMS, hours=WorkingHours(), calendar=calendar) == expected


# ----------------------------------------------------------------- Koningsdag 2027


def test_deadline_the_day_after_koningsdag() -> None:
    # The day before is Koningsdag: day_before comes on the last working day before it.
    # overdue_2 falls on Hemelvaartsdag (Thursday 6 May) and moves to Friday.
    assert plan(date(2027, 4, 28), local(2027, 4, 1, 10)) == [
        ("week_before", naive(2027, 4, 21)),
        ("day_before", naive(2027, 4, 26)),
        ("on_day", naive(2027, 4, 28)),
        ("overdue_1", naive(2027, 4, 29)),
        ("overdue_2", naive(2027, 5, 7, 8)),
        ("overdue_3", naive(2027, 5, 13)),
    ]


def test_deadline_on_koningsdag() -> None:
    expected_without_holidays = [
        ("week_before", naive(2027, 4, 20)),
        ("day_before", naive(2027, 4, 26)),
        ("on_day", naive(2027, 4, 27)),
        ("overdue_1", naive(2027, 4, 28)),
        ("overdue_2", naive(2027, 5, 5)),
        ("overdue_3", naive(2027, 5, 12)),
    ]
    now = local(2027, 4, 1, 10)
    assert plan(date(2027, 4, 27), now, SchoolCalendar()) == expected_without_holidays
    # No "vandaag" reminder on the holiday itself; the rest stays.
    assert plan(date(2027, 4, 27), now) == [
        kind for kind in expected_without_holidays if kind[0] != "on_day"
    ]


# ----------------------------------------------------------------- Christmas 2026


def test_deadline_on_christmas_day_without_a_team_vacation() -> None:
    assert plan(date(2026, 12, 25), local(2026, 12, 1, 10)) == [
        ("week_before", naive(2026, 12, 18)),
        ("day_before", naive(2026, 12, 24)),
        # on_day (Christmas) is dropped; overdue_1 (Tweede kerstdag, a Saturday) -> Monday.
        ("overdue_1", naive(2026, 12, 28, 8)),
        ("overdue_2", naive(2027, 1, 4, 8)),
        ("overdue_3", naive(2027, 1, 11, 8)),
    ]


def test_deadline_on_new_years_eve() -> None:
    assert plan(date(2026, 12, 31), local(2026, 12, 1, 10)) == [
        ("week_before", naive(2026, 12, 24)),
        ("day_before", naive(2026, 12, 30)),
        ("on_day", naive(2026, 12, 31)),
        ("overdue_1", naive(2027, 1, 4, 8)),  # Nieuwjaarsdag, then the weekend
        ("overdue_2", naive(2027, 1, 8)),
        ("overdue_3", naive(2027, 1, 15)),
    ]


# ----------------------------------------------------------------- the team's vacation


def test_deadline_in_the_christmas_break_one_reminder_on_the_first_working_day() -> None:
    # day_before comes on the last working day before the break; on_day and the overdue
    # reminders that fell in the break come back as one: overdue_1 on Monday 4 January;
    # then weekly again, counted from there.
    assert plan(date(2026, 12, 23), local(2026, 12, 1, 10), TEAM) == [
        ("week_before", naive(2026, 12, 16)),
        ("day_before", naive(2026, 12, 18)),
        ("overdue_1", naive(2027, 1, 4)),
        ("overdue_2", naive(2027, 1, 11)),
        ("overdue_3", naive(2027, 1, 18)),
    ]


def test_deadline_just_after_the_break_one_reminder_on_the_first_working_day() -> None:
    # week_before (29 December) moves to Monday 08:00 and day_before is Monday 09:00: one
    # a day, the later kind wins.
    assert plan(date(2027, 1, 5), local(2026, 12, 1, 10), TEAM) == [
        ("day_before", naive(2027, 1, 4)),
        ("on_day", naive(2027, 1, 5)),
        ("overdue_1", naive(2027, 1, 6)),
        ("overdue_2", naive(2027, 1, 13)),
        ("overdue_3", naive(2027, 1, 20)),
    ]


def test_overdue_counting_pauses_during_the_vacation() -> None:
    # Late since 10 December: 8 days late on Friday 18 December when the break starts; the
    # 15th late day is Sunday 10 January (not 25 December), so overdue_3 comes Monday.
    deadline, now = date(2026, 12, 10), local(2026, 12, 1, 10)
    assert plan(deadline, now, TEAM)[-3:] == [
        ("overdue_1", naive(2026, 12, 11)),
        ("overdue_2", naive(2026, 12, 18)),
        ("overdue_3", naive(2027, 1, 11, 8)),
    ]
    assert plan(deadline, now, NL)[-1] == ("overdue_3", naive(2026, 12, 28, 8))


def test_a_vacation_set_today_sends_no_reminder_twice() -> None:
    # overdue_1 went out this morning; then the chair set a vacation starting today. Planned
    # again, overdue_1 would come once more after the vacation: it is not.
    deadline, now = date(2026, 12, 17), local(2026, 12, 18, 10)
    team = NL.with_vacations([Vacation(date(2026, 12, 18), date(2027, 1, 3))])
    assert plan(deadline, now, team) == [
        ("overdue_1", naive(2027, 1, 4)),
        ("overdue_2", naive(2027, 1, 11)),
        ("overdue_3", naive(2027, 1, 18)),
    ]
    sent = KINDS[: KINDS.index("overdue_1") + 1]
    assert plan(deadline, now, team, sent=sent) == [
        ("overdue_2", naive(2027, 1, 11)),
        ("overdue_3", naive(2027, 1, 18)),
    ]


# ----------------------------------------------------------------- deadlines on days off


@pytest.mark.parametrize(
    ("day", "calendar", "why", "next_day"),
    [
        (date(2026, 12, 25), NL, DayOff("holiday", "Eerste kerstdag"), date(2026, 12, 28)),
        (date(2026, 12, 26), NL, DayOff("holiday", "Tweede kerstdag"), date(2026, 12, 28)),
        (date(2026, 11, 29), NL, DayOff("weekend"), date(2026, 11, 30)),
        (date(2026, 12, 22), TEAM, DayOff("vacation"), date(2027, 1, 4)),
        # Christmas in the team's break: the holiday's name is the telling reason.
        (date(2026, 12, 25), TEAM, DayOff("holiday", "Eerste kerstdag"), date(2027, 1, 4)),
        (date(2027, 4, 27), NL, DayOff("holiday", "Koningsdag"), date(2027, 4, 28)),
    ],
)
def test_a_day_off_and_the_next_working_day(day, calendar, why, next_day) -> None:
    assert calendar.day_off(day) == why
    assert calendar.next_working_day(day) == next_day
    assert calendar.day_off(next_day) is None


def test_a_working_day_is_no_day_off() -> None:
    assert NL.day_off(date(2026, 12, 24)) is None  # Christmas Eve is a working day
    assert NL.next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
