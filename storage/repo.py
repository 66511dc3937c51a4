"""Data access: small keyword-only functions over one SQLModel session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import String, cast, delete, func, null, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    Action,
    ActionDraft,
    Answer,
    BotSetting,
    GroupChat,
    Mark,
    Member,
    OutboxMessage,
    Participant,
    ProcessedUpdate,
    Question,
    Reminder,
    SummaryMark,
    TeamMeeting,
    UnhandledUpdate,
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


def _held_groups():
    """Groups the bot was removed from: their clocks, reminders and messages wait."""
    return select(GroupChat.id).where(col(GroupChat.active).is_(False))


def running_sessions(db: Session) -> Sequence[WorkSession]:
    return db.exec(
        select(WorkSession).where(
            WorkSession.status == "running", col(WorkSession.chat_id).not_in(_held_groups())
        )
    ).all()


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


def outbox_heads(db: Session) -> Sequence[OutboxMessage]:
    """Each chat's earliest message not yet delivered. Only a head is ever sent, so a chat's
    messages keep their order, also across processes: while one process is sending a
    chat's head (status `sending`), nobody sends that chat's next message."""
    first_unsent = (
        select(func.min(OutboxMessage.id))
        .where(col(OutboxMessage.status).in_(("pending", "sending")))
        .group_by(OutboxMessage.chat_id)
    )
    return db.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.id).in_(first_unsent))
        .order_by(col(OutboxMessage.id))
    ).all()


def claim_outbox(db: Session, *, message_id: int, now: datetime) -> bool:
    """Move one row from pending to sending; False when someone else got it first."""
    result = db.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == "pending")
        .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
    )
    return result.rowcount == 1


def earliest_retry(db: Session) -> datetime | None:
    return db.exec(
        select(func.min(OutboxMessage.not_before)).where(OutboxMessage.status == "pending")
    ).one()


def recent_send_times(db: Session, *, chat_id: int, since: datetime) -> list[datetime]:
    """When the bot's messages to this chat were accepted, newest first."""
    return list(
        db.exec(
            select(OutboxMessage.sent_at)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.status == "sent",
                col(OutboxMessage.sent_at) >= since,
            )
            .order_by(col(OutboxMessage.sent_at).desc())
        ).all()
    )


def outbox_message(db: Session, *, session_id: int, kind: str) -> OutboxMessage | None:
    return db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.session_id == session_id, OutboxMessage.kind == kind)
        .order_by(col(OutboxMessage.id).desc())
    ).first()


def settle_expired_claims(db: Session, *, claimed_before: datetime) -> int:
    """Rows whose sender died mid-send (its claim outlived the lease). Telegram may well
    have shown them, so they are not sent again: a doubled card or reminder is worse than
    a missing message id, and replies to such a message are still matched by its text."""
    result = db.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.status) == "sending",
            # No claim time: claimed before leases existed, so long ago.
            or_(
                col(OutboxMessage.claimed_at) <= claimed_before,
                col(OutboxMessage.claimed_at).is_(None),
            ),
        )
        .values(status="sent", last_error="sender stopped mid-send; not resent")
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


def set_group_active(db: Session, *, chat_id: int, title: str, active: bool, now: datetime) -> None:
    """The bot was removed from (False) or added back to (True) a group. Nothing is deleted."""
    group = db.get(GroupChat, chat_id) or GroupChat(id=chat_id, title=title, updated_at=now)
    group.title = title or group.title
    group.active = active
    group.updated_at = now
    db.add(group)


def inactive_group_ids(db: Session) -> set[int]:
    return set(db.exec(select(GroupChat.id).where(GroupChat.active == False)).all())  # noqa: E712


def move_group(db: Session, *, old_chat_id: int, new_chat_id: int, now: datetime) -> None:
    """The group became a supergroup with a new id: its sessions, actions, drafts, team
    meeting and undelivered messages move along. Answers keep the old id, because their
    message ids belong to the old chat."""
    for model in (WorkSession, Action, ActionDraft, OutboxMessage):
        condition = [model.chat_id == old_chat_id]
        if model is OutboxMessage:
            condition.append(col(OutboxMessage.status).in_(("pending", "sending")))
        db.exec(update(model).where(*condition).values(chat_id=new_chat_id))
    for model in (TeamMeeting, SummaryMark):
        row = db.get(model, old_chat_id)
        if row is not None and db.get(model, new_chat_id) is None:
            db.exec(update(model).where(model.chat_id == old_chat_id).values(chat_id=new_chat_id))
    old = db.get(GroupChat, old_chat_id)
    title = old.title if old else ""
    if old is not None:
        old.migrated_to = new_chat_id
        old.active = False
        old.updated_at = now
        db.add(old)
    db.flush()
    set_group_active(db, chat_id=new_chat_id, title=title, active=True, now=now)


def group_titles(db: Session, *, chat_ids: Sequence[int]) -> dict[int, str]:
    if not chat_ids:
        return {}
    rows = db.exec(select(GroupChat).where(col(GroupChat.id).in_(list(chat_ids)))).all()
    return {group.id: group.title for group in rows}


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
        .where(
            Reminder.status == "pending",
            Reminder.due_at <= now,
            Action.status == "open",
            col(Action.chat_id).not_in(_held_groups()),
        )
        .order_by(col(Reminder.due_at), col(Reminder.id))
        # Two bot processes never take the same reminder (PostgreSQL; SQLite has one writer).
        .with_for_update(skip_locked=True, of=Reminder)
    ).all()


def earliest_pending_reminder(db: Session) -> datetime | None:
    return db.exec(
        select(func.min(Reminder.due_at))
        .join(Action, col(Action.id) == Reminder.action_id)
        .where(
            Reminder.status == "pending",
            Action.status == "open",
            col(Action.chat_id).not_in(_held_groups()),
        )
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
        select(ActionDraft)
        .where(ActionDraft.status == "open", ActionDraft.updated_at <= idle_since)
        .with_for_update(skip_locked=True)
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
        select(TeamMeeting)
        .where(col(TeamMeeting.active).is_(True), col(TeamMeeting.next_at) <= moment)
        .with_for_update(skip_locked=True)
    ).all()


def save_summary_mark(db: Session, *, chat_id: int, states: dict[str, str], now: datetime) -> None:
    mark = db.get(SummaryMark, chat_id) or SummaryMark(chat_id=chat_id, posted_at=now)
    mark.posted_at = now
    mark.action_states = states
    db.add(mark)


# --- privacy and retention -------------------------------------------------------------

RETENTION_LAST_RUN = "retention_last_run"
# The action plan's and team meetings' messages carry no session; once older than the
# retention period they are dropped from the record of sent messages (see
# `delete_old_chat_messages`).
CHAT_MESSAGE_KINDS = (
    "dialog",
    "edit:",
    "changed:",
    "done:",
    "help:",
    "reminder:",
    "brief",
    "meeting",
)
SETTLED = ("sent", "failed")


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


def release_owned_actions(db: Session, *, owner_id: int) -> list[Action]:
    """Every action of this owner becomes "zonder eigenaar"; pending reminders of the open
    ones are cancelled. Returns the open ones."""
    released = list(db.exec(select(Action).where(Action.owner_id == owner_id)).all())
    for action in released:
        action.owner_id = None
        db.add(action)
        if action.status == "open":
            cancel_pending_reminders(db, action_id=action.id)
    return sorted((a for a in released if a.status == "open"), key=lambda a: (a.chat_id, a.number))


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
    loses its text and buttons. Undelivered messages and the mark boards (whose text is
    read back) are left alone."""
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
            ~col(OutboxMessage.kind).startswith("board:"),
            or_(*names_them),
        )
        .values(text=blank, reply_markup=null())
    ).rowcount


def unhandled_updates(db: Session) -> Sequence[UnhandledUpdate]:
    return db.exec(select(UnhandledUpdate)).all()


def delete_unhandled_updates(db: Session, *, ids: Sequence[int]) -> int:
    if not ids:
        return 0
    return db.exec(delete(UnhandledUpdate).where(col(UnhandledUpdate.id).in_(list(ids)))).rowcount


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
            col(WorkSession.status).in_(("finished", "stopped")),
            col(WorkSession.finished_at) < finished_before,
        )
    ).all()


def session_actions(db: Session, *, session_id: int) -> Sequence[Action]:
    return db.exec(select(Action).where(Action.session_id == session_id)).all()


def delete_action(db: Session, *, action: Action) -> None:
    """An action with its reminders and every message about it."""
    reminder_ids = db.exec(select(Reminder.id).where(Reminder.action_id == action.id)).all()
    db.exec(delete(Reminder).where(col(Reminder.action_id) == action.id))
    kinds = [f"{kind}:{action.id}" for kind in ("action", "changed", "done", "help")]
    kinds += [f"reminder:{reminder_id}" for reminder_id in reminder_ids]
    db.exec(
        delete(OutboxMessage).where(
            col(OutboxMessage.kind).in_(kinds)
            | col(OutboxMessage.kind).startswith(f"edit:{action.id}:")
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
            or_(*(col(OutboxMessage.kind).startswith(kind) for kind in CHAT_MESSAGE_KINDS)),
            col(OutboxMessage.id).not_in(in_use),
        )
    ).rowcount


def delete_unhandled_updates_before(db: Session, *, created_before: datetime) -> int:
    return db.exec(
        delete(UnhandledUpdate).where(col(UnhandledUpdate.created_at) < created_before)
    ).rowcount


# --- updates ---------------------------------------------------------------------------


def claim_update(db: Session, *, update_id: int, process_id: str, now: datetime) -> bool:
    """Take an update on; False when it was handled already or is being handled now.

    An unfinished claim by another process means that process died mid-update (polling has
    one process; a webhook delivery is only repeated when the first attempt failed), so the
    update is taken over. One by this process is the same update still in hand: a duplicate.
    """
    existing = db.get(ProcessedUpdate, update_id, with_for_update=True)
    if existing is None:
        try:
            with db.begin_nested():
                db.add(ProcessedUpdate(update_id=update_id, claimed_at=now, claimed_by=process_id))
            return True
        except IntegrityError:
            return False  # another process took it on at this very moment
    if existing.done or existing.claimed_by == process_id:
        return False
    existing.claimed_at = now
    existing.claimed_by = process_id
    db.add(existing)
    return True


def finish_update(db: Session, *, update_id: int) -> None:
    db.exec(
        update(ProcessedUpdate).where(col(ProcessedUpdate.update_id) == update_id).values(done=True)
    )


def forget_update_ids(db: Session, *, claimed_before: datetime) -> None:
    db.exec(delete(ProcessedUpdate).where(col(ProcessedUpdate.claimed_at) < claimed_before))


def keep_unhandled_update(
    db: Session, *, update_id: int, chat_id: int | None, payload: dict, error: str, now: datetime
) -> None:
    db.add(
        UnhandledUpdate(
            update_id=update_id, chat_id=chat_id, payload=payload, error=error[:500], created_at=now
        )
    )


# --- settings the bot generates ----------------------------------------------------------


def setting_or_create(db: Session, *, key: str, make: Callable[[], str]) -> str:
    """The stored value, or `make()` stored now. Two processes starting at once agree."""
    existing = db.get(BotSetting, key)
    if existing is not None:
        return existing.value
    try:
        with db.begin_nested():
            db.add(BotSetting(key=key, value=make()))
    except IntegrityError:
        pass  # the other process stored its value first; use that one
    return db.get(BotSetting, key, populate_existing=True).value
