"""Work sessions with their participants, steps' questions and answers, marks and
summary marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ScalarSelect, func, or_
from sqlmodel import Session, col, select

from storage.models import Answer, Mark, Participant, Question, SummaryMark, WorkSession
from storage.values import SessionStatus

from ._shared import _held_groups

ACTIVE_STATUSES = (SessionStatus.GATHERING, SessionStatus.RUNNING)


# --- sessions --------------------------------------------------------------------------


def active_session(db: Session, *, chat_id: int) -> WorkSession | None:
    return db.exec(
        select(WorkSession)
        .where(WorkSession.chat_id == chat_id, col(WorkSession.status).in_(ACTIVE_STATUSES))
        .order_by(col(WorkSession.id).desc())
    ).first()


def latest_session(db: Session, *, chat_id: int) -> WorkSession | None:
    return db.exec(
        select(WorkSession)
        .where(WorkSession.chat_id == chat_id)
        .order_by(col(WorkSession.id).desc())
    ).first()


def _running_with_a_moment():
    # A gathering session has a moment only when it lost its chair: then it times out.
    return (
        col(WorkSession.status).in_(ACTIVE_STATUSES),
        col(WorkSession.next_due_at).is_not(None),
        col(WorkSession.chat_id).not_in(_held_groups()),
    )


def sessions_due(db: Session, *, now: datetime) -> list[int]:
    """The open sessions (in groups the bot is still in) with something due by `now`."""
    return list(
        db.exec(
            select(WorkSession.id)
            .where(*_running_with_a_moment(), col(WorkSession.next_due_at) <= now)
            .order_by(col(WorkSession.next_due_at))
        ).all()
    )


def next_session_due() -> ScalarSelect:
    """The earliest moment any open session has something to do (read with the other
    wake-ups' moments, bot.telegram.runtime.Wakeups.moments)."""
    return (
        select(func.min(WorkSession.next_due_at)).where(*_running_with_a_moment()).scalar_subquery()
    )


def lock_session(db: Session, *, session_id: int) -> WorkSession | None:
    """Load a session for an update; on PostgreSQL the row stays locked until commit."""
    return db.exec(
        select(WorkSession).where(WorkSession.id == session_id).with_for_update()
    ).first()


# --- participants ----------------------------------------------------------------------


def participant_ids(db: Session, *, session_id: int) -> list[int]:
    return list(
        db.exec(
            select(Participant.user_id)
            .where(Participant.session_id == session_id)
            .order_by(col(Participant.joined_at))
        ).all()
    )


def sessions_of_member(db: Session, *, user_id: int) -> list[WorkSession]:
    """Sessions this user took part in or chaired, newest first."""
    took_part = select(Participant.session_id).where(Participant.user_id == user_id)
    return list(
        db.exec(
            select(WorkSession)
            .where(or_(col(WorkSession.chair_id) == user_id, col(WorkSession.id).in_(took_part)))
            .order_by(col(WorkSession.id).desc())
        ).all()
    )


def add_participant(db: Session, *, session_id: int, user_id: int, now: datetime) -> bool:
    """True when the member was not yet taking part."""
    if db.get(Participant, (session_id, user_id)) is not None:
        return False
    db.add(Participant(session_id=session_id, user_id=user_id, joined_at=now))
    db.flush()
    return True


# --- questions and answers -------------------------------------------------------------


def question_by_message(db: Session, *, chat_id: int, message_id: int) -> Question | None:
    return db.exec(
        select(Question)
        .join(WorkSession, col(WorkSession.id) == Question.session_id)
        .where(WorkSession.chat_id == chat_id, Question.message_id == message_id)
    ).first()


def question_by_text(db: Session, *, session_id: int, text: str) -> Question | None:
    """Fallback when a question's message id was never recorded (a crash mid-send)."""
    for question in db.exec(
        select(Question).where(Question.session_id == session_id).order_by(col(Question.id).desc())
    ).all():
        if question.text.strip() and question.text.strip() in text:
            return question
    return None


def latest_question(db: Session, *, session_id: int, step: int) -> Question | None:
    return db.exec(
        select(Question)
        .where(Question.session_id == session_id, Question.step == step)
        .order_by(col(Question.id).desc())
    ).first()


def questions(db: Session, *, session_id: int) -> Sequence[Question]:
    return db.exec(
        select(Question).where(Question.session_id == session_id).order_by(col(Question.id))
    ).all()


def answer_by_message(db: Session, *, chat_id: int, message_id: int) -> Answer | None:
    return db.exec(
        select(Answer).where(Answer.chat_id == chat_id, Answer.message_id == message_id)
    ).first()


def answers(db: Session, *, session_id: int, step: int | None = None) -> Sequence[Answer]:
    query = select(Answer).where(Answer.session_id == session_id)
    if step is not None:
        query = query.where(Answer.step == step)
    return db.exec(query.order_by(col(Answer.created_at), col(Answer.id))).all()


# --- marks -----------------------------------------------------------------------------


def toggle_mark(
    db: Session, *, session_id: int, user_id: int, board: str, item_key: str, now: datetime
) -> bool:
    """Flip a member's mark; True when it is now set."""
    existing = db.exec(
        select(Mark).where(
            Mark.session_id == session_id,
            Mark.user_id == user_id,
            Mark.board == board,
            Mark.item_key == item_key,
        )
    ).first()
    if existing is not None:
        db.delete(existing)
        db.flush()
        return False
    db.add(
        Mark(session_id=session_id, user_id=user_id, board=board, item_key=item_key, created_at=now)
    )
    db.flush()
    return True


# --- summary marks ---------------------------------------------------------------------


def save_summary_mark(db: Session, *, chat_id: int, states: dict[str, str], now: datetime) -> None:
    mark = db.get(SummaryMark, chat_id) or SummaryMark(chat_id=chat_id, posted_at=now)
    mark.posted_at = now
    mark.action_states = states
    db.add(mark)
