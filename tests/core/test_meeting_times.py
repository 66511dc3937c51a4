"""Reading /teamoverleg and planning the meetings (Europe/Amsterdam, across DST)."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar.meeting_times import (
    MeetingReason,
    MeetingSchedule,
    MeetingTimeError,
    following_meeting,
    next_meeting,
    parse_meeting_schedule,
)
from bot.texts.calendar.meetings import meeting_problem

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dinsdag 15:30 elke 2 weken", MeetingSchedule(1, time(15, 30), 2)),
        ("dinsdag 15:30", MeetingSchedule(1, time(15, 30), 1)),
        ("di 9u", MeetingSchedule(1, time(9, 0), 1)),
        ("op maandag om 8.45 uur", MeetingSchedule(0, time(8, 45), 1)),
        ("elke donderdag 16 uur", MeetingSchedule(3, time(16, 0), 1)),
        ("vrijdag 12u30 om de week", MeetingSchedule(4, time(12, 30), 2)),
        ("woensdag 14:00 elke drie weken", MeetingSchedule(2, time(14, 0), 3)),
        ("Woensdag 14:00 tweewekelijks", MeetingSchedule(2, time(14, 0), 2)),
        ("15:30 dinsdag om de 4 weken", MeetingSchedule(1, time(15, 30), 4)),
    ],
)
def test_schedules_as_chairs_write_them(text, expected):
    assert parse_meeting_schedule(text) == expected


@pytest.mark.parametrize(
    ("text", "reason", "problem"),
    [
        ("dinsdag", MeetingReason.NO_TIME, "tijd"),
        ("15:30", MeetingReason.NO_DAY, "dag"),
        ("dinsdag 25:00", MeetingReason.BAD_TIME, "bestaat niet"),
        ("dinsdag 15:30 elke 12 weken", MeetingReason.EVERY, "1 tot 8"),
        ("dinsdag en donderdag 15:30", MeetingReason.UNCLEAR, "begrijp"),
    ],
)
def test_refusals_say_what_is_wrong_with_an_example(text, reason, problem):
    with pytest.raises(MeetingTimeError) as caught:
        parse_meeting_schedule(text)
    assert caught.value.reason == reason
    said = meeting_problem(caught.value.reason)
    assert problem in said
    assert "/teamoverleg dinsdag 15:30 elke 2 weken" in said
    example = said.split("Schrijf bijvoorbeeld: /teamoverleg ", 1)[1].rstrip(".")
    assert parse_meeting_schedule(example) == MeetingSchedule(1, time(15, 30), 2)


def test_next_meeting_is_strictly_after_now_in_local_time():
    schedule = MeetingSchedule(1, time(15, 30), 2)
    tuesday_1400 = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam
    assert next_meeting(schedule, after=tuesday_1400, tz=AMS) == datetime(
        2026, 11, 24, 14, 30, tzinfo=UTC
    )
    tuesday_1530 = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
    assert next_meeting(schedule, after=tuesday_1530, tz=AMS) == datetime(
        2026, 12, 1, 14, 30, tzinfo=UTC
    )


def test_following_meeting_keeps_the_wall_clock_across_dst():
    schedule = MeetingSchedule(1, time(15, 30), 2)
    before = datetime(2027, 3, 23, 15, 30, tzinfo=AMS)  # winter time
    after = following_meeting(schedule, before.astimezone(UTC), tz=AMS)
    assert after.astimezone(AMS) == datetime(2027, 4, 6, 15, 30, tzinfo=AMS)  # summer time
    assert after.tzinfo is UTC
