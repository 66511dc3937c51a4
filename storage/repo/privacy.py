"""Privacy: forgetting a member, and the retention clean-up of old data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    bindparam,
    delete,
    exists,
    func,
    null,
    or_,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    Action,
    ActionDraft,
    Answer,
    BoardItem,
    BotSetting,
    GroupLink,
    GroupMember,
    Keyword,
    LinkCode,
    Mark,
    Member,
    OutboxMention,
    OutboxMessage,
    Participant,
    Question,
    Reminder,
    SummaryMark,
    TeamMeeting,
    UnhandledUpdate,
    WorkSession,
)
from storage.values import (
    ActionStatus,
    Family,
    OutboxStatus,
    ReminderStatus,
    SessionStatus,
)

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
    Family.FORGOTTEN,
    Family.CALENDAR,
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


def messages_naming(db: Session, *, user_id: int) -> set[int]:
    """The outbox rows linked to this member (see bot.services.common.link_mentions), and
    every row of their private chat."""
    linked = select(OutboxMention.outbox_id).where(OutboxMention.user_id == user_id)
    own_chat = select(OutboxMessage.id).where(OutboxMessage.chat_id == user_id)
    return {*db.exec(linked).all(), *db.exec(own_chat).all()}


def blank_messages(db: Session, *, ids: Iterable[int], blank: str) -> int:
    """The record of these messages, once on their way or past it, loses its text and
    buttons (a mark board is drawn afresh from the marks)."""
    return db.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_(sorted(ids)),
            col(OutboxMessage.status) != OutboxStatus.PENDING,
        )
        .values(text=blank, reply_markup=null())
        .execution_options(synchronize_session=False)
    ).rowcount


def unsent_messages(db: Session, *, ids: Iterable[int]) -> Sequence[OutboxMessage]:
    """Those of these rows nobody started sending yet, locked against delivery (which
    claims a row only while it is pending) until the caller's transaction ends."""
    return db.exec(
        select(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_(sorted(ids)),
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .order_by(col(OutboxMessage.id))
        .with_for_update()
    ).all()


def cancel_reminders_sent_by(db: Session, *, outbox_ids: Iterable[int]) -> None:
    """Reminders whose message was withdrawn: never sent, and not tried again elsewhere."""
    db.exec(
        update(Reminder)
        .where(
            col(Reminder.outbox_id).in_(sorted(outbox_ids)),
            col(Reminder.status) == ReminderStatus.SENDING,
        )
        .values(status=ReminderStatus.CANCELLED)
    )


def delete_mentions_of(db: Session, *, user_id: int) -> None:
    db.exec(delete(OutboxMention).where(col(OutboxMention.user_id) == user_id))


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
    return retention_moment(setting.value if setting else None)


def stored_retention_run() -> ScalarSelect:
    """The last run as stored (read with the other wake-ups' moments; retention_moment)."""
    return select(BotSetting.value).where(BotSetting.key == RETENTION_LAST_RUN).scalar_subquery()


def retention_moment(stored: str | None) -> datetime | None:
    return datetime.fromisoformat(stored) if stored else None


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


def anything_older_than(db: Session, *, cutoff: datetime) -> bool:
    """Whether any row the retention sweep looks at has a moment before the limit. Every
    removal below needs one (a session finished, an action settled, a draft, message or
    update left, a member seen before the limit), so without one there is nothing to
    remove: one statement instead of the sweep's dozen on most days."""
    return bool(db.exec(_anything_older(), params={"cutoff": cutoff}).one())


@cache
def _anything_older():
    cutoff = bindparam("cutoff")
    return select(
        or_(
            exists().where(col(WorkSession.finished_at) < cutoff),
            exists().where(func.coalesce(col(Action.done_at), col(Action.updated_at)) < cutoff),
            exists().where(col(ActionDraft.updated_at) < cutoff),
            exists().where(col(OutboxMessage.created_at) < cutoff),
            exists().where(col(UnhandledUpdate.created_at) < cutoff),
            exists().where(col(GroupMember.last_seen_at) < cutoff),
            exists().where(col(Member.updated_at) < cutoff),
        )
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
    families = (Family.ACTION, Family.CHANGED, Family.DONE, Family.HELP, Family.EDIT)
    _delete_messages(
        db,
        or_(
            col(OutboxMessage.family).in_(families) & (col(OutboxMessage.ref) == str(action.id)),
            (col(OutboxMessage.family) == Family.REMINDER)
            & col(OutboxMessage.ref).in_([str(reminder_id) for reminder_id in reminder_ids]),
        ),
    )
    db.exec(
        update(ActionDraft).where(col(ActionDraft.action_id) == action.id).values(action_id=None)
    )
    db.delete(action)
    db.flush()


def delete_session(db: Session, *, session_id: int) -> tuple[int, int]:
    """A session with its messages, questions, answers, marks and participants. Its actions
    must be gone or detached first. Returns (answers, marks) removed."""
    _delete_messages(db, col(OutboxMessage.session_id) == session_id)
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
    return _delete_messages(
        db,
        col(OutboxMessage.session_id).is_(None),
        col(OutboxMessage.status).in_(SETTLED),
        col(OutboxMessage.created_at) < created_before,
        col(OutboxMessage.family).in_(CHAT_MESSAGE_FAMILIES),
        col(OutboxMessage.id).not_in(in_use),
    )


def _delete_messages(db: Session, *where: ColumnElement[bool]) -> int:
    """Outbox rows with their links to the members they name."""
    doomed = select(OutboxMessage.id).where(*where)
    db.exec(delete(OutboxMention).where(col(OutboxMention.outbox_id).in_(doomed)))
    return db.exec(delete(OutboxMessage).where(*where)).rowcount


def expired_loose_actions(db: Session, *, settled_before: datetime) -> Sequence[Action]:
    """Actions made outside a session (or whose session is gone) that were finished or
    deleted before the limit."""
    return db.exec(
        select(Action).where(
            col(Action.session_id).is_(None),
            col(Action.status).in_((ActionStatus.DONE, ActionStatus.DELETED)),
            func.coalesce(col(Action.done_at), col(Action.updated_at)) < settled_before,
        )
    ).all()


def _refers_to(user: Any, chat: Any = None) -> list:
    # Correlated: `user` and `chat` are the outer statement's columns.
    """EXISTS clauses, one per kind of row that points at this member (in this group)."""

    def where(query, chat_column):
        return query.where(chat_column == chat) if chat is not None else query

    def in_session(model, column):
        return where(
            select(column)
            .join(WorkSession, col(WorkSession.id) == model.session_id)
            .where(column == user),
            WorkSession.chat_id,
        )

    queries = [
        in_session(Participant, col(Participant.user_id)),
        in_session(Mark, col(Mark.user_id)),
        in_session(Question, col(Question.asked_by)),
        in_session(Keyword, col(Keyword.added_by)),
        in_session(BoardItem, col(BoardItem.proposed_by)),
        where(select(WorkSession.id).where(WorkSession.chair_id == user), WorkSession.chat_id),
        where(select(Answer.id).where(Answer.user_id == user), Answer.chat_id),
        where(
            select(Action.id).where((Action.owner_id == user) | (Action.created_by == user)),
            Action.chat_id,
        ),
        where(
            select(ActionDraft.id).where(
                (ActionDraft.user_id == user) | (ActionDraft.owner_id == user)
            ),
            ActionDraft.chat_id,
        ),
        where(
            select(TeamMeeting.chat_id).where(TeamMeeting.created_by == user),
            TeamMeeting.chat_id,
        ),
        where(select(LinkCode.code).where(LinkCode.created_by == user), LinkCode.chat_id),
        where(select(GroupLink.chat_id).where(GroupLink.linked_by == user), GroupLink.chat_id),
    ]
    return [exists(query) for query in queries]


def delete_forgotten_memberships(db: Session, *, seen_before: datetime) -> int:
    """Who the bot saw in a group, once not seen there since the limit and with nothing of
    theirs left in that group."""
    return db.exec(_forgotten_memberships(), params={"seen_before": seen_before}).rowcount


# The two statements below are built once (a dozen EXISTS clauses each, which took
# SQLAlchemy longer to build than the database to run): the limit is their parameter.


@cache
def _forgotten_memberships():
    user, chat = col(GroupMember.user_id), col(GroupMember.chat_id)
    return delete(GroupMember).where(
        col(GroupMember.last_seen_at) < bindparam("seen_before"), ~or_(*_refers_to(user, chat))
    )


def delete_forgotten_members(db: Session, *, seen_before: datetime) -> int:
    """Members nothing points at any more (no group, session, answer, action...) and not
    seen since the limit: their name and username go."""
    return db.exec(_forgotten_members(), params={"seen_before": seen_before}).rowcount


@cache
def _forgotten_members():
    user = col(Member.id)
    in_a_group = exists(select(GroupMember.user_id).where(GroupMember.user_id == user))
    return delete(Member).where(
        col(Member.updated_at) < bindparam("seen_before"), ~in_a_group, ~or_(*_refers_to(user))
    )
