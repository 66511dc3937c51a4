"""All tables, in one place.

Telegram ids exceed 32 bits, so every chat, user and message id is a BIGINT.
Times are aware UTC (see `UTCDateTime`).
Generated ids are typed `int`, not `int | None`: a row's id is None only between its
construction and the flush that inserts it, and no code reads it in between.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Column, Enum, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime
from storage.values import (
    ActionStatus,
    DraftStatus,
    Family,
    Kind,
    OutboxStatus,
    ReminderStatus,
    SessionStatus,
)


def _enum(enum: type[StrEnum], *, length: int) -> Enum:
    """The enum's values as plain strings (VARCHAR, no database enum type and no
    constraint, so a new value needs no migration), read back as the enum."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )


def _status(enum: type[StrEnum], default: StrEnum):
    """A status column (see `_enum`)."""
    return Field(
        default=default,
        sa_column=Column(_enum(enum, length=16), nullable=False, index=True),
    )


def _when(*, nullable: bool = False, index: bool = False):
    return Field(
        default=None,
        sa_column=Column(UTCDateTime(), nullable=nullable, index=index),
    )


class Member(SQLModel, table=True):
    """A Telegram user the bot has met in a group or a private chat."""

    id: int = Field(sa_type=BigInteger, primary_key=True)
    first_name: str
    last_name: str | None = None
    username: str | None = None
    # True once the member sent /start in a private chat: the bot may send them messages.
    private_chat: bool = False
    updated_at: datetime = _when()


class WorkSession(SQLModel, table=True):
    """One run of the five-step work session in a group (or a forum topic)."""

    __tablename__ = "work_session"
    # At most one open session per group, also when two processes take /sessie at once.
    __table_args__ = (
        Index(
            "uq_work_session_open_per_chat",
            "chat_id",
            unique=True,
            sqlite_where=text("status IN ('gathering', 'running')"),
            postgresql_where=text("status IN ('gathering', 'running')"),
        ),
        # Wake-ups find the running sessions with something due (migration 0011).
        Index("ix_work_session_status_next_due", "status", "next_due_at"),
    )

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    thread_id: int | None = Field(default=None, sa_type=BigInteger)
    chair_id: int = Field(sa_type=BigInteger)
    # gathering -> running -> finished | stopped
    status: SessionStatus = _status(SessionStatus, SessionStatus.GATHERING)
    total_minutes: int
    # Planned seconds per step, fixed when the session is opened.
    step_seconds: list[int] = Field(sa_column=Column(JSON, nullable=False))
    current_step: int = 0
    step_started_at: datetime | None = _when(nullable=True)
    step_extra_seconds: int = 0
    step_paused_seconds: int = 0
    paused_at: datetime | None = _when(nullable=True)
    hulpvragen_posted: int = 0
    warned: bool = False
    # While running and not paused: when the step next has a hulpvraag, the warning or its
    # end due (bot.core.session.timeline.next_due_at); while gathering without a chair: its time-out.
    # Kept by bot.services.session.state with every change of the session.
    next_due_at: datetime | None = _when(nullable=True)
    # Seeds the order of hulpvragen so a restart never reshuffles them.
    question_seed: int = 0
    # The bot posts hulpvragen by itself at intervals; /hulpvragen uit stops that.
    hulpvragen_auto: bool = True
    split_tip_given: bool = False
    created_at: datetime = _when()
    started_at: datetime | None = _when(nullable=True)
    finished_at: datetime | None = _when(nullable=True)


class Participant(SQLModel, table=True):
    session_id: int = Field(foreign_key="work_session.id", primary_key=True)
    user_id: int = Field(sa_type=BigInteger, primary_key=True)
    joined_at: datetime = _when()


class Question(SQLModel, table=True):
    """Something the bot asked in a step: the step card, a hulpvraag or a member's /vraag."""

    id: int = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="work_session.id", index=True)
    step: int
    kind: str  # a storage.values.QuestionKind
    text: str
    asked_by: int | None = Field(default=None, sa_type=BigInteger)
    # Filled in once Telegram accepted the message; replies are matched on it.
    message_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    created_at: datetime = _when()


class GroupMember(SQLModel, table=True):
    """A member the bot has seen in a group (a command, a reply, a button, a join, a service
    message). Telegram has no call that turns @username into a user, so this is how
    `/actie @anna ...` finds Anna. A member who left or was removed keeps the row with
    `left_at` set: for every rule they are no member until they come back."""

    __tablename__ = "group_member"

    chat_id: int = Field(sa_type=BigInteger, primary_key=True)
    user_id: int = Field(sa_type=BigInteger, primary_key=True, index=True)
    last_seen_at: datetime = _when()
    left_at: datetime | None = _when(nullable=True)


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("chat_id", "message_id", name="uq_answer_message"),)

    id: int = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="work_session.id", index=True)
    question_id: int | None = Field(default=None, foreign_key="question.id")
    step: int
    user_id: int = Field(sa_type=BigInteger)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    text: str
    created_at: datetime = _when()
    edited_at: datetime | None = _when(nullable=True)


class Mark(SQLModel, table=True):
    """A member's mark on the poster: a competence (step 3) or an activity (step 4)."""

    __table_args__ = (
        UniqueConstraint("session_id", "user_id", "board", "item_key", name="uq_mark"),
    )

    id: int = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="work_session.id", index=True)
    user_id: int = Field(sa_type=BigInteger)
    board: str  # competenties | al | nieuw
    item_key: str
    created_at: datetime = _when()


class BoardItem(SQLModel, table=True):
    """A competence (step 3) or an activity (step 4) a member proposed by replying to a
    board; once the chair adds it, it is on the board like the deck's items. Marks name it
    by `key`."""

    __tablename__ = "board_item"

    id: int = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="work_session.id", index=True)
    kind: str  # competenties | activiteiten
    label: str
    # The component (competences) or where (activities); set when the chair adds it.
    grouping: str | None = None
    proposed_by: int | None = Field(default=None, sa_type=BigInteger)
    added: bool = False
    created_at: datetime = _when()

    @property
    def key(self) -> str:
        return f"eigen{self.id}"


class Keyword(SQLModel, table=True):
    """A steekwoord of a step for the poster: proposed by the bot from the answers (the chair
    keeps or drops it) or added by a member with /steekwoord."""

    __table_args__ = (UniqueConstraint("session_id", "step", "text", name="uq_keyword"),)

    id: int = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="work_session.id", index=True)
    step: int
    text: str
    proposed: bool = True  # False: added with /steekwoord
    kept: bool = True
    added_by: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = _when()


class OutboxMessage(SQLModel, table=True):
    """A message the bot decided to send. Written in the same transaction as the decision,
    delivered afterwards, so a crash never forgets a message and never decides twice."""

    __tablename__ = "outbox"
    # The hot reads: each chat's first unsent row, the next retry, a bot message by its id.
    __table_args__ = (
        Index("ix_outbox_status_chat_priority", "status", "chat_id", "priority", "id"),
        Index("ix_outbox_status_not_before", "status", "not_before"),
        Index("ix_outbox_chat_message", "chat_id", "message_id"),
        # Every answer to a command looks for the same member's same command just before.
        Index("ix_outbox_chat_request", "chat_id", "request_key"),
    )

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    thread_id: int | None = Field(default=None, sa_type=BigInteger)
    # What the message is about (storage.values.Kind): its family, the row or file it
    # refers to (an id as digits) and a detail such as the dialog stage it asks.
    family: Family = Field(sa_column=Column(_enum(Family, length=32), nullable=False))
    ref: str | None = None
    detail: str | None = None
    text: str
    reply_markup: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    pin: bool = False
    # When set, `text` is the body of a document with this file name.
    document_name: str | None = None
    # A file built from the database when the row is sent (off the event loop): what to
    # build and from which rows, never the content (bot.services.documents.attachments
    # documents the shape, e.g. {"build": "poster_png", "as": "photo", "session_id": 7}).
    # `text` is then its caption and `document_name` its file name.
    attachment: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # storage.values.Priority: a chat's unsent rows go lowest first, then by id.
    priority: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Who asked for this message with which command (bot.core.requests), for a reply to
    # a repeated command and the limit on heavy ones; None for what nobody asked for.
    request_key: str | None = Field(default=None, max_length=120)
    # pending -> sending -> sent | failed
    status: OutboxStatus = _status(OutboxStatus, OutboxStatus.PENDING)
    # When a process claimed it for sending; a claim older than the lease means that
    # process died mid-send.
    claimed_at: datetime | None = _when(nullable=True, index=True)
    not_before: datetime | None = _when(nullable=True)
    attempts: int = 0
    last_error: str | None = None
    session_id: int | None = Field(default=None, foreign_key="work_session.id", index=True)
    question_id: int | None = Field(default=None, foreign_key="question.id")
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    # Sent as a reply to this message of the same chat (a dialog question to its member,
    # the answer to a command).
    reply_to_message_id: int | None = Field(default=None, sa_type=BigInteger)
    # Not a new message: the bot's message with this id is edited to `text` and
    # `reply_markup` (a refreshed participant list or mark board)...
    edits_message_id: int | None = Field(default=None, sa_type=BigInteger)
    # ...or the message this earlier outbox row became (it is sent first: same chat).
    edits_outbox_id: int | None = None
    created_at: datetime = _when()
    sent_at: datetime | None = _when(nullable=True)

    @property
    def message_kind(self) -> Kind:
        return Kind.from_columns(self.family, self.ref, self.detail)


class OutboxMention(SQLModel, table=True):
    """A member an outbox message names (by name, @username or mention link), written when
    the message is queued or its text changes. /vergeetmij blanks or withdraws exactly
    these messages, also under a name the member no longer uses."""

    __tablename__ = "outbox_mention"

    outbox_id: int = Field(foreign_key="outbox.id", primary_key=True)
    user_id: int = Field(sa_type=BigInteger, primary_key=True, index=True)


# --- the action plan (step 5 and after) ----------------------------------------------------


class Action(SQLModel, table=True):
    """Something a member will do, by a deadline. Numbered per group, stable forever."""

    __table_args__ = (UniqueConstraint("chat_id", "number", name="uq_action_number"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    thread_id: int | None = Field(default=None, sa_type=BigInteger)
    number: int
    session_id: int | None = Field(default=None, foreign_key="work_session.id", index=True)
    text: str
    # None: "zonder eigenaar" (the owner asked to be forgotten).
    owner_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    deadline: date
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    needs_note: str | None = None
    leerjaar: str | None = None
    # The activity of step 4 this action carries out (its label as shown then).
    activity: str | None = None
    status: ActionStatus = _status(ActionStatus, ActionStatus.OPEN)
    created_by: int = Field(sa_type=BigInteger)
    created_at: datetime = _when()
    updated_at: datetime = _when()
    done_at: datetime | None = _when(nullable=True)
    help_asked_at: datetime | None = _when(nullable=True)


class Reminder(SQLModel, table=True):
    """One planned reminder of an action's owner. Re-planned when the deadline moves."""

    # Every wake-up asks for the due, the next and the in-flight ones: by status first.
    __table_args__ = (Index("ix_reminder_status_due", "status", "due_at"),)

    id: int = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    kind: str  # week_before | day_before | on_day | overdue_1..3
    due_at: datetime = _when(index=True)
    # pending -> sending -> sent | failed; pending -> cancelled (action done or moved) or
    # skipped (a later reminder of the same action came due at the same time, or comes on
    # the same first working day after a vacation this one ran into while the bot was down)
    status: ReminderStatus = _status(ReminderStatus, ReminderStatus.PENDING)
    channel: str | None = None  # dm | group
    # The outbox row carrying it; the reminder is sent once that row is.
    outbox_id: int | None = Field(default=None, foreign_key="outbox.id")
    sent_at: datetime | None = _when(nullable=True)
    last_error: str | None = None
    # The deadline it was planned for: re-planning for the same deadline (the team's
    # calendar changed) never sends a kind twice.
    deadline: date | None = None


class ActionDraft(SQLModel, table=True):
    """A guided /actie dialog in progress, one per member per group. Kept when abandoned."""

    __table_args__ = (UniqueConstraint("chat_id", "user_id", name="uq_draft_member"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    thread_id: int | None = Field(default=None, sa_type=BigInteger)
    user_id: int = Field(sa_type=BigInteger)
    # what | owner | deadline | activity | needs | leerjaar | confirm
    stage: str = "what"
    # open -> saved | cancelled; open -> abandoned (timed out) -> open (picked up again)
    status: DraftStatus = _status(DraftStatus, DraftStatus.OPEN)
    # Guided (bare /actie): asks everything. Otherwise a one-line /actie that missed a part:
    # only that part is asked, then the action is saved.
    guided: bool = True
    text: str | None = None
    owner_id: int | None = Field(default=None, sa_type=BigInteger)
    deadline: date | None = None
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    needs_note: str | None = None
    leerjaar: str | None = None
    activity: str | None = None
    # The bot's latest question in this dialog (replies are matched on every question of
    # the dialog through the outbox; questions from before `created_at` are stale).
    prompt_message_id: int | None = Field(default=None, sa_type=BigInteger)
    # The action this draft was saved as.
    action_id: int | None = Field(default=None, foreign_key="action.id")
    created_at: datetime = _when()
    updated_at: datetime = _when(index=True)


class TeamMeeting(SQLModel, table=True):
    """A group's recurring team meeting: the summary is posted an hour before each one."""

    chat_id: int = Field(sa_type=BigInteger, primary_key=True)
    thread_id: int | None = Field(default=None, sa_type=BigInteger)
    weekday: int  # Monday = 0
    time_of_day: str  # "15:30", local time
    every_weeks: int = 1
    active: bool = True
    next_at: datetime | None = _when(nullable=True, index=True)
    created_by: int = Field(sa_type=BigInteger)
    updated_at: datetime = _when()
    # Meetings passed over since the last brief (a holiday or the team's vacation), told in
    # the next one: [[local ISO date, holiday name or null for a vacation], ...].
    skipped: list | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class TeamVacation(SQLModel, table=True):
    """A team's own vacation or day off: no reminders and no team-meeting brief then."""

    __tablename__ = "team_vacation"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    starts_on: date
    ends_on: date  # the last day off
    created_at: datetime = _when()


class SummaryMark(SQLModel, table=True):
    """What a group's last team summary showed, to tell what changed since."""

    chat_id: int = Field(sa_type=BigInteger, primary_key=True)
    posted_at: datetime = _when()
    # action number -> status shown then ("open", "done", "late", "help")
    action_states: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class GroupChat(SQLModel, table=True):
    """A group the bot works in; its title tells members in a private chat which team."""

    id: int = Field(sa_type=BigInteger, primary_key=True)
    title: str
    # False while the bot is removed from the group: nothing is sent there, nothing deleted.
    active: bool = True
    # Set when the group became a supergroup with a new id.
    migrated_to: int | None = Field(default=None, sa_type=BigInteger)
    updated_at: datetime = _when()


class ProcessedUpdate(SQLModel, table=True):
    """Telegram update ids already taken on, so a redelivered update changes nothing."""

    __tablename__ = "processed_update"

    update_id: int = Field(sa_type=BigInteger, primary_key=True)
    claimed_at: datetime = _when(index=True)
    # The bot process (one id per start) that took it on.
    claimed_by: str = ""
    done: bool = False


class UnhandledUpdate(SQLModel, table=True):
    """An update whose handler failed: kept whole, so what the member typed is not lost."""

    __tablename__ = "unhandled_update"

    id: int = Field(default=None, primary_key=True)
    update_id: int = Field(sa_type=BigInteger, index=True)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)
    payload: dict = Field(sa_column=Column(JSON, nullable=False))
    error: str
    created_at: datetime = _when()


class BotSetting(SQLModel, table=True):
    """Values the bot generates once and every process shares (the webhook secret)."""

    __tablename__ = "bot_setting"

    key: str = Field(primary_key=True)
    value: str = Field(repr=False)


class LinkCode(SQLModel, table=True):
    """A code a chair hands to the chair of another group to link the two (/koppel): valid
    for a day, used once."""

    __tablename__ = "link_code"

    code: str = Field(primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    created_by: int = Field(sa_type=BigInteger)
    created_at: datetime = _when()
    expires_at: datetime = _when()
    used_at: datetime | None = _when(nullable=True)
    used_by_chat: int | None = Field(default=None, sa_type=BigInteger)


class GroupLink(SQLModel, table=True):
    """A group that is one sub-group of a larger team: groups with the same `team_id` are
    linked, and bring their conclusions (never their answers) together."""

    __tablename__ = "group_link"

    chat_id: int = Field(sa_type=BigInteger, primary_key=True)
    # The id of the group that handed out the first code; it only names the team.
    team_id: int = Field(sa_type=BigInteger, index=True)
    linked_by: int = Field(sa_type=BigInteger)
    linked_at: datetime = _when()
