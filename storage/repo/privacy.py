"""Privacy: forgetting a member, and the retention clean-up of old data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import String, cast, delete, null, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    Action,
    ActionDraft,
    Answer,
    BoardItem,
    BotSetting,
    GroupMember,
    Keyword,
    Mark,
    Member,
    OutboxMessage,
    Participant,
    Question,
    Reminder,
    SummaryMark,
    WorkSession,
)
from storage.values import ActionStatus, Family, Kind, OutboxStatus, SessionStatus

from .actions import cancel_pending_reminders
from .sessions import latest_session, participant_ids

RETENTION_LAST_RUN = "retention_last_run"
# The action plan's and team meetings' messages, replies to commands and refreshed
# messages carry no session; once older than the retention period they are dropped from
# the record of sent messages (see `delete_old_chat_messages`).
CHAT_MESSAGE_FAMILIES = (
    Family.DIALOG,
    Family.DIALOG_CLOSED,
    Family.EDIT,
    Family.CHANGED,
    Family.DONE,
    Family.HELP,
    Family.REMINDER,
    Family.BRIEF,
    Family.MEETING,
    Family.REPLY,
    Family.REFRESH,
    Family.VACATION,
    Family.MEMBERSHIP,
)
SETTLED = (OutboxStatus.SENT, OutboxStatus.FAILED)


# --- forgetting a member ---------------------------------------------------------------


def chats_of_member(db: Session, *, user_id: int) -> set[int]:
    """Every group where the bot keeps something of this member."""
    queries = [
        select(Answer.chat_id).where(Answer.user_id == user_id),
        select(WorkSession.chat_id)
        .join(Participant, col(Participant.session_id) == WorkSession.id)
        .where(Participant.user_id == user_id),
        select(WorkSession.chat_id)
        .join(Mark, col(Mark.session_id) == WorkSession.id)
        .where(Mark.user_id == user_id),
        select(Action.chat_id).where(Action.owner_id == user_id),
        select(ActionDraft.chat_id).where(ActionDraft.user_id == user_id),
        select(GroupMember.chat_id).where(GroupMember.user_id == user_id),
    ]
    return {chat_id for query in queries for chat_id in db.exec(query).all()}


def delete_answers_of(db: Session, *, user_id: int) -> int:
    return db.exec(delete(Answer).where(col(Answer.user_id) == user_id)).rowcount


def delete_marks_of(db: Session, *, user_id: int) -> int:
    return db.exec(delete(Mark).where(col(Mark.user_id) == user_id)).rowcount


def delete_participations_of(db: Session, *, user_id: int) -> int:
    return db.exec(delete(Participant).where(col(Participant.user_id) == user_id)).rowcount


def delete_drafts_of(db: Session, *, user_id: int) -> int:
    """The member's own /actie drafts go; in other members' drafts they are no owner."""
    db.exec(update(ActionDraft).where(col(ActionDraft.owner_id) == user_id).values(owner_id=None))
    return db.exec(delete(ActionDraft).where(col(ActionDraft.user_id) == user_id)).rowcount


def clear_question_asker(db: Session, *, user_id: int) -> None:
    """A /vraag stays with the team (others answered it); who asked it does not."""
    db.exec(update(Question).where(col(Question.asked_by) == user_id).values(asked_by=None))


def clear_poster_authorship(db: Session, *, user_id: int) -> None:
    """Steekwoorden and own items on the boards belong to the team's poster; who added or
    proposed them is forgotten."""
    db.exec(update(Keyword).where(col(Keyword.added_by) == user_id).values(added_by=None))
    db.exec(update(BoardItem).where(col(BoardItem.proposed_by) == user_id).values(proposed_by=None))


def delete_group_memberships_of(db: Session, *, user_id: int) -> int:
    """The bot no longer remembers seeing the member in any group."""
    return db.exec(delete(GroupMember).where(col(GroupMember.user_id) == user_id)).rowcount


def release_owned_actions(db: Session, *, owner_id: int) -> list[Action]:
    """Every action of this owner becomes "zonder eigenaar"; pending reminders of the open
    ones are cancelled. Returns the open ones."""
    released = list(db.exec(select(Action).where(Action.owner_id == owner_id)).all())
    for action in released:
        action.owner_id = None
        db.add(action)
        if action.status == ActionStatus.OPEN:
            cancel_pending_reminders(db, action_id=action.id)
    return sorted(
        (a for a in released if a.status == ActionStatus.OPEN), key=lambda a: (a.chat_id, a.number)
    )


def latest_sessions_chaired_by(db: Session, *, user_id: int) -> list[WorkSession]:
    """Sessions this member chairs that are the latest of their group (so they chair the
    group's action plan, or the session that is still open)."""
    chaired = db.exec(select(WorkSession).where(WorkSession.chair_id == user_id)).all()
    return [
        s
        for s in chaired
        if (latest := latest_session(db, chat_id=s.chat_id)) and latest.id == s.id
    ]


def longest_participant(db: Session, *, session_id: int) -> int | None:
    ids = participant_ids(db, session_id=session_id)
    return ids[0] if ids else None


def scrub_sent_messages(
    db: Session,
    *,
    user_id: int,
    text_needles: Sequence[str],
    markup_needles: Sequence[str],
    blank: str,
) -> int:
    """The record of sent messages that name this member (or went to their private chat)
    loses its text and buttons (the mark boards too: they show who marked what, and are
    drawn afresh from the marks). Undelivered messages are left alone."""
    names_them = [col(OutboxMessage.chat_id) == user_id]
    names_them += [col(OutboxMessage.text).contains(n, autoescape=True) for n in text_needles]
    names_them += [
        cast(OutboxMessage.reply_markup, String).contains(n, autoescape=True)
        for n in markup_needles
    ]
    return db.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.status).in_(SETTLED),
            or_(*names_them),
        )
        .values(text=blank, reply_markup=null())
    ).rowcount


def forget_member_name(db: Session, *, user_id: int, placeholder: str, now: datetime) -> None:
    """The row stays (old sessions still point at the id) but says nothing about them."""
    member = db.get(Member, user_id)
    if member is None:
        return
    member.first_name = placeholder
    member.last_name = member.username = None
    member.private_chat = False
    member.updated_at = now
    db.add(member)


# --- retention -------------------------------------------------------------------------


def retention_last_run(db: Session) -> datetime | None:
    setting = db.get(BotSetting, RETENTION_LAST_RUN)
    return datetime.fromisoformat(setting.value) if setting else None


def claim_retention_run(db: Session, *, previous: datetime | None, now: datetime) -> bool:
    """Record this run; False when another process recorded one since `previous` was read
    (so two processes never run the same day's clean-up)."""
    if previous is None:
        try:
            with db.begin_nested():
                db.add(BotSetting(key=RETENTION_LAST_RUN, value=now.isoformat()))
        except IntegrityError:
            return False
        return True
    return (
        db.exec(
            update(BotSetting)
            .where(
                col(BotSetting.key) == RETENTION_LAST_RUN,
                col(BotSetting.value) == previous.isoformat(),
            )
            .values(value=now.isoformat())
        ).rowcount
        == 1
    )


def expired_sessions(db: Session, *, finished_before: datetime) -> Sequence[WorkSession]:
    return db.exec(
        select(WorkSession).where(
            col(WorkSession.status).in_((SessionStatus.FINISHED, SessionStatus.STOPPED)),
            col(WorkSession.finished_at) < finished_before,
        )
    ).all()


def session_actions(db: Session, *, session_id: int) -> Sequence[Action]:
    return db.exec(select(Action).where(Action.session_id == session_id)).all()


def delete_action(db: Session, *, action: Action) -> None:
    """An action with its reminders and every message about it."""
    reminder_ids = db.exec(select(Reminder.id).where(Reminder.action_id == action.id)).all()
    db.exec(delete(Reminder).where(col(Reminder.action_id) == action.id))
    families = (Family.ACTION, Family.CHANGED, Family.DONE, Family.HELP)
    kinds = [str(Kind(family, action.id)) for family in families]
    kinds += [str(Kind(Family.REMINDER, reminder_id)) for reminder_id in reminder_ids]
    db.exec(
        delete(OutboxMessage).where(
            col(OutboxMessage.kind).in_(kinds)
            | col(OutboxMessage.kind).startswith(f"{Kind(Family.EDIT, action.id)}:")
        )
    )
    db.exec(
        update(ActionDraft).where(col(ActionDraft.action_id) == action.id).values(action_id=None)
    )
    db.delete(action)
    db.flush()


def delete_session(db: Session, *, session_id: int) -> tuple[int, int]:
    """A session with its messages, questions, answers, marks and participants. Its actions
    must be gone or detached first. Returns (answers, marks) removed."""
    db.exec(delete(OutboxMessage).where(col(OutboxMessage.session_id) == session_id))
    answers = db.exec(delete(Answer).where(col(Answer.session_id) == session_id)).rowcount
    marks = db.exec(delete(Mark).where(col(Mark.session_id) == session_id)).rowcount
    db.exec(delete(Keyword).where(col(Keyword.session_id) == session_id))
    db.exec(delete(BoardItem).where(col(BoardItem.session_id) == session_id))
    db.exec(delete(Participant).where(col(Participant.session_id) == session_id))
    db.exec(delete(Question).where(col(Question.session_id) == session_id))
    db.exec(delete(WorkSession).where(col(WorkSession.id) == session_id))
    return answers, marks


def delete_summary_mark_if_no_sessions(db: Session, *, chat_id: int) -> None:
    if latest_session(db, chat_id=chat_id) is None:
        db.exec(delete(SummaryMark).where(col(SummaryMark.chat_id) == chat_id))


def delete_idle_drafts(db: Session, *, idle_before: datetime) -> int:
    return db.exec(delete(ActionDraft).where(col(ActionDraft.updated_at) < idle_before)).rowcount


def delete_old_chat_messages(db: Session, *, created_before: datetime) -> int:
    """Sent messages of the action plan and team meetings older than the limit, except
    those a reminder still points at."""
    in_use = select(Reminder.outbox_id).where(col(Reminder.outbox_id).is_not(None))
    return db.exec(
        delete(OutboxMessage).where(
            col(OutboxMessage.session_id).is_(None),
            col(OutboxMessage.status).in_(SETTLED),
            col(OutboxMessage.created_at) < created_before,
            or_(
                *(
                    (col(OutboxMessage.kind) == family)
                    | col(OutboxMessage.kind).startswith(f"{family}:")
                    for family in CHAT_MESSAGE_FAMILIES
                )
            ),
            col(OutboxMessage.id).not_in(in_use),
        )
    ).rowcount
