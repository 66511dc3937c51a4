"""Every button: its callback data (encode, decode), the pattern the shell routes it by,
and the reply markup (Telegram's JSON) services attach to a message. No Telegram here: the
shell registers `ROUTE`s and hands the pressed data back to `decode`.

Callback data never carries trust: it names a row by id, and every press is checked against
the database (right chat, right member) by the service that handles it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import ClassVar, Protocol, Self, get_args, get_type_hints

from bot.core.domain import Leerjaar, Need
from bot.services.common import Refusal
from bot.texts import help as help_texts

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


HALF_ROW = 22  # characters that still fit on half a phone's row (390 px)


def side_by_side(
    buttons: Sequence[tuple[str, CallbackData]],
) -> list[list[tuple[str, CallbackData]]]:
    """Two buttons to a row where both labels fit half a phone's width; a longer label gets
    a row of its own, so no label is cut."""
    rows: list[list[tuple[str, CallbackData]]] = []
    for button in buttons:
        last = rows[-1] if rows else None
        fits = len(button[0]) <= HALF_ROW
        if last and len(last) == 1 and fits and len(last[0][0]) <= HALF_ROW:
            last.append(button)
        else:
            rows.append([button])
    return rows


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


class _Data:
    """Callback data "prefix:field:field...": the fields of the dataclass, in order. Ints are
    row ids (at most 9 digits), StrEnums one of their values, strings anything non-empty
    (the last field may hold ":"); a union is the first of its types that reads the text.
    Buttons that share a prefix (and so a route) are told apart by a `tag` after their
    first field."""

    PREFIX: ClassVar[str]
    TAG: ClassVar[str | None]
    ROUTE: ClassVar[str]

    def __init_subclass__(
        cls, *, prefix: str, route: str | None = None, tag: str | None = None, **kwargs
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls.PREFIX = prefix
        cls.TAG = tag
        cls.ROUTE = route or _route(prefix)

    def encode(self) -> str:
        values = [str(getattr(self, f.name)) for f in fields(self)]  # type: ignore[arg-type]
        if self.TAG is not None:
            values.insert(1, self.TAG)
        return ":".join([self.PREFIX, *values])

    @classmethod
    def decode(cls, data: str) -> Self:
        spec = fields(cls)  # type: ignore[arg-type]
        prefix, _, rest = data.partition(":")
        tagged = cls.TAG is not None
        parts = rest.split(":", len(spec) - 1 + tagged)
        if tagged and (len(parts) < 2 or parts.pop(1) != cls.TAG):
            raise Refusal(help_texts.UNKNOWN_BUTTON_DATA)
        if prefix != cls.PREFIX or len(parts) != len(spec):
            raise Refusal(help_texts.UNKNOWN_BUTTON_DATA)
        types = get_type_hints(cls)
        return cls(*(_value(types[f.name], part) for f, part in zip(spec, parts, strict=True)))


def _value(kind: type, text: str) -> object:
    for option in get_args(kind) or (kind,):
        if option is int and re.fullmatch(ID, text):
            return int(text)
        if (
            isinstance(option, type)
            and issubclass(option, StrEnum)
            and text in option._value2member_map_
        ):
            return option(text)
        if option is str and text:
            return text
    raise Refusal(help_texts.UNKNOWN_BUTTON_DATA)


# --- the work session ----------------------------------------------------------------------


@dataclass(frozen=True)
class JoinSession(_Data, prefix="join"):
    session_id: int


@dataclass(frozen=True)
class BeginSession(_Data, prefix="begin"):
    session_id: int


@dataclass(frozen=True)
class ChairPick(_Data, prefix="ch"):
    """Under /voorzitter's question: who chairs the session from now on (a member id,
    64-bit, so a string; checked against the group's members, never looked up)."""

    session_id: int
    user: str


@dataclass(frozen=True)
class MarkItem(_Data, prefix="mk"):
    """Tap an item on a mark board (deck keys are slugs, see prompts.models)."""

    session_id: int
    board: str
    key: str


@dataclass(frozen=True)
class TurnPage(_Data, prefix="bp"):
    """◀ ▶ under an activity board: show its page `page` (0-based)."""

    session_id: int
    board: str
    page: int


@dataclass(frozen=True)
class OpenHulpvragen(_Data, prefix="hv"):
    """Under a step card: post the step's card of hulpvragen."""

    session_id: int
    step: int


@dataclass(frozen=True)
class AskHulpvraag(_Data, prefix="hq"):
    """On the card of hulpvragen: the chair asks question `index` (0-based) now."""

    session_id: int
    step: int
    index: int


@dataclass(frozen=True)
class AddOwnItem(_Data, prefix="oi"):
    """Under a member's proposal: the chair puts it on the board, in this group (a component
    or where an activity happens; deck keys are slugs)."""

    item_id: int
    group: str


@dataclass(frozen=True)
class ToggleKeyword(_Data, prefix="kw"):
    """Under the proposed steekwoorden: the chair keeps or drops one."""

    keyword_id: int


# --- actions -------------------------------------------------------------------------------


class CardOp(StrEnum):
    OWNER = "owner"
    DATE = "date"
    TEXT = "text"
    DELETE = "del"
    UNDO = "undo"
    # The deadline to the first working day after it (it fell on a weekend, holiday or
    # vacation day); that day is worked out when pressed, from the deadline then.
    WORKING_DAY = "work"


@dataclass(frozen=True)
class CardPress(_Data, prefix="ac"):
    """A button under an action's card."""

    action_id: int
    op: CardOp


ME = "me"  # an owner button for the member who presses it
TYPE_IT = "type"  # a deadline button that asks for a typed date


@dataclass(frozen=True)
class OwnerPick(_Data, prefix="ao"):
    """A new owner for an existing action: ME or a member id (64-bit, checked against the
    team, never looked up)."""

    action_id: int
    owner: str


@dataclass(frozen=True)
class DeadlinePick(_Data, prefix="ax"):
    """A new deadline for an existing action: an ISO date, or TYPE_IT."""

    action_id: int
    day: str


class DialogOp(StrEnum):
    """Which question of the /actie dialog a button answers: the tag in
    "dr:<draft id>:<op>:<choice>", unchanged since the first buttons were sent."""

    RESUME = "r"
    OWNER = "o"
    DEADLINE = "d"
    ACTIVITY = "a"
    NEEDS = "n"
    LEERJAAR = "l"
    CONFIRM = "c"


class Resume(StrEnum):
    GO_ON = "go"
    START_OVER = "new"


class NeedsMove(StrEnum):
    """The buttons under the needs question that toggle no need."""

    NOTE = "note"
    NEXT = "next"


class Skip(StrEnum):
    SKIP = "skip"


class Confirm(StrEnum):
    SAVE = "save"
    CANCEL = "cancel"


@dataclass(frozen=True)
class DialogResume(_Data, prefix="dr", tag=DialogOp.RESUME):
    """Under the offer to carry on with an earlier draft."""

    draft_id: int
    choice: Resume


@dataclass(frozen=True)
class DialogOwner(_Data, prefix="dr", tag=DialogOp.OWNER):
    """Who: ME or a member id (64-bit, checked against the team, never looked up)."""

    draft_id: int
    owner: str


@dataclass(frozen=True)
class DialogDeadline(_Data, prefix="dr", tag=DialogOp.DEADLINE):
    """When: an ISO date, or TYPE_IT."""

    draft_id: int
    day: str


@dataclass(frozen=True)
class DialogActivity(_Data, prefix="dr", tag=DialogOp.ACTIVITY):
    """Which step 4 activity: its key (deck or own item; checked against the offer)."""

    draft_id: int
    activity: Skip | str


@dataclass(frozen=True)
class DialogNeeds(_Data, prefix="dr", tag=DialogOp.NEEDS):
    """A need toggled, or a move on from the needs question."""

    draft_id: int
    need: Need | NeedsMove


@dataclass(frozen=True)
class DialogLeerjaar(_Data, prefix="dr", tag=DialogOp.LEERJAAR):
    draft_id: int
    leerjaar: Leerjaar | Skip


@dataclass(frozen=True)
class DialogConfirm(_Data, prefix="dr", tag=DialogOp.CONFIRM):
    draft_id: int
    answer: Confirm


# A button under one of the /actie dialog's questions.
DialogPress = (
    DialogResume
    | DialogOwner
    | DialogDeadline
    | DialogActivity
    | DialogNeeds
    | DialogLeerjaar
    | DialogConfirm
)
DIALOG_ROUTE = _route("dr")
_DIALOG_BY_TAG: dict[str, type[DialogPress]] = {
    cls.TAG: cls for cls in get_args(DialogPress) if cls.TAG is not None
}


def decode_dialog(data: str) -> DialogPress:
    """Any dialog button: they share one route, and their tag picks the format."""
    tag = data.split(":")[2:3]
    if not tag or tag[0] not in _DIALOG_BY_TAG:
        raise Refusal(help_texts.UNKNOWN_BUTTON_DATA)
    return _DIALOG_BY_TAG[tag[0]].decode(data)


# --- reminders -----------------------------------------------------------------------------


class ReminderOp(StrEnum):
    DONE = "done"
    LATER = "later"
    HELP = "help"


@dataclass(frozen=True)
class ReminderPress(_Data, prefix="rm"):
    """✅ Klaar, ⏭ Week later, 🆘 Hulp nodig: under a reminder or a /mijnacties card."""

    action_id: int
    op: ReminderOp


# --- privacy -------------------------------------------------------------------------------


class ForgetAnswer(StrEnum):
    YES = "ja"
    NO = "nee"


@dataclass(frozen=True)
class ForgetPress(_Data, prefix="vergeet", route=r"^vergeet:(ja|nee)$"):
    """/vergeetmij's answer. It names no one: whoever presses it in their own private chat
    is the member."""

    answer: ForgetAnswer
