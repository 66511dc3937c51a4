"""Reading a team's vacation, `/vakantie 21 december tot 3 januari` (pure: the caller
passes `today`). Each date is read like a deadline (bot.core.calendar.deadlines: the Dutch
own Dutch parser), so every date form the bot knows works here too.

* Between the dates: "tot", "tot en met", "t/m" or a dash; "van" in front is fine. The
  last date is part of the vacation ("21 december tot 3 januari": 3 januari is the last day
  off), as schools list their vacations; the confirmation says "t/m", so the chair sees it.
* "tot 3 januari" alone starts today. One date alone is a single day off (a studiedag). A week: "week 9" (the next ISO week 9
  that has not ended), "deze week", "volgende week" or "komende week", Monday to Sunday.
* The end is read from today; when that falls before the start (a range into a later year,
  "21 december 2027 tot 3 januari"), from the start.
* A vacation may already have begun: "30 november tot 4 december", said on 1 december, is
  this one. A start that names a day of the year ("30 november") and came out after the end
  is taken a year earlier.
* The end may not be in the past; a vacation lasts at most MAX_DAYS days.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from bot.core.calendar.deadlines import DeadlineError, parse_deadline
from bot.core.calendar.dutch_dates import monday_of_week
from bot.core.calendar.school_calendar import Vacation

__all__ = ["MAX_DAYS", "VacationError", "parse_vacation"]

MAX_DAYS = 100

Reason = Literal["empty", "no_end", "no_date", "past", "order", "too_long"]


class VacationError(ValueError):
    """Not a usable vacation: why, the part of the text it is about, and (for "past" and
    "too_long") what was understood."""

    def __init__(self, reason: Reason, part: str = "", vacation: Vacation | None = None):
        super().__init__(reason, part)
        self.reason: Reason = reason
        self.part = part
        self.vacation = vacation


_SEPARATOR = re.compile(r"\s+(?:tot\s+en\s+met|t\s*/\s*m|tot)\s+|\s+[-–—]\s+")
_FROM = re.compile(r"^van(?:af)?\s+")
_UNTIL = re.compile(r"^(?:tot\s+en\s+met|t\s*/\s*m|tot)\s+")
_OPEN_END = re.compile(r"\s(?:tot(?:\s+en\s+met)?|t\s*/\s*m|[-–—])$")
_WEEK_NUMBER = re.compile(r"^(?:in\s+)?week\s+(\d{1,2})$")
# Input vocabulary: whole weeks as members name them.
_WEEK_WORDS = {"deze week": 0, "volgende week": 1, "komende week": 1}


def _week(text: str, today: date) -> Vacation | None:
    """A whole week, Monday to Sunday, when `text` names one."""
    if text in _WEEK_WORDS:
        monday = monday_of_week(today) + timedelta(weeks=_WEEK_WORDS[text])
        return Vacation(monday, monday + timedelta(days=6))
    if match := _WEEK_NUMBER.match(text):
        number = int(match[1])
        for year in (today.year, today.year + 1):
            try:
                monday = date.fromisocalendar(year, number, 1)
            except ValueError:
                continue
            if monday + timedelta(days=6) >= today:
                return Vacation(monday, monday + timedelta(days=6))
        raise VacationError("no_date", text)
    return None


def _read(part: str, today: date) -> date:
    """A date, also one in the past (the range decides whether that is fine)."""
    try:
        return parse_deadline(part, today=today)
    except DeadlineError as exc:
        if exc.is_date and exc.understood is not None:
            return exc.understood
        raise VacationError("no_date", part) from None


def _a_year_earlier(day: date) -> date | None:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 februari
        return None


def _range(start_text: str, end_text: str, today: date) -> Vacation:
    start = _read(start_text, today)
    end = _read(end_text, today)
    if end < start:
        earlier = _a_year_earlier(start)
        if earlier is not None and earlier <= end and _read(start_text, earlier) == earlier:
            start = earlier  # begun already: not next year's
        else:
            end = _read(end_text, start)
    if end < start:
        raise VacationError("order", end_text)
    return Vacation(start, end)


def parse_vacation(text: str, *, today: date) -> Vacation:
    """The vacation `text` names, or VacationError."""
    text = " ".join(text.lower().split())
    text = _FROM.sub("", text)
    if not text:
        raise VacationError("empty")
    if _OPEN_END.search(text):
        raise VacationError("no_end", text)
    parts = _SEPARATOR.split(text, maxsplit=1)
    if _UNTIL.match(text):  # "tot 3 januari": from today
        end = _read(_UNTIL.sub("", text), today)
        if end < today:
            raise VacationError("past", text, Vacation(end, end))
        vacation = Vacation(today, end)
    elif len(parts) == 2:
        vacation = _range(parts[0].strip(), parts[1].strip(), today)
    else:
        vacation = _week(text, today) or Vacation(*[_read(text, today)] * 2)
    if vacation.end < today:
        raise VacationError("past", text, vacation)
    if vacation.days > MAX_DAYS:
        raise VacationError("too_long", text, vacation)
    return vacation
