"""The team's recurring meeting: reading `/teamoverleg dinsdag 15:30 elke 2 weken` and finding
the next meetings (pure: the caller passes the moment and the time zone).

* Day: a weekday name or abbreviation ("dinsdag", "di"), optionally after "op"/"elke".
* Time: "15:30", "15.30", "15u30", "15 uur" or "9u", optionally after "om".
* Rhythm: "elke week"/"wekelijks" (the default), "elke 2 weken"/"elke twee weken"/
  "om de 2 weken", and "om de week"/"tweewekelijks" (both: every other week).
* Meetings are wall-clock times in the given zone, so 15:30 stays 15:30 across DST.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.calendar.dutch_dates import NUMBER_WORDS, WEEKDAY_WORDS

__all__ = [
    "MAX_EVERY_WEEKS",
    "MeetingReason",
    "MeetingSchedule",
    "MeetingTimeError",
    "following_meeting",
    "next_meeting",
    "parse_meeting_schedule",
]

MAX_EVERY_WEEKS = 8


class MeetingReason(StrEnum):
    """Why a text is no meeting schedule (bot.texts.calendar.meetings words it, with an example)."""

    EVERY = "every"  # not every 1 to MAX_EVERY_WEEKS weeks
    NO_TIME = "no_time"
    BAD_TIME = "bad_time"  # a time that does not exist, such as 25:00
    NO_DAY = "no_day"
    UNCLEAR = "unclear"  # words left over that are no day, time or rhythm


class MeetingTimeError(ValueError):
    """The text is no meeting schedule; `reason` says why."""

    def __init__(self, reason: MeetingReason) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class MeetingSchedule:
    weekday: int  # Monday = 0
    at: time
    every_weeks: int = 1


_TIME = re.compile(
    r"(?:\bom\s+)?\b(?P<hour>\d{1,2})(?:(?:[:.]|u)(?P<minute>\d{2}))?\s*(?:uur|u)?(?!\S)"
)
_EVERY_NUMBER = re.compile(r"\b(?:elke|iedere|om\s+de)\s+(?P<num>\d{1,2}|[a-z]+)\s+weken\b")
_EVERY_OTHER = re.compile(r"\b(?:om\s+de\s+week|tweewekelijks|twee-wekelijks)\b")
_EVERY_WEEK = re.compile(r"\b(?:elke|iedere)\s+week\b|\bwekelijks\b")
_FILLER = re.compile(r"\b(?:op|elke|iedere|om)\b")


def parse_meeting_schedule(text: str) -> MeetingSchedule:
    rest = " " + " ".join(text.lower().replace(",", " ").split()) + " "
    every = 1
    if match := _EVERY_NUMBER.search(rest):
        raw = match["num"]
        every = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 0)
        if not 1 <= every <= MAX_EVERY_WEEKS:
            raise MeetingTimeError(MeetingReason.EVERY)
        rest = rest[: match.start()] + " " + rest[match.end() :]
    elif match := _EVERY_OTHER.search(rest):
        every = 2
        rest = rest[: match.start()] + " " + rest[match.end() :]
    elif match := _EVERY_WEEK.search(rest):
        rest = rest[: match.start()] + " " + rest[match.end() :]

    time_match = _TIME.search(rest)
    if time_match is None:
        raise MeetingTimeError(MeetingReason.NO_TIME)
    hour, minute = int(time_match["hour"]), int(time_match["minute"] or 0)
    if hour > 23 or minute > 59:
        raise MeetingTimeError(MeetingReason.BAD_TIME)
    rest = rest[: time_match.start()] + " " + rest[time_match.end() :]

    words = _FILLER.sub(" ", rest).split()
    days = [WEEKDAY_WORDS[word] for word in words if word in WEEKDAY_WORDS]
    if len(days) != 1 or len(words) != 1:
        raise MeetingTimeError(MeetingReason.UNCLEAR if days else MeetingReason.NO_DAY)
    return MeetingSchedule(weekday=days[0], at=time(hour, minute), every_weeks=every)


def _at(day, schedule: MeetingSchedule, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, schedule.at, tzinfo=tz).astimezone(UTC)


def next_meeting(schedule: MeetingSchedule, *, after: datetime, tz: ZoneInfo) -> datetime:
    """The first meeting strictly after `after` (aware UTC). The rhythm counts from there."""
    local_day = after.astimezone(tz).date()
    day = local_day + timedelta(days=(schedule.weekday - local_day.weekday()) % 7)
    moment = _at(day, schedule, tz)
    if moment <= after:
        moment = _at(day + timedelta(days=7), schedule, tz)
    return moment


def following_meeting(schedule: MeetingSchedule, meeting: datetime, *, tz: ZoneInfo) -> datetime:
    """The meeting `every_weeks` weeks after `meeting`, at the same local time."""
    day = meeting.astimezone(tz).date() + timedelta(weeks=schedule.every_weeks)
    return _at(day, schedule, tz)
