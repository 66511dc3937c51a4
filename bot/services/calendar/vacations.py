"""/vakantie: the team's own vacations and days off. Anyone sees them (with the coming public
holidays); the chair adds and removes them. Every change re-plans the reminders of the
group's open actions in the same transaction, so the database stays the one truth about
what is sent when. Team meetings read the calendar when their brief is due.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.actions.reminders import next_allowed_moment
from bot.core.calendar.school_calendar import Vacation
from bot.core.calendar.vacation_range import MAX_DAYS, VacationError, parse_vacation
from bot.core.team.policy import Act
from bot.services.actions.actions import ActionService, number_in
from bot.services.common import Chat, Person, Refusal, send
from bot.services.team import policy
from bot.texts import help as help_texts
from bot.texts.calendar import vacations as vacation_texts
from bot.texts.calendar.dates import format_date_nl
from storage.db import session_scope
from storage.models import TeamVacation
from storage.repo import sessions as session_rows
from storage.repo import vacations as vacation_rows
from storage.values import Family, Kind

REMOVE_WORDS = ("weg", "verwijder", "wis")
# Enough for every vacation and study day of a school year or two.
MAX_VACATIONS = 30
HOLIDAYS_SHOWN = 3
HOLIDAYS_LOOKAHEAD = timedelta(days=366)


class VacationService:
    def __init__(self, *, engine: Engine, clock: Clock, tz: ZoneInfo, actions: ActionService):
        self.engine = engine
        self.clock = clock
        self.tz = tz
        self.actions = actions
        self.calendars = actions.calendars

    def _today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def _range_text(self, vacation: Vacation) -> str:
        today = self._today()
        first = format_date_nl(vacation.start, today=today)
        if vacation.days == 1:
            return vacation_texts.vacation_range(first, None)
        return vacation_texts.vacation_range(first, format_date_nl(vacation.end, today=today))

    def _coming(self, db: Session, chat_id: int) -> list[TeamVacation]:
        """The vacations not over yet, numbered from 1 in this order by /vakantie."""
        return list(vacation_rows.team_vacations(db, chat_id=chat_id, ending_from=self._today()))

    def command(
        self, *, chat_id: int, thread_id: int | None, by: Person, args: str, message_id: int
    ) -> str | None:
        """/vakantie: list (returned, to show right away), add or remove (chair; confirmed
        through the outbox)."""
        with session_scope(self.engine) as db:
            session = session_rows.latest_session(db, chat_id=chat_id)
            if session is None:
                raise Refusal(help_texts.NO_SESSION_EVER)
            words = args.split()
            if not words:
                return self._list(db, chat_id)
            policy.require(db, Act.CHANGE_SETTING, chat_id=chat_id, user_id=by.id, session=session)
            if words[0].lower() in REMOVE_WORDS:
                confirmation = self._remove(db, chat_id, " ".join(words[1:]))
            else:
                confirmation = self._add(db, chat_id, args)
            self.actions.replan_group(db, chat_id)
            send(
                db,
                Chat(chat_id, thread_id),
                Kind(Family.VACATION),
                confirmation,
                now=self.clock.now(),
                reply_to=message_id,
            )
            return None

    def _list(self, db: Session, chat_id: int) -> str:
        today = self._today()
        vacations = [
            (self._range_text(Vacation(row.starts_on, row.ends_on)), row.starts_on <= today)
            for row in self._coming(db, chat_id)
        ]
        holidays = self.calendars.public.holidays
        coming = (today + timedelta(days=n) for n in range(HOLIDAYS_LOOKAHEAD.days))
        next_holidays = [
            (holidays[day], format_date_nl(day, today=today)) for day in coming if day in holidays
        ][:HOLIDAYS_SHOWN]
        return vacation_texts.vacation_list(vacations, next_holidays)

    def _add(self, db: Session, chat_id: int, args: str) -> str:
        today = self._today()
        try:
            vacation = parse_vacation(args, today=today)
        except VacationError as exc:
            understood = self._range_text(exc.vacation) if exc.vacation else None
            raise Refusal(
                vacation_texts.vacation_problem(exc.reason, exc.part, understood, MAX_DAYS)
            ) from None
        coming = self._coming(db, chat_id)
        when = self._range_text(vacation)
        if any((row.starts_on, row.ends_on) == (vacation.start, vacation.end) for row in coming):
            raise Refusal(vacation_texts.vacation_exists(when))
        if len(coming) >= MAX_VACATIONS:
            raise Refusal(vacation_texts.too_many_vacations(len(coming)))
        vacation_rows.add_team_vacation(
            db,
            chat_id=chat_id,
            starts_on=vacation.start,
            ends_on=vacation.end,
            now=self.clock.now(),
        )
        calendar = self.calendars.of(db, chat_id)
        after = datetime.combine(vacation.end + timedelta(days=1), time(0), tzinfo=self.tz)
        back = next_allowed_moment(after, tz=self.tz, hours=self.actions.hours, calendar=calendar)
        return vacation_texts.vacation_added(
            when, format_date_nl(back.astimezone(self.tz).date(), today=today)
        )

    def _remove(self, db: Session, chat_id: int, number_arg: str) -> str:
        number = number_in(number_arg)
        if number is None:
            raise Refusal(vacation_texts.VACATION_WHICH)
        coming = self._coming(db, chat_id)
        if not 1 <= number <= len(coming):
            raise Refusal(vacation_texts.unknown_vacation(number))
        row = coming[number - 1]
        db.delete(row)
        db.flush()
        return vacation_texts.vacation_removed(
            self._range_text(Vacation(row.starts_on, row.ends_on))
        )
