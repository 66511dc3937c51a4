"""The action plan: actions, their reminders, and /actie drafts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ScalarSelect, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import Action, ActionDraft, OutboxMessage, Reminder
from storage.values import ActionStatus, DraftStatus, OutboxStatus, ReminderStatus

from ._shared import _held_groups

# --- actions ---------------------------------------------------------------------------


def add_numbered_action(db: Session, *, action: Action, attempts: int = 5) -> Action:
    """Store an action under the group's next number. Two processes numbering at the same
    moment collide on the unique (chat, number); the loser simply takes the next one."""
    for _ in range(attempts):
        highest = db.exec(
            select(func.max(Action.number)).where(Action.chat_id == action.chat_id)
        ).one()
        action.number = (highest or 0) + 1
        try:
            with db.begin_nested():
                db.add(action)
            return action
        except IntegrityError:
            continue
    raise RuntimeError(f"no free action number in chat {action.chat_id}")


def action_by_number(db: Session, *, chat_id: int, number: int) -> Action | None:
    return db.exec(
        select(Action).where(
            Action.chat_id == chat_id,
            Action.number == number,
            Action.status != ActionStatus.DELETED,
        )
    ).first()


def group_actions(
    db: Session,
    *,
    chat_id: int,
    session_id: int | None = None,
    open_from_earlier: bool = False,
    with_groupless: bool = False,
) -> Sequence[Action]:
    """A group's actions (not deleted), by number. With `session_id`: that session's, plus,
    with `open_from_earlier`, the unfinished ones of earlier sessions, and with
    `with_groupless` the ones made before the group's first session."""
    query = select(Action).where(Action.chat_id == chat_id, Action.status != ActionStatus.DELETED)
    if session_id is not None:
        wanted = col(Action.session_id) == session_id
        if open_from_earlier:
            wanted = wanted | (Action.status == ActionStatus.OPEN)
        if with_groupless:
            wanted = wanted | col(Action.session_id).is_(None)
        query = query.where(wanted)
    return db.exec(query.order_by(col(Action.number))).all()


def owned_actions(db: Session, *, owner_id: int) -> Sequence[Action]:
    return db.exec(
        select(Action)
        .where(Action.owner_id == owner_id, Action.status != ActionStatus.DELETED)
        .order_by(col(Action.chat_id), col(Action.number))
    ).all()


# --- reminders -------------------------------------------------------------------------


def cancel_pending_reminders(db: Session, *, action_id: int) -> None:
    db.exec(
        update(Reminder)
        .where(col(Reminder.action_id) == action_id, col(Reminder.status) == ReminderStatus.PENDING)
        .values(status=ReminderStatus.CANCELLED)
    )


def due_reminders(db: Session, *, now: datetime) -> Sequence[Reminder]:
    """Pending reminders of open actions that are due, oldest first."""
    return db.exec(
        select(Reminder)
        .join(Action, col(Action.id) == Reminder.action_id)
        .where(
            Reminder.status == ReminderStatus.PENDING,
            Reminder.due_at <= now,
            Action.status == ActionStatus.OPEN,
            col(Action.chat_id).not_in(_held_groups()),
        )
        .order_by(col(Reminder.due_at), col(Reminder.id))
        # Two bot processes never take the same reminder (PostgreSQL; SQLite has one writer).
        .with_for_update(skip_locked=True, of=Reminder)
    ).all()


def earliest_pending_reminder() -> ScalarSelect:
    return (
        select(func.min(Reminder.due_at))
        .join(Action, col(Action.id) == Reminder.action_id)
        .where(
            Reminder.status == ReminderStatus.PENDING,
            Action.status == ActionStatus.OPEN,
            col(Action.chat_id).not_in(_held_groups()),
        )
        .scalar_subquery()
    )


def sent_reminder_kinds(db: Session, *, action_id: int, deadline: date) -> set[str]:
    """Kinds of the action's reminders already out (or going out) for this deadline."""
    return set(
        db.exec(
            select(Reminder.kind).where(
                Reminder.action_id == action_id,
                Reminder.deadline == deadline,
                col(Reminder.status).in_(("sending", "sent", "skipped")),
            )
        ).all()
    )


def next_reminder_after(db: Session, *, reminder: Reminder) -> datetime | None:
    """When the reminder's action has its next pending one after it, if any."""
    return db.exec(
        select(func.min(Reminder.due_at)).where(
            Reminder.action_id == reminder.action_id,
            Reminder.status == "pending",
            Reminder.due_at > reminder.due_at,
        )
    ).one()


def reminders_settled_without_us(db: Session) -> Sequence[tuple[Reminder, OutboxMessage]]:
    """Reminders still marked as being sent whose outbox row was settled already (sent or
    given up just before a crash), with that row; one query, however many are in flight."""
    return db.exec(
        select(Reminder, OutboxMessage)
        .join(OutboxMessage, col(OutboxMessage.id) == col(Reminder.outbox_id))
        .where(
            Reminder.status == ReminderStatus.SENDING,
            col(OutboxMessage.status).in_((OutboxStatus.SENT, OutboxStatus.FAILED)),
        )
    ).all()


# --- drafts ----------------------------------------------------------------------------


def draft_of(db: Session, *, chat_id: int, user_id: int) -> ActionDraft | None:
    return db.exec(
        select(ActionDraft).where(ActionDraft.chat_id == chat_id, ActionDraft.user_id == user_id)
    ).first()


def stale_drafts(db: Session, *, idle_since: datetime) -> Sequence[ActionDraft]:
    return db.exec(
        select(ActionDraft)
        .where(ActionDraft.status == DraftStatus.OPEN, ActionDraft.updated_at <= idle_since)
        .with_for_update(skip_locked=True)
    ).all()


def earliest_open_draft_activity() -> ScalarSelect:
    return (
        select(func.min(ActionDraft.updated_at))
        .where(ActionDraft.status == DraftStatus.OPEN)
        .scalar_subquery()
    )
