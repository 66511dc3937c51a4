"""The action plan as plain data: each action's state, the order of the /acties list, and
what the chair's brief for the team meeting holds (counts, what needs a decision, what
changed since the last summary). Pure: the caller passes `today`; bot.texts.actions.brief puts it
into words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class State(StrEnum):
    """An action's state as a chair sees it; HELP only in snapshots (see `snapshot_state`).
    Stored in SummaryMark.action_states, so the values stay."""

    DONE = "done"
    OPEN = "open"
    LATE = "late"
    HELP = "help"


@dataclass(frozen=True)
class ActionItem:
    number: int
    text: str
    owner: str | None  # display name; None when nobody owns it
    deadline: date
    done: bool = False
    help_asked: bool = False
    needs: tuple[str, ...] = ()  # keys of the needs an action may have
    needs_note: str | None = None
    leerjaar: str | None = None
    activity: str | None = None  # the step 4 activity it carries out

    def state(self, today: date) -> State:
        if self.done:
            return State.DONE
        return State.LATE if self.deadline < today else State.OPEN

    def snapshot_state(self, today: date) -> State:
        """What a summary remembers: help asked counts as its own state until done."""
        state = self.state(today)
        return State.HELP if state != State.DONE and self.help_asked else state

    @property
    def what(self) -> str:
        """The text on one line."""
        return " ".join(self.text.split())


def ordered(items: Sequence[ActionItem], today: date) -> dict[State, list[ActionItem]]:
    """Late first (by deadline), then open (by deadline), then done (by number)."""
    groups: dict[State, list[ActionItem]] = {State.LATE: [], State.OPEN: [], State.DONE: []}
    for item in items:
        groups[item.state(today)].append(item)
    groups[State.LATE].sort(key=lambda i: (i.deadline, i.number))
    groups[State.OPEN].sort(key=lambda i: (i.deadline, i.number))
    groups[State.DONE].sort(key=lambda i: i.number)
    return groups


@dataclass(frozen=True)
class Counts:
    done: int
    open: int
    late: int
    help_asked: int  # of those not done


def counts(items: Sequence[ActionItem], today: date) -> Counts:
    states = Counter(item.state(today) for item in items)
    helped = sum(1 for i in items if i.help_asked and i.state(today) != State.DONE)
    return Counts(states[State.DONE], states[State.OPEN], states[State.LATE], helped)


def snapshot(items: Sequence[ActionItem], today: date) -> dict[str, str]:
    return {str(item.number): item.snapshot_state(today).value for item in items}


class Change(StrEnum):
    NEW = "new"
    DONE = "done"
    LATE = "late"
    HELP = "help"
    REOPENED = "reopened"
    NEW_DEADLINE = "new_deadline"  # was late, has a later deadline now


def changes(
    items: Sequence[ActionItem], today: date, previous: Mapping[str, str]
) -> tuple[tuple[Change, ActionItem], ...]:
    """What changed since the summary that remembered `previous`, by action number."""
    found = []
    for item in sorted(items, key=lambda i: i.number):
        before, now = previous.get(str(item.number)), item.snapshot_state(today)
        if before is None:
            found.append((Change.NEW, item))
        elif before == now:
            continue
        elif now == State.DONE:
            found.append((Change.DONE, item))
        elif now == State.LATE:
            found.append((Change.LATE, item))
        elif now == State.HELP:
            found.append((Change.HELP, item))
        elif before == State.DONE:
            found.append((Change.REOPENED, item))
        elif before == State.LATE:
            found.append((Change.NEW_DEADLINE, item))
    return tuple(found)


class Decision(StrEnum):
    HELP = "help"  # the owner asked for help
    LATE = "late"  # a new date, help or drop it?
    NO_OWNER = "no_owner"


@dataclass(frozen=True)
class Decisions:
    items: tuple[tuple[Decision, ActionItem], ...]
    # What the open actions need, most needed first: (need's key, how many actions).
    needed: tuple[tuple[str, int], ...]


def decisions(items: Sequence[ActionItem], today: date) -> Decisions:
    found = []
    open_items = [i for i in items if i.state(today) != State.DONE]
    for item in sorted(open_items, key=lambda i: (i.deadline, i.number)):
        if item.help_asked:
            found.append((Decision.HELP, item))
        if item.state(today) == State.LATE:
            found.append((Decision.LATE, item))
        if item.owner is None:
            found.append((Decision.NO_OWNER, item))
    needed = Counter(key for item in open_items for key in item.needs)
    return Decisions(tuple(found), tuple(needed.most_common()))


@dataclass(frozen=True)
class Brief:
    """The action plan part of the chair's brief, before the answers per step."""

    today: date
    items: tuple[ActionItem, ...]  # late, open, done (see `ordered`)
    counts: Counts
    decisions: Decisions
    # None when there was no summary before; else what changed since it, and its day.
    changes: tuple[tuple[Change, ActionItem], ...] | None
    previous_on: date | None
    chosen_activities: tuple[tuple[str, int], ...]  # (label, marks)


def brief(
    items: Sequence[ActionItem],
    today: date,
    *,
    chosen_activities: Sequence[tuple[str, int]] = (),
    previous: Mapping[str, str] | None = None,
    previous_on: date | None = None,
) -> Brief:
    return Brief(
        today=today,
        items=tuple(item for group in ordered(items, today).values() for item in group),
        counts=counts(items, today),
        decisions=decisions(items, today),
        changes=changes(items, today, previous) if previous is not None else None,
        previous_on=previous_on,
        chosen_activities=tuple(chosen_activities),
    )
