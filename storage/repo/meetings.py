"""Team meetings: the recurring moments a group's action plan is reviewed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ScalarSelect, func
from sqlmodel import Session, col, select

from storage.models import TeamMeeting


def earliest_team_meeting() -> ScalarSelect:
    return (
        select(func.min(TeamMeeting.next_at))
        .where(col(TeamMeeting.active).is_(True))
        .scalar_subquery()
    )


def team_meetings_before(db: Session, *, moment: datetime) -> Sequence[TeamMeeting]:
    return db.exec(
        select(TeamMeeting)
        .where(col(TeamMeeting.active).is_(True), col(TeamMeeting.next_at) <= moment)
        .with_for_update(skip_locked=True)
    ).all()
