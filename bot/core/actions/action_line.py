"""Reading the one-line /actie: `<eigenaar> <deadline>: <wat>` (pure: the caller passes today).

* The owner is the first word: an @username, a text mention (a member without a username;
  the caller passes the mentions' visible texts), ik/mij for the sender, or the name of a
  member of the group as typed without @ ("Fatima", "anna de vries"; the caller passes
  the group's names). When none of those opens the line, a plain first word before a date
  ("anna 15 december") is kept as a name for the caller to look up among the team, and so
  is a line of only a name and a date ("Fatima morgen"): there is nothing else it could be.
* Owner and deadline end at the first colon that is not inside a time ("9:30"); the action
  follows it. Without a colon, the longest run of words after the owner that reads as a
  date is the deadline (a run ending in a bare small number is not: "morgen 2 gastlessen"
  means morgen) and the rest is the action; without such a run, the longest run at the end
  of the line that reads as a date is ("gastles plannen vrijdag over twee weken"), without
  a dangling "voor" or "op" before it.
* Nothing typed is lost: a deadline that cannot be read comes back as `deadline_error`
  next to the parts that could be read, so the caller keeps those and asks only for the date.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.core.calendar.deadlines import DeadlineError, parse_deadline

__all__ = ["ActionLine", "Owner", "parse_action_line", "parse_owner"]

# Input vocabulary (the *_WORDS names): words members type, never shown to them.
SELF_WORDS = ("ik", "mij", "me", "mezelf", "ikzelf")
# Longest date phrase tried without a colon ("de 15e december 2026" is five words).
MAX_DATE_WORDS = 6

_SELF_OR_HANDLE = re.compile(
    rf"^(?:(?P<self>{'|'.join(SELF_WORDS)})|@(?P<handle>[A-Za-z0-9_]{{3,32}}))(?![\w@])",
    re.IGNORECASE,
)
# A colon that is not between two digits (so "15:30" stays whole).
_SEPARATOR = re.compile(r"(?<!\d):|:(?!\d)")
_NAME = re.compile(r"^[^\W\d_][\w'-]*$")
_BARE_SMALL_NUMBER = re.compile(r"^\d{1,2}$")
# Words that only lead up to a date at the end of a line ("... voor vrijdag").
_DATE_LEAD_WORDS = frozenset({"voor", "vóór", "op", "uiterlijk", "tegen", "per", "deadline"})


@dataclass(frozen=True)
class Owner:
    kind: Literal["self", "username", "mention", "name"]
    # The username without @, the mention's visible text, or the plain name.
    value: str = ""


@dataclass(frozen=True)
class ActionLine:
    owner: Owner | None
    deadline: date | None
    deadline_text: str  # as typed; "" when no deadline was given
    deadline_error: DeadlineError | None  # why it is no usable deadline
    what: str  # "" when not given


@dataclass(frozen=True)
class _Deadline:
    value: date | None
    text: str
    error: DeadlineError | None

    @property
    def is_date(self) -> bool:
        """Read as a date, even one in the past (that is a date with a problem)."""
        return self.value is not None or (self.error is not None and self.error.is_date)


def _read_deadline(text: str, today: date) -> _Deadline:
    text = text.strip()
    if not text:
        return _Deadline(None, "", None)
    try:
        return _Deadline(parse_deadline(text, today=today), text, None)
    except DeadlineError as exc:
        return _Deadline(None, text, exc)


def _take_owner(
    text: str, mentions: Collection[str], names: Collection[str] = ()
) -> tuple[Owner | None, str]:
    for visible in sorted(mentions, key=len, reverse=True):
        if visible and text.startswith(visible):
            return Owner("mention", visible), text[len(visible) :]
    match = _SELF_OR_HANDLE.match(text)
    if match is not None:
        if match["self"]:
            return Owner("self"), text[match.end() :]
        return Owner("username", match["handle"]), text[match.end() :]
    lowered = text.lower()
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        end = len(name)
        if lowered.startswith(name.lower()) and (end == len(text) or not text[end].isalnum()):
            return Owner("name", text[:end]), text[end:]
    return None, text


def _head_without_owner(head: str, today: date) -> tuple[Owner | None, _Deadline]:
    """`head` had no recognised owner: it is a date, or a name followed by a date."""
    whole = _read_deadline(head, today)
    if whole.is_date or not head:
        return None, whole
    first, _, rest = head.partition(" ")
    if _NAME.match(first):
        after_name = _read_deadline(rest, today)
        if after_name.is_date or not rest.strip():
            return Owner("name", first), after_name
    return None, whole


def _date_prefix(words: list[str], today: date) -> tuple[_Deadline, list[str]] | None:
    for count in range(min(len(words), MAX_DATE_WORDS), 0, -1):
        if _BARE_SMALL_NUMBER.match(words[count - 1]) and count > 1:
            continue
        found = _read_deadline(" ".join(words[:count]), today)
        if found.is_date:
            return found, words[count:]
    return None


def _date_suffix(words: list[str], today: date) -> tuple[_Deadline, list[str]] | None:
    for count in range(min(len(words) - 1, MAX_DATE_WORDS), 0, -1):
        if _BARE_SMALL_NUMBER.match(words[-1]):
            return None
        found = _read_deadline(" ".join(words[-count:]), today)
        if found.is_date:
            what = words[:-count]
            while what and what[-1].lower() in _DATE_LEAD_WORDS:
                what.pop()
            return found, what
    return None


def parse_action_line(
    text: str, *, today: date, mentions: Collection[str] = (), names: Collection[str] = ()
) -> ActionLine:
    """`names`: the names of the group's members (first names, full names, usernames),
    recognised as the owner when they open the line."""
    owner, rest = _take_owner(text.strip(), mentions, names)
    rest = rest.strip().lstrip(",").strip()
    separator = _SEPARATOR.search(rest)
    if separator is not None:
        head, what = rest[: separator.start()].strip(), rest[separator.end() :].strip()
        if owner is None:
            owner, deadline = _head_without_owner(head, today)
        else:
            deadline = _read_deadline(head, today)
    else:
        words = rest.split()
        found = _date_prefix(words, today) or _date_suffix(words, today)
        if found is None:
            deadline, what = _Deadline(None, "", None), rest
        else:
            deadline, what = found[0], " ".join(found[1])
        if owner is None and deadline.is_date and _NAME.match(what):
            owner, what = Owner("name", what), ""
    return ActionLine(
        owner=owner,
        deadline=deadline.value,
        deadline_text=deadline.text,
        deadline_error=deadline.error,
        what=what,
    )


def parse_owner(text: str, *, mentions: Collection[str] = ()) -> Owner | None:
    """An owner typed on its own (a reply in the dialog): @username, a mention, ik/mij, or a
    plain name such as "Anna" or "Anna de Vries"."""
    text = text.strip()
    owner, rest = _take_owner(text, mentions)
    if owner is not None:
        return owner if not rest.strip(" .!,") else None
    words = text.split()
    if words and all(_NAME.match(word) for word in words):
        return Owner("name", " ".join(words))
    return None
