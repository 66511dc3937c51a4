"""A team's school calendar: the country's public holidays and the team's own vacations
(pure: no I/O; the caller builds it from settings and stored vacations).

* A day is *closed* when it is a public holiday or falls in one of the team's vacations:
  no reminders and no team-meeting brief then.
* Vacations are inclusive ranges of local dates; they may overlap.
* Public holidays come from the `holidays` library (kept up to date upstream: Easter,
  Whit Monday and Koningsdag on a Sunday move every year), in Dutch where it has Dutch names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

import holidays

__all__ = [
    "NO_HOLIDAYS",
    "SchoolCalendar",
    "Vacation",
    "public_holidays",
]

NO_HOLIDAYS: Mapping[date, str] = MappingProxyType({})


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
