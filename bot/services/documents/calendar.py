"""Actions and the team meeting as iCalendar (the icalendar library does the escaping and
line folding): one all-day event per open action deadline, the team meeting recurring."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.services.documents.clean import printable

PRODID = "-//aandeslag//Aan de slag met internationalisering//NL"
MEETING_LENGTH = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarAction:
    chat_id: int
    number: int
    what: str
    owner: str
    deadline: date
    needs: str | None
    group_title: str
    group_link: str | None


@dataclass(frozen=True)
class CalendarMeeting:
    chat_id: int
    group_title: str
    first: datetime  # aware
    every_weeks: int
    group_link: str | None


def group_link(chat_id: int) -> str | None:
    """A t.me link that opens the group for its members. Only supergroups have one (their
    id is -100 followed by the id the link uses); a basic group has none."""
    text = str(chat_id)
    if text.startswith("-100"):
        return f"https://t.me/c/{text[4:]}"
    return None


def _calendar(name: str):
    # Imported here: icalendar costs a noticeable part of the bot's start-up.
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", printable(name))
    return calendar


def actions_calendar(
    *,
    name: str,
    actions: Sequence[CalendarAction],
    meetings: Sequence[CalendarMeeting] = (),
    tz: ZoneInfo,
    stamp: datetime,
) -> bytes:
    from icalendar import Event

    calendar = _calendar(name)
    for action in actions:
        event = Event()
        event.add("uid", f"actie-{action.chat_id}-{action.number}@aandeslag")
        event.add("dtstamp", stamp)
        event.add("dtstart", action.deadline)
        event.add("dtend", action.deadline + timedelta(days=1))
        event.add("summary", printable(f"Actie #{action.number}: {action.what}"))
        lines = [f"Trekker: {action.owner}"]
        if action.needs:
            lines.append(f"Nodig: {action.needs}")
        lines.append(f"Groep: {action.group_title}")
        if action.group_link:
            lines.append(action.group_link)
            event.add("url", action.group_link)
        event.add("description", printable("\n".join(lines)))
        event.add("categories", ["Aan de slag"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"teamoverleg-{meeting.chat_id}@aandeslag")
        event.add("dtstamp", stamp)
        start = meeting.first.astimezone(tz)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
        event.add("rrule", {"freq": "weekly", "interval": meeting.every_weeks})
        event.add("summary", printable(f"Teamoverleg {meeting.group_title}"))
        description = "Bespreek de voortgang van jullie acties internationalisering."
        if meeting.group_link:
            description += f"\n{meeting.group_link}"
            event.add("url", meeting.group_link)
        event.add("description", printable(description))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
