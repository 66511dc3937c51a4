"""Data access: small keyword-only functions over one SQLModel session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.models import (
    Action,
    ActionDraft,
    Answer,
    GroupChat,
    Mark,
    Member,
    OutboxMessage,
    Participant,
    Question,
    Reminder,
    SummaryMark,
    TeamMeeting,
    WorkSession,
)

ACTIVE_STATUSES = ("gathering", "running")


# --- members ---------------------------------------------------------------------------


def upsert_member(
    db: Session,
    *,
    user_id: int,
    first_name: str,
    last_name: str | None,
    username: str | None,
    now: datetime,
) -> Member:
    member = db.get(Member, user_id)
    if member is None:
        member = Member(id=user_id, first_name=first_name, updated_at=now)
    member.first_name = first_name
    member.last_name = last_name
    member.username = username
    member.updated_at = now
    db.add(member)
    return member


def member_by_username(db: Session, *, username: str) -> Member | None:
    wanted = username.lstrip("@").lower()
    return db.exec(select(Member).where(func.lower(Member.username) == wanted)).first()


def members_by_id(db: Session, *, user_ids: Sequence[int]) -> dict[int, Member]:
    if not user_ids:
        return {}
    rows = db.exec(select(Member).where(col(Member.id).in_(list(user_ids)))).all()
    return {member.id: member for member in rows}


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


def running_sessions(db: Session) -> Sequence[WorkSession]:
    return db.exec(select(WorkSession).where(WorkSession.status == "running")).all()


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


def mark_counts(db: Session, *, session_id: int, board: str) -> dict[str, int]:
    rows = db.exec(
        select(Mark.item_key, func.count())
        .where(Mark.session_id == session_id, Mark.board == board)
        .group_by(Mark.item_key)
    ).all()
    return {key: count for key, count in rows}


# --- outbox ----------------------------------------------------------------------------


def enqueue(db: Session, *, message: OutboxMessage) -> OutboxMessage:
    db.add(message)
    db.flush()
    return message


def pending_outbox(db: Session, *, now: datetime, limit: int = 50) -> Sequence[OutboxMessage]:
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    ).all()


def claim_outbox(db: Session, *, message_id: int) -> bool:
    """Move one row from pending to sending; False when someone else got it first."""
    result = db.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == "pending")
        .values(status="sending", attempts=OutboxMessage.attempts + 1)
    )
    return result.rowcount == 1


def earliest_retry(db: Session) -> datetime | None:
    return db.exec(
        select(func.min(OutboxMessage.not_before)).where(OutboxMessage.status == "pending")
    ).one()


def outbox_message(db: Session, *, session_id: int, kind: str) -> OutboxMessage | None:
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.session_id == session_id, OutboxMessage.kind == kind)
        .order_by(col(OutboxMessage.id).desc())
    ).first()


def settle_interrupted_sends(db: Session) -> int:
    """Rows left in `sending` by a crash: Telegram may well have shown them, so they are
    not sent again (a doubled card is worse than a missing message id, and replies to
    such a message are still matched by its text)."""
    result = db.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == "sending")
        .values(status="sent", last_error="interrupted; not resent")
    )
    return result.rowcount


def outbox_by_message(db: Session, *, chat_id: int, message_id: int) -> OutboxMessage | None:
    """The outbox row that became this bot message."""
    return db.exec(
        select(OutboxMessage).where(
            OutboxMessage.chat_id == chat_id, OutboxMessage.message_id == message_id
        )
    ).first()


def latest_outbox_of_kind(db: Session, *, chat_id: int, kind: str) -> OutboxMessage | None:
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.kind == kind)
        .order_by(col(OutboxMessage.id).desc())
    ).first()


# --- groups ----------------------------------------------------------------------------


def upsert_group(db: Session, *, chat_id: int, title: str, now: datetime) -> None:
    group = db.get(GroupChat, chat_id) or GroupChat(id=chat_id, title=title, updated_at=now)
    group.title = title
    group.updated_at = now
    db.add(group)


def group_titles(db: Session, *, chat_ids: Sequence[int]) -> dict[int, str]:
    if not chat_ids:
        return {}
    rows = db.exec(select(GroupChat).where(col(GroupChat.id).in_(list(chat_ids)))).all()
    return {group.id: group.title for group in rows}


# --- actions ---------------------------------------------------------------------------


def next_action_number(db: Session, *, chat_id: int) -> int:
    highest = db.exec(select(func.max(Action.number)).where(Action.chat_id == chat_id)).one()
    return (highest or 0) + 1


def action_by_number(db: Session, *, chat_id: int, number: int) -> Action | None:
    return db.exec(
        select(Action).where(
            Action.chat_id == chat_id, Action.number == number, Action.status != "deleted"
        )
    ).first()


def group_actions(
    db: Session, *, chat_id: int, session_id: int | None = None, open_from_earlier: bool = False
) -> Sequence[Action]:
    """A group's actions (not deleted), by number. With `session_id`: that session's, plus,
    with `open_from_earlier`, the unfinished ones of earlier sessions."""
    query = select(Action).where(Action.chat_id == chat_id, Action.status != "deleted")
    if session_id is not None:
        mine = col(Action.session_id) == session_id
        query = query.where(mine | (Action.status == "open") if open_from_earlier else mine)
    return db.exec(query.order_by(col(Action.number))).all()


def owned_actions(db: Session, *, owner_id: int) -> Sequence[Action]:
    return db.exec(
        select(Action)
        .where(Action.owner_id == owner_id, Action.status != "deleted")
        .order_by(col(Action.chat_id), col(Action.number))
    ).all()


# --- reminders -------------------------------------------------------------------------


def cancel_pending_reminders(db: Session, *, action_id: int) -> None:
    db.exec(
        update(Reminder)
        .where(col(Reminder.action_id) == action_id, col(Reminder.status) == "pending")
        .values(status="cancelled")
    )


def due_reminders(db: Session, *, now: datetime) -> Sequence[Reminder]:
    """Pending reminders of open actions that are due, oldest first."""
    return db.exec(
        select(Reminder)
        .join(Action, col(Action.id) == Reminder.action_id)
        .where(Reminder.status == "pending", Reminder.due_at <= now, Action.status == "open")
        .order_by(col(Reminder.due_at), col(Reminder.id))
    ).all()


def earliest_pending_reminder(db: Session) -> datetime | None:
    return db.exec(
        select(func.min(Reminder.due_at))
        .join(Action, col(Action.id) == Reminder.action_id)
        .where(Reminder.status == "pending", Action.status == "open")
    ).one()


def reminders_in_flight(db: Session) -> Sequence[Reminder]:
    return db.exec(select(Reminder).where(Reminder.status == "sending")).all()


# --- drafts ----------------------------------------------------------------------------


def draft_of(db: Session, *, chat_id: int, user_id: int) -> ActionDraft | None:
    return db.exec(
        select(ActionDraft).where(ActionDraft.chat_id == chat_id, ActionDraft.user_id == user_id)
    ).first()


def stale_drafts(db: Session, *, idle_since: datetime) -> Sequence[ActionDraft]:
    return db.exec(
        select(ActionDraft).where(
            ActionDraft.status == "open", ActionDraft.updated_at <= idle_since
        )
    ).all()


def earliest_open_draft_activity(db: Session) -> datetime | None:
    return db.exec(
        select(func.min(ActionDraft.updated_at)).where(ActionDraft.status == "open")
    ).one()


# --- team meetings and summaries -------------------------------------------------------


def earliest_team_meeting(db: Session) -> datetime | None:
    return db.exec(
        select(func.min(TeamMeeting.next_at)).where(col(TeamMeeting.active).is_(True))
    ).one()


def team_meetings_before(db: Session, *, moment: datetime) -> Sequence[TeamMeeting]:
    return db.exec(
        select(TeamMeeting).where(
            col(TeamMeeting.active).is_(True), col(TeamMeeting.next_at) <= moment
        )
    ).all()


def save_summary_mark(db: Session, *, chat_id: int, states: dict[str, str], now: datetime) -> None:
    mark = db.get(SummaryMark, chat_id) or SummaryMark(chat_id=chat_id, posted_at=now)
    mark.posted_at = now
    mark.action_states = states
    db.add(mark)
