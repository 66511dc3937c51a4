"""Reading /vakantie: two Dutch dates (or a week, or one day), across the turn of the year,
also when the vacation has already begun. Today is Tuesday 1 December 2026."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.calendar.school_calendar import Vacation
from bot.core.calendar.vacation_range import VacationError, parse_vacation

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("21 december tot 3 januari", date(2026, 12, 21), date(2027, 1, 3)),
        ("van 21 december t/m 3 januari", date(2026, 12, 21), date(2027, 1, 3)),
        ("Van 21 December tot en met 3 januari 2027", date(2026, 12, 21), date(2027, 1, 3)),
        ("21-12 - 3-1", date(2026, 12, 21), date(2027, 1, 3)),
        ("21 december 2027 tot 3 januari", date(2027, 12, 21), date(2028, 1, 3)),
        # Begun already: this year's, not next year's.
        ("30 november tot 4 december", date(2026, 11, 30), date(2026, 12, 4)),
        ("gisteren tot vrijdag", date(2026, 11, 30), date(2026, 12, 4)),
        ("maandag tot vrijdag", date(2026, 12, 7), date(2026, 12, 11)),
        ("tot 3 januari", date(2026, 12, 1), date(2027, 1, 3)),
        ("27 april", date(2027, 4, 27), date(2027, 4, 27)),  # a single day off
        ("volgende week", date(2026, 12, 7), date(2026, 12, 13)),
        ("week 9", date(2027, 3, 1), date(2027, 3, 7)),
        ("week 49", date(2026, 11, 30), date(2026, 12, 6)),  # this week, not over yet
    ],
)
def test_vacations_as_teams_write_them(text: str, first: date, last: date) -> None:
    assert parse_vacation(text, today=TODAY) == Vacation(first, last)


@pytest.mark.parametrize(
    ("text", "reason", "part"),
    [
        ("", "empty", ""),
        ("kerst", "no_date", "kerst"),
        ("21 december tot", "no_end", "21 december tot"),
        ("21 december tot de kerst", "no_date", "de kerst"),
        ("week 60", "no_date", "week 60"),
        ("1 januari tot 1 juni", "too_long", "1 januari tot 1 juni"),
        ("20 november tot 25 november 2026", "past", "20 november tot 25 november 2026"),
        ("4 januari 2027 tot 3 januari 2027", "order", "3 januari 2027"),
    ],
)
def test_what_is_no_vacation_says_why(text: str, reason: str, part: str) -> None:
    with pytest.raises(VacationError) as caught:
        parse_vacation(text, today=TODAY)
    assert (caught.value.reason, caught.value.part) == (reason, part)


def test_a_refused_vacation_says_what_was_understood() -> None:
    with pytest.raises(VacationError) as caught:
        parse_vacation("1 januari tot 1 juni", today=TODAY)
    assert caught.value.vacation == Vacation(date(2027, 1, 1), date(2027, 6, 1))
