"""A team's own vacations and days off."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.models import TeamVacation


def team_vacations(
    db: Session, *, chat_id: int, ending_from: date | None = None
) -> Sequence[TeamVacation]:
    """A group's vacations by first day; with `ending_from`, those not over before it."""
    query = select(TeamVacation).where(TeamVacation.chat_id == chat_id)
    if ending_from is not None:
        query = query.where(col(TeamVacation.ends_on) >= ending_from)
    return db.exec(
        query.order_by(col(TeamVacation.starts_on), col(TeamVacation.ends_on), col(TeamVacation.id))
    ).all()


def add_team_vacation(
    db: Session, *, chat_id: int, starts_on: date, ends_on: date, now: datetime
) -> TeamVacation:
    vacation = TeamVacation(chat_id=chat_id, starts_on=starts_on, ends_on=ends_on, created_at=now)
    db.add(vacation)
    db.flush()
    return vacation
