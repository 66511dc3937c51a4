"""Each team's school calendar: the host's public holidays (BOT_HOLIDAYS_COUNTRY) plus the
vacations the team set with /vakantie. Reminders and team meetings ask it which days are
closed; the rules themselves are bot.core.calendar.school_calendar's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlmodel import Session

from bot.core.calendar.school_calendar import NO_HOLIDAYS, SchoolCalendar, Vacation
from storage.repo import vacations as vacation_rows


class TeamCalendars:
    def __init__(self, holidays: Mapping[date, str] = NO_HOLIDAYS) -> None:
        # Closed days every team shares.
        self.public = SchoolCalendar(holidays=holidays)

    def of(self, db: Session, chat_id: int) -> SchoolCalendar:
        """The group's calendar, with all its vacations (past ones too: they paused the
        overdue count of actions that were late before)."""
        return self.public.with_vacations(
            Vacation(row.starts_on, row.ends_on)
            for row in vacation_rows.team_vacations(db, chat_id=chat_id)
        )
