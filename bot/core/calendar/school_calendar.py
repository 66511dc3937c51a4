"""A team's school calendar: the country's public holidays and the team's own vacations
(pure: no I/O; the caller builds it from settings and stored vacations).

* A day is *closed* when it is a public holiday or falls in one of the team's vacations:
  no reminders and no team-meeting brief then.
* Vacations are inclusive ranges of local dates; they may overlap.
* A *working day* is a weekday (Monday to Friday) that is not closed. A deadline on any
  other day is worth a word, with the next working day offered instead (`day_off`,
  `next_working_day`).
* Public holidays come from the `holidays` library (kept up to date upstream: Easter,
  Whit Monday and Koningsdag on a Sunday move every year), in Dutch where it has Dutch names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

import holidays

__all__ = [
    "NO_HOLIDAYS",
    "DayOff",
    "SchoolCalendar",
    "Vacation",
    "public_holidays",
]

NO_HOLIDAYS: Mapping[date, str] = MappingProxyType({})
WORKING_WEEKDAYS = frozenset(range(5))
# Longer than any run of closed days a team can set (see bot.core.calendar.vacation_range).
_MAX_DAYS_OFF = 3 * 366


def public_holidays(country: str) -> Mapping[date, str]:
    """The public holidays of `country` (ISO code, e.g. "NL"); none for an empty code.
    The mapping fills in each year when it is first asked about."""
    country = country.strip().upper()
    if not country:
        return NO_HOLIDAYS
    dutch = "nl" in holidays.list_localized_countries().get(country, [])
    return holidays.country_holidays(country, language="nl" if dutch else None)


@dataclass(frozen=True)
class Vacation:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a vacation ends on or after its first day")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class DayOff:
    """Why a day is no working day. A holiday wins over a vacation, a vacation over the
    weekend: the most telling reason is the one a member reads."""

    why: Literal["holiday", "vacation", "weekend"]
    holiday: str | None = None  # the holiday's name


@dataclass(frozen=True)
class SchoolCalendar:
    holidays: Mapping[date, str] = field(default_factory=lambda: NO_HOLIDAYS)
    vacations: tuple[Vacation, ...] = ()

    def with_vacations(self, vacations: Iterable[Vacation]) -> SchoolCalendar:
        return SchoolCalendar(holidays=self.holidays, vacations=tuple(vacations))

    def holiday(self, day: date) -> str | None:
        return self.holidays.get(day)

    def vacation_on(self, day: date) -> Vacation | None:
        return next((v for v in self.vacations if day in v), None)

    def on_vacation(self, day: date) -> bool:
        return self.vacation_on(day) is not None

    def closed(self, day: date) -> bool:
        return self.on_vacation(day) or self.holiday(day) is not None

    def day_off(self, day: date) -> DayOff | None:
        """Why `day` is no working day; None for a working day."""
        if (name := self.holiday(day)) is not None:
            return DayOff("holiday", name)
        if self.on_vacation(day):
            return DayOff("vacation")
        if day.weekday() not in WORKING_WEEKDAYS:
            return DayOff("weekend")
        return None

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`."""
        for _ in range(_MAX_DAYS_OFF):
            day += timedelta(days=1)
            if self.day_off(day) is None:
                return day
        raise ValueError("the calendar leaves no working day")

    def nth_day_outside_vacations(self, after: date, n: int) -> date:
        """The `n`-th day after `after` that is no vacation day: the team's clock stands
        still while it is away (public holidays do count: they are single days)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day, seen = after, 0
        while True:
            day += timedelta(days=1)
            if (vacation := self.vacation_on(day)) is not None:
                day = vacation.end  # over the whole vacation at once
                continue
            seen += 1
            if seen == n:
                return day
