"""Every button: its callback data (encode, decode), the pattern the shell routes it by,
and the reply markup (Telegram's JSON) services attach to a message. No Telegram here: the
shell registers `ROUTE`s and hands the pressed data back to `decode`.

Callback data never carries trust: it names a row by id, and every press is checked against
the database (right chat, right member) by the service that handles it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Protocol

from bot import texts
from bot.services.common import Refusal

# Button data names rows by id. Every row id fits 32 bits, so at most 9 digits reach the
# services; forged longer ones stop at the routing, at the shell's catch-all.
ID = r"\d{1,9}"

NO_BUTTONS: dict = {"inline_keyboard": []}


class CallbackData(Protocol):
    def encode(self) -> str: ...


def inline_buttons(rows: Sequence[Sequence[tuple[str, CallbackData]]]) -> dict:
    """Rows of (label, callback data)."""
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data.encode()} for label, data in row] for row in rows
        ]
    }


def in_pairs(buttons: Sequence[tuple[str, CallbackData]]) -> list[list[tuple[str, CallbackData]]]:
    return [list(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]


def with_link(markup: dict, label: str, url: str) -> dict:
    """The markup with one more row: a button that opens `url`."""
    return {"inline_keyboard": [*markup["inline_keyboard"], [{"text": label, "url": url}]]}


def force_reply(placeholder: str) -> dict:
    # selective: only the member who is asked gets the reply box (they are mentioned).
    return {"force_reply": True, "selective": True, "input_field_placeholder": placeholder[:64]}


def _route(prefix: str) -> str:
    """Data starting with the prefix and an id of at most 9 digits reaches its handler;
    whatever follows is checked by `decode` (a malformed rest is a Refusal)."""
    return rf"^{prefix}:{ID}(?::|$)"


def _read(pattern: re.Pattern[str], data: str) -> re.Match[str]:
    match = pattern.fullmatch(data)
    if match is None:
        raise Refusal(texts.UNKNOWN_BUTTON_DATA)
    return match


def _member(enum: type[StrEnum], value: str):
    try:
        return enum(value)
    except ValueError:
        raise Refusal(texts.UNKNOWN_BUTTON_DATA) from None


# --- the work session ----------------------------------------------------------------------


@dataclass(frozen=True)
class JoinSession:
    session_id: int

    ROUTE: ClassVar[str] = _route("join")
    _FORMAT: ClassVar = re.compile(rf"join:({ID})")

    def encode(self) -> str:
        return f"join:{self.session_id}"

    @classmethod
    def decode(cls, data: str) -> JoinSession:
        return cls(int(_read(cls._FORMAT, data)[1]))


@dataclass(frozen=True)
class BeginSession:
    session_id: int

    ROUTE: ClassVar[str] = _route("begin")
    _FORMAT: ClassVar = re.compile(rf"begin:({ID})")

    def encode(self) -> str:
        return f"begin:{self.session_id}"

    @classmethod
    def decode(cls, data: str) -> BeginSession:
        return cls(int(_read(cls._FORMAT, data)[1]))


@dataclass(frozen=True)
class MarkItem:
    """Tap an item on a mark board (deck keys are slugs, see prompts.models)."""

    session_id: int
    board: str
    key: str

    ROUTE: ClassVar[str] = _route("mk")
    _FORMAT: ClassVar = re.compile(rf"mk:({ID}):(\w+):(\w+)")

    def encode(self) -> str:
        return f"mk:{self.session_id}:{self.board}:{self.key}"

    @classmethod
    def decode(cls, data: str) -> MarkItem:
        match = _read(cls._FORMAT, data)
        return cls(int(match[1]), match[2], match[3])


# --- actions -------------------------------------------------------------------------------


class CardOp(StrEnum):
    OWNER = "owner"
    DATE = "date"
    TEXT = "text"
    DELETE = "del"
    UNDO = "undo"


@dataclass(frozen=True)
class CardPress:
    """A button under an action's card."""

    action_id: int
    op: CardOp

    ROUTE: ClassVar[str] = _route("ac")
    _FORMAT: ClassVar = re.compile(rf"ac:({ID}):(\w+)")

    def encode(self) -> str:
        return f"ac:{self.action_id}:{self.op}"

    @classmethod
    def decode(cls, data: str) -> CardPress:
        match = _read(cls._FORMAT, data)
        return cls(int(match[1]), _member(CardOp, match[2]))


ME = "me"  # an owner button for the member who presses it
TYPE_IT = "type"  # a deadline button that asks for a typed date


@dataclass(frozen=True)
class OwnerPick:
    """A new owner for an existing action: ME or a member id (64-bit, checked against
    the team, never looked up)."""

    action_id: int
    owner: str

    ROUTE: ClassVar[str] = _route("ao")
    _FORMAT: ClassVar = re.compile(rf"ao:({ID}):(.+)")

    def encode(self) -> str:
        return f"ao:{self.action_id}:{self.owner}"

    @classmethod
    def decode(cls, data: str) -> OwnerPick:
        match = _read(cls._FORMAT, data)
        return cls(int(match[1]), match[2])


@dataclass(frozen=True)
class DeadlinePick:
    """A new deadline for an existing action: an ISO date, or TYPE_IT."""

    action_id: int
    day: str

    ROUTE: ClassVar[str] = _route("ax")
    _FORMAT: ClassVar = re.compile(rf"ax:({ID}):(.+)")

    def encode(self) -> str:
        return f"ax:{self.action_id}:{self.day}"

    @classmethod
    def decode(cls, data: str) -> DeadlinePick:
        match = _read(cls._FORMAT, data)
        return cls(int(match[1]), match[2])


class DialogOp(StrEnum):
    RESUME = "r"  # arg: GO_ON or START_OVER
    OWNER = "o"  # arg: ME or a member id
    DEADLINE = "d"  # arg: an ISO date or TYPE_IT
    NEEDS = "n"  # arg: a need's key, NOTE or NEXT
    LEERJAAR = "l"  # arg: a leerjaar's key or SKIP
    CONFIRM = "c"  # arg: SAVE or CANCEL


GO_ON, START_OVER = "go", "new"
NOTE, NEXT, SKIP = "note", "next", "skip"
SAVE, CANCEL = "save", "cancel"


@dataclass(frozen=True)
class DialogPress:
    """A button under one of the /actie dialog's questions."""

    draft_id: int
    op: DialogOp
    arg: str

    ROUTE: ClassVar[str] = _route("dr")
    _FORMAT: ClassVar = re.compile(rf"dr:({ID}):(\w):(.+)")

    def encode(self) -> str:
        return f"dr:{self.draft_id}:{self.op}:{self.arg}"

    @classmethod
    def decode(cls, data: str) -> DialogPress:
        match = _read(cls._FORMAT, data)
        return cls(int(match[1]), _member(DialogOp, match[2]), match[3])


# --- reminders -----------------------------------------------------------------------------


class ReminderOp(StrEnum):
    DONE = "done"
    LATER = "later"
    HELP = "help"


@dataclass(frozen=True)
class ReminderPress:
    """✅ Klaar, ⏭ Week later, 🆘 Hulp nodig: under a reminder or a /mijnacties card."""

    action_id: int
    op: ReminderOp

    ROUTE: ClassVar[str] = _route("rm")
    _FORMAT: ClassVar = re.compile(rf"rm:({ID}):(\w+)")

    def encode(self) -> str:
        return f"rm:{self.action_id}:{self.op}"

    @classmethod
    def decode(cls, data: str) -> ReminderPress:
        match = _read(cls._FORMAT, data)
        return cls(int(match[1]), _member(ReminderOp, match[2]))


# --- privacy -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForgetPress:
    """/vergeetmij's answer. It names no one: whoever presses it in their own private chat
    is the member."""

    forget: bool

    ROUTE: ClassVar[str] = r"^vergeet:(ja|nee)$"
    _FORMAT: ClassVar = re.compile(r"vergeet:(ja|nee)")

    def encode(self) -> str:
        return "vergeet:ja" if self.forget else "vergeet:nee"

    @classmethod
    def decode(cls, data: str) -> ForgetPress:
        return cls(_read(cls._FORMAT, data)[1] == "ja")
