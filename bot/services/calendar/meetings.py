"""The team meeting: an hour before each one, the chair's brief (the /samenvatting: what is
done, open and late) goes to the group, and a copy to the chair when they linked a private
chat. The schedule is a row with the next meeting's time, so a restart picks it up. A
meeting on a public holiday or in the team's vacation is passed over; the next brief says so.

DB decisions and their messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.calendar.meeting_times import (
    MeetingSchedule,
    MeetingTimeError,
    following_meeting,
    next_meeting,
    parse_meeting_schedule,
)
from bot.core.team.policy import Act
from bot.services.calendar.calendars import TeamCalendars
from bot.services.common import Chat, Person, Refusal, send
from bot.services.documents.summaries import SummaryService
from bot.services.team import policy
from bot.texts import formatting
from bot.texts import help as help_texts
from bot.texts.calendar import meetings as meeting_texts
from bot.texts.calendar import vacations as vacation_texts
from bot.texts.calendar.dates import WEEKDAYS, date_at, format_date_nl
from bot.texts.calendar.meetings import meeting_problem
from storage.db import session_scope
from storage.models import Member, TeamMeeting
from storage.repo import groups as group_rows
from storage.repo import meetings as meeting_rows
from storage.repo import sessions as session_rows
from storage.values import Family, Kind

POST_BEFORE = timedelta(hours=1)
BRIEF = Kind(Family.BRIEF)
OFF_WORDS = ("uit", "stop", "geen")
# How far /teamoverleg looks past closed days for the first meeting that takes place.
MAX_SKIPPED_SHOWN = 60


def _schedule(meeting: TeamMeeting) -> MeetingSchedule:
    hour, minute = (int(part) for part in meeting.time_of_day.split(":"))
    return MeetingSchedule(
        weekday=meeting.weekday,
        at=time(hour, minute),
        every_weeks=meeting.every_weeks,
    )


class MeetingService:
    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        tz: ZoneInfo,
        summaries: SummaryService,
        calendars: TeamCalendars | None = None,
        team_line: Callable[[Session, int], str | None] | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.summaries = summaries
        self.calendars = calendars or TeamCalendars()
        # A linked sub-group's brief names the other sub-groups' open actions in one line
        # (bot.services.team.links), so a meeting of the whole team sees the whole plan.
        self.team_line = team_line

    def _when(self, meeting_at: datetime) -> str:
        local = meeting_at.astimezone(self.tz)
        today = self.clock.now().astimezone(self.tz).date()
        return date_at(local.date(), formatting.clock_time(local, self.tz), today=today)

    # --- /teamoverleg --------------------------------------------------------------------

    def configure(
        self, *, chat_id: int, thread_id: int | None, by: Person, args: str, message_id: int
    ) -> str | None:
        """Set, stop or show the team meeting. Returns a text to show right away (the
        current setting); changes are confirmed through the outbox."""
        with session_scope(self.engine) as db:
            session = session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(help_texts.NO_SESSION_EVER)
            meeting = db.get(TeamMeeting, chat_id)
            if not args.strip():
                if meeting is None or not meeting.active or meeting.next_at is None:
                    return meeting_texts.MEETING_NONE
                return self._planned_text(db, meeting)
            policy.require(db, Act.CHANGE_SETTING, chat_id=chat_id, user_id=by.id, session=session)
            if args.strip().lower() in OFF_WORDS:
                if meeting is not None:
                    self._switch_off(db, meeting)
                confirmation = meeting_texts.MEETING_OFF
            else:
                meeting = self._set_schedule(
                    db, meeting, chat_id=chat_id, thread_id=thread_id, by=by, args=args
                )
                confirmation = self._planned_text(db, meeting)
            send(
                db,
                Chat(chat_id, thread_id),
                Kind(Family.MEETING),
                confirmation,
                now=self.clock.now(),
                reply_to=message_id,
            )
            return None

    def _switch_off(self, db: Session, meeting: TeamMeeting) -> None:
        meeting.active = False
        meeting.next_at = None
        meeting.updated_at = self.clock.now()
        db.add(meeting)

    def _set_schedule(
        self,
        db: Session,
        meeting: TeamMeeting | None,
        *,
        chat_id: int,
        thread_id: int | None,
        by: Person,
        args: str,
    ) -> TeamMeeting:
        try:
            schedule = parse_meeting_schedule(args)
        except MeetingTimeError as exc:
            raise Refusal(formatting.esc(meeting_problem(exc.reason))) from None
        now = self.clock.now()
        meeting = meeting or TeamMeeting(
            chat_id=chat_id,
            weekday=schedule.weekday,
            time_of_day="",
            created_by=by.id,
            updated_at=now,
        )
        meeting.thread_id = thread_id
        meeting.weekday = schedule.weekday
        meeting.time_of_day = schedule.at.strftime("%H:%M")
        meeting.every_weeks = schedule.every_weeks
        meeting.active = True
        meeting.next_at = next_meeting(schedule, after=now, tz=self.tz)
        meeting.created_by = by.id
        meeting.updated_at = now
        db.add(meeting)
        return meeting

    def _planned_text(self, db: Session, meeting: TeamMeeting) -> str:
        first = self._first_taking_place(db, meeting)
        post_at = max(first - POST_BEFORE, self.clock.now())
        return meeting_texts.meeting_planned(
            weekday=WEEKDAYS[meeting.weekday],
            at=meeting.time_of_day,
            every_weeks=meeting.every_weeks,
            first=self._when(first),
            post_at=formatting.clock_time(post_at, self.tz),
        )

    def _first_taking_place(self, db: Session, meeting: TeamMeeting) -> datetime:
        """The next meeting not on a holiday or in the team's vacation."""
        assert meeting.next_at is not None
        calendar = self.calendars.of(db, meeting.chat_id)
        schedule, upcoming = _schedule(meeting), meeting.next_at
        for _ in range(MAX_SKIPPED_SHOWN):
            if not calendar.closed(upcoming.astimezone(self.tz).date()):
                break
            upcoming = following_meeting(schedule, upcoming, tz=self.tz)
        return upcoming

    # --- due work ------------------------------------------------------------------------

    def process_due(self) -> None:
        """Post the brief for meetings starting within the hour; a meeting that already
        began (the bot was down) gets none: the next one is planned instead."""
        now = self.clock.now()
        with session_scope(self.engine) as db:
            for meeting in meeting_rows.team_meetings_before(db, moment=now + POST_BEFORE):
                assert meeting.next_at is not None
                if now < meeting.next_at:
                    self._post_or_skip(db, meeting)
                schedule = _schedule(meeting)
                upcoming = meeting.next_at
                while upcoming <= now + POST_BEFORE:
                    upcoming = following_meeting(schedule, upcoming, tz=self.tz)
                meeting.next_at = upcoming
                db.add(meeting)

    def _post_or_skip(self, db: Session, meeting: TeamMeeting) -> None:
        """The brief, unless the meeting falls on a holiday or in the team's vacation: then
        it is noted, for the next brief to tell."""
        assert meeting.next_at is not None
        day = meeting.next_at.astimezone(self.tz).date()
        calendar = self.calendars.of(db, meeting.chat_id)
        if calendar.closed(day):
            meeting.skipped = [*(meeting.skipped or []), [day.isoformat(), calendar.holiday(day)]]
            return
        self._post(db, meeting)

    def _skipped_line(self, meeting: TeamMeeting) -> str:
        """The meetings passed over since the last brief, as a line of it ("" when none)."""
        if not meeting.skipped:
            return ""
        today = self.clock.now().astimezone(self.tz).date()
        return "\n" + vacation_texts.meetings_skipped(
            [
                (format_date_nl(date.fromisoformat(day), today=today), why)
                for day, why in meeting.skipped
            ]
        )

    def _post(self, db: Session, meeting: TeamMeeting) -> None:
        session = session_rows.latest_session(db, chat_id=meeting.chat_id)
        if session is None:
            return
        assert meeting.next_at is not None
        when = self._when(meeting.next_at)
        # The meetings passed over, and a linked sub-group's line about the others.
        skipped = self._skipped_line(meeting)
        if self.team_line and (line := self.team_line(db, meeting.chat_id)):
            skipped += "\n" + line
        meeting.skipped = None
        summary = self.summaries.compose(db, session)
        now = self.clock.now()
        intro = meeting_texts.meeting_intro(when) + skipped
        send(db, meeting, Kind(Family.MEETING), intro, now=now)
        summary.queue(db, meeting, kind=BRIEF, document_kind=BRIEF, now=now)
        chair = db.get(Member, session.chair_id)
        # The brief goes by DM only to a chair who is still in the group.
        if (
            chair is not None
            and chair.private_chat
            and policy.allows(db, Act.RECEIVE, chat_id=meeting.chat_id, user_id=chair.id)
        ):
            title = group_rows.group_titles(db, chat_ids=[meeting.chat_id]).get(meeting.chat_id)
            copy = meeting_texts.meeting_chair_copy(title, when) + skipped
            send(db, Chat(chair.id), Kind(Family.MEETING), copy, now=now)
            summary.queue(db, Chat(chair.id), kind=BRIEF, document_kind=BRIEF, now=now)

    @staticmethod
    def next_post_at(earliest: datetime | None) -> datetime | None:
        """From the earliest team meeting (meeting_rows.earliest_team_meeting)."""
        return earliest - POST_BEFORE if earliest else None
