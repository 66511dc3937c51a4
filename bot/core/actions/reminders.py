"""Plan reminder moments for an action's deadline (pure: the caller passes `now`).

Rules (see plan_reminders):

* Nominal moments, all at `send_at` local time:
  week_before = deadline - 7 days (only when the deadline is more than 7 days after
  now's local date), day_before = the last working day before the deadline (a weekday of
  `hours` that is no public holiday or vacation day: Friday for a Monday or a Sunday
  deadline), on_day = deadline, overdue_1 = deadline + 1, overdue_2 = overdue_1 + 7,
  overdue_3 = overdue_1 + 14.
* Overdue days are counted outside the team's vacations only: an action does not grow
  more overdue while the team is away (overdue_1 is the first day after the deadline that
  is no vacation day; overdue_2 the 8th such day, overdue_3 the 15th).
* Each moment is moved forward into working hours with next_allowed_moment
  (Saturday 09:00 -> Monday 08:00; 07:00 -> 08:00 the same working day), past public
  holidays and vacation days of the team's SchoolCalendar (a Christmas-break moment moves
  to the first working day after the break).
* A reminder must stay truthful after moving: week_before/day_before must still land on a
  local date before the deadline, on_day must land on the deadline date itself. Otherwise
  it is dropped (e.g. a Monday deadline: day_before on Sunday would move to Monday 08:00,
  the deadline day itself, so it is dropped and on_day Monday 09:00 remains).
* Kinds stay in order, one a day: walking from the latest kind back, a kind whose moment
  is not on a local date strictly before the next kept (later) kind is dropped. So on a
  collision the later kind wins, a week_before moved past day_before disappears, and the
  moments a vacation swallowed come back as one reminder on its first working day.
* Kinds in `sent` were already sent for this deadline: they and every earlier kind are not
  planned again (a vacation set today must not send yesterday's reminder twice).
* Moments before `now` are dropped; a moment equal to `now` is kept.
* A deadline more than a day after now's local date always gets a reminder on or before
  its day: when none is left (say, made on Friday afternoon for Sunday), day_before comes
  at the next allowed moment, if that is still before the deadline day.
* All returned moments are aware UTC; local wall-clock times are built with zoneinfo, so
  09:00 stays 09:00 local across DST changes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.calendar.school_calendar import SchoolCalendar

__all__ = [
    "KINDS",
    "OPEN_CALENDAR",
    "PlannedReminder",
    "WorkingHours",
    "next_allowed_moment",
    "plan_reminders",
    "snooze_deadline",
]

KINDS: tuple[str, ...] = (
    "week_before",
    "day_before",
    "on_day",
    "overdue_1",
    "overdue_2",
    "overdue_3",
)

# Day offset from the deadline for each kind.
_OFFSETS: dict[str, int] = {
    "week_before": -7,
    "day_before": -1,
    "on_day": 0,
    "overdue_1": 1,
    "overdue_2": 8,
    "overdue_3": 15,
}


@dataclass(frozen=True)
class WorkingHours:
    """Local window in which reminders may be sent: [start, end) on the given weekdays."""

    start: time = time(8, 0)
    end: time = time(18, 0)
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset({0, 1, 2, 3, 4}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        if not self.start < self.end:
            raise ValueError("WorkingHours.start must be before WorkingHours.end")
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError("WorkingHours.weekdays must be a non-empty subset of 0..6")

    def allows(self, local: datetime) -> bool:
        return local.weekday() in self.weekdays and self.start <= local.time() < self.end


@dataclass(frozen=True)
class PlannedReminder:
    kind: str  # one of KINDS
    due_at: datetime  # aware, UTC


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


OPEN_CALENDAR = SchoolCalendar()
# Longer than any run of closed days a team can set (see bot.core.calendar.vacation_range).
_MAX_CLOSED_DAYS = 3 * 366


def next_allowed_moment(
    moment: datetime,
    *,
    tz: ZoneInfo,
    hours: WorkingHours,
    calendar: SchoolCalendar = OPEN_CALENDAR,
) -> datetime:
    """`moment` itself (in UTC) if inside working hours on an open day, else the start of
    the next window on a working day that is no public holiday or vacation day."""
    _require_aware(moment, "moment")
    local = moment.astimezone(tz)
    day = local.date()
    if hours.allows(local) and not calendar.closed(day):
        return moment.astimezone(UTC)
    if not (day.weekday() in hours.weekdays and local.time() < hours.start):
        day += timedelta(days=1)
    for _ in range(_MAX_CLOSED_DAYS):
        if day.weekday() in hours.weekdays and not calendar.closed(day):
            return datetime.combine(day, hours.start, tzinfo=tz).astimezone(UTC)
        day += timedelta(days=1)
    raise ValueError("the calendar leaves no working day")


def plan_reminders(
    *,
    deadline: date,
    now: datetime,
    tz: ZoneInfo,
    hours: WorkingHours = WorkingHours(),  # noqa: B008 - frozen, safe as a default
    send_at: time = time(9, 0),
    calendar: SchoolCalendar = OPEN_CALENDAR,
    sent: Collection[str] = (),
) -> list[PlannedReminder]:
    """Reminders still to send for an open action, sorted by due_at (see module docstring)."""
    _require_aware(now, "now")
    today_local = now.astimezone(tz).date()
    first_new = max((KINDS.index(kind) + 1 for kind in sent), default=0)

    candidates: list[PlannedReminder] = []
    for kind in KINDS[first_new:]:
        if kind == "week_before" and not deadline > today_local + timedelta(days=7):
            continue
        offset = _OFFSETS[kind]
        if kind == "day_before":
            day = _last_working_day_before(deadline, hours=hours, calendar=calendar)
        elif offset > 0:
            day = calendar.nth_day_outside_vacations(deadline, offset)
        else:
            day = deadline + timedelta(days=offset)
        nominal = datetime.combine(day, send_at, tzinfo=tz)
        moved = next_allowed_moment(nominal, tz=tz, hours=hours, calendar=calendar)
        moved_day = moved.astimezone(tz).date()
        if kind in ("week_before", "day_before") and moved_day >= deadline:
            continue
        if kind == "on_day" and moved_day != deadline:
            continue
        candidates.append(PlannedReminder(kind=kind, due_at=moved))

    # Keep kinds monotonic in time, at most one a day; on a tie the later kind wins.
    kept: list[PlannedReminder] = []
    for reminder in reversed(candidates):
        if kept and reminder.due_at.astimezone(tz).date() >= kept[-1].due_at.astimezone(tz).date():
            continue
        kept.append(reminder)
    kept.reverse()

    ahead = [r for r in kept if r.due_at >= now]
    if (
        deadline > today_local + timedelta(days=1)
        and first_new <= KINDS.index("day_before")
        and not any(r.due_at.astimezone(tz).date() <= deadline for r in ahead)
    ):
        soonest = next_allowed_moment(now, tz=tz, hours=hours, calendar=calendar)
        if soonest.astimezone(tz).date() < deadline:
            ahead.insert(0, PlannedReminder(kind="day_before", due_at=soonest))
    return ahead


def _last_working_day_before(
    deadline: date, *, hours: WorkingHours, calendar: SchoolCalendar
) -> date:
    """The last day before `deadline` on which a reminder may go out; the day before the
    deadline when there is none within reach (the moment then moves forward and is
    dropped as untruthful)."""
    day = deadline - timedelta(days=1)
    for _ in range(_MAX_CLOSED_DAYS):
        if day.weekday() in hours.weekdays and not calendar.closed(day):
            return day
        day -= timedelta(days=1)
    return deadline - timedelta(days=1)


def snooze_deadline(deadline: date, *, today: date) -> date:
    """'Een week later': 7 days after the deadline, or after today if the deadline has passed."""
    return max(deadline, today) + timedelta(days=7)
