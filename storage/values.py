"""The values stored as plain strings: statuses, and what each outbox message is about.

StrEnums compare equal to the strings already in the database, so typing them needed no
migration; `Kind` is what an outbox message is about (its family, the row it refers to and
a detail), stored in three columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class SessionStatus(StrEnum):
    GATHERING = "gathering"
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Priority(IntEnum):
    """Which of a chat's unsent messages goes first (lower first; the same priority keeps
    the order they were queued in). The session's own messages must not wait behind a
    member's stream of commands: the step clock runs while they wait."""

    SESSION = 0  # what the session and the bot's clock post: cards, hulpvragen, reminders
    ANSWER = 1  # what answers a member's command: replies, /poster, /export, /samenvatting


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DELETED = "deleted"


class ReminderStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class DraftStatus(StrEnum):
    OPEN = "open"
    ABANDONED = "abandoned"
    SAVED = "saved"
    CANCELLED = "cancelled"


class QuestionKind(StrEnum):
    CARD = "card"  # the step's central question, on its card
    HULPVRAAG = "hulpvraag"
    OWN = "eigen"  # asked by a member with /vraag


class Stage(StrEnum):
    """The question the /actie dialog asks (ActionDraft.stage, and a dialog kind's detail)."""

    WHAT = "what"
    OWNER = "owner"
    DEADLINE = "deadline"
    ACTIVITY = "activity"  # the step 4 activity the action carries out
    NEEDS = "needs"
    LEERJAAR = "leerjaar"
    CONFIRM = "confirm"
    RESUME = "resume"  # the offer to carry on with an earlier draft; never a draft's stage
    SAVE = "save"  # nothing left to ask; never stored


class EditField(StrEnum):
    """What a change of an existing action asks for (an edit kind's detail)."""

    OWNER = "owner"
    DEADLINE = "deadline"
    TEXT = "text"


class Channel(StrEnum):
    """Where a reminder went."""

    DM = "dm"
    GROUP = "group"


class Family(StrEnum):
    """What an outbox message is; with `Kind`'s reference, which row it is about."""

    # The work session (these carry the session's id in `OutboxMessage.session_id`).
    OPENING = "opening"
    SPLIT_TIP = "split_tip"
    CARD = "card"  # ref: step number
    BOARD = "board"  # ref: board key; detail: the component or where it groups
    HULPVRAAG = "hulpvraag"
    HULPVRAGEN = "hulpvragen"  # ref: step number; the card with the step's hulpvragen
    HULPVRAGEN_SWITCH = "hulpvragen-switch"
    OWN_ITEM = "own-item"  # ref: the board item's id; the chair adds it to the board
    KEYWORDS = "keywords"  # ref: step number; the proposed steekwoorden
    KEYWORD_ADDED = "keyword-added"
    RANKING = "ranking"  # the competences ranked at the end of step 3
    PLAN = "plan"  # the plan per leerjaar at the end of step 5
    OWN_QUESTION = "eigen"
    WARNING = "warning"
    EXTENDED = "extended"
    PAUSED = "paused"
    RESUMED = "resumed"
    CHAIR = "chair"
    WRAPUP = "wrapup"  # ref: step number
    CLOSING = "closing"
    SUMMARY = "summary"
    SUMMARY_DOCUMENT = "summary_document"
    # The action plan (ref: the action's, draft's or reminder's id).
    ACTION = "action"
    EDIT = "edit"  # detail: the field asked for
    CHANGED = "changed"
    DONE = "done"
    HELP = "help"
    DIALOG = "dialog"  # ref: draft id; detail: the stage asked for
    DIALOG_CLOSED = "dialog-closed"
    REMINDER = "reminder"
    # What the team keeps (ref: the file, e.g. "png", "csv").
    POSTER = "poster"
    EXPORT = "export"
    CALENDAR = "calendar"
    # Team meetings and privacy.
    MEETING = "meeting"
    BRIEF = "brief"
    VACATION = "vacation"
    FORGOTTEN = "forgotten"
    # Linked sub-groups of one team: the code, (un)link notices, the terugkoppeling.
    LINK = "link"
    FEEDBACK = "feedback"
    # A member left the group: who chairs now, which open actions lost their owner.
    MEMBERSHIP = "membership"
    # The shell's: an answer to a member's command or button (sent as a reply to it), and
    # a bot message edited in place (its id, or its outbox row's, in the row's edit fields).
    REPLY = "reply"
    REFRESH = "refresh"


@dataclass(frozen=True)
class Kind:
    """What an outbox message is about, stored in its own columns (`OutboxMessage.family`,
    `.ref`, `.detail`) so rows are found by comparing columns, never by matching text."""

    family: Family
    ref: int | str | None = None
    detail: str | None = None

    @classmethod
    def from_columns(cls, family: str, ref: str | None, detail: str | None) -> Kind:
        """The kind a row stores; a numeric reference comes back as the id it was, so it
        equals the `Kind` the message was sent with."""
        return cls(Family(family), int(ref) if ref is not None and ref.isdigit() else ref, detail)

    @property
    def stored_ref(self) -> str | None:
        """The reference as the `ref` column holds it."""
        return None if self.ref is None else str(self.ref)

    @property
    def ref_id(self) -> int | None:
        """The reference as a row id; None when it is none."""
        ref = self.stored_ref or ""
        return int(ref) if ref.isdigit() else None
