"""The terugkoppeling of a team that split into linked sub-groups: what each sub-group
concluded, brought together.

The manual: "Is de groep groter? Splits deze dan. Je kunt dan aan het einde van de sessie of
in een vervolgsessie de bevindingen terugkoppelen." Only conclusions travel between the
groups (kept steekwoorden, mark counts, actions); no answer and no name of who marked what.

Pure: plain dataclasses in, plain dataclasses out; bot.texts words it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from bot.core.documents.poster import MarkedItem, SessionFacts


class SubgroupState(StrEnum):
    """Where a sub-group's latest session stands."""

    NO_SESSION = "none"
    GATHERING = "gathering"
    RUNNING = "running"
    DONE = "done"


@dataclass(frozen=True)
class Counted:
    """An item on a board with how many members of one sub-group marked it."""

    label: str
    area: str  # the competence's component, or "buitenland" / "eigen_land"
    count: int


@dataclass(frozen=True)
class TeamAction:
    number: int
    what: str
    owner: str | None
    deadline: date
    done: bool = False


@dataclass(frozen=True)
class Subgroup:
    """What one linked group concluded in its latest session."""

    title: str
    state: SubgroupState
    # step number -> the steekwoorden the sub-group kept for the poster
    keywords: dict[int, tuple[str, ...]] = field(default_factory=dict)
    competences: tuple[Counted, ...] = ()
    activities_current: tuple[Counted, ...] = ()
    activities_new: tuple[Counted, ...] = ()
    actions: tuple[TeamAction, ...] = ()


@dataclass(frozen=True)
class Combined:
    """An item's marks over every sub-group, and in how many of them it was marked."""

    label: str
    area: str
    count: int
    groups: int


@dataclass(frozen=True)
class StillOpen:
    title: str
    state: SubgroupState
    open: int
    late: int


@dataclass(frozen=True)
class Feedback:
    groups: tuple[str, ...]
    keywords: tuple[tuple[str, tuple[str, ...]], ...]  # (sub-group, its steekwoorden)
    keywords_by_step: dict[int, tuple[str, ...]]  # every sub-group's, per step
    competences: tuple[Combined, ...]  # most marked first
    activities_current: tuple[Combined, ...]
    activities_new: tuple[Combined, ...]
    actions: tuple[tuple[str, TeamAction], ...]  # (sub-group, action), by deadline
    still_open: tuple[StillOpen, ...]

    @property
    def all_done(self) -> bool:
        return all(group.state == SubgroupState.DONE for group in self.still_open)


def _key(item: Counted) -> tuple[str, str]:
    # The same deck item carries the same label in every group; an own item typed twice
    # ("Engels spreken", "engels spreken") is one item too.
    return (" ".join(item.label.casefold().split()), item.area)


def combine_marks(per_group: Sequence[Sequence[Counted]]) -> tuple[Combined, ...]:
    """Marks added up over the sub-groups, most marked first; a tie goes to the item more
    sub-groups chose, then alphabetically. Unmarked items are left out."""
    totals: dict[tuple[str, str], list] = {}
    for items in per_group:
        for item in items:
            if item.count <= 0:
                continue
            entry = totals.setdefault(_key(item), [item.label, item.area, 0, 0])
            entry[2] += item.count
            entry[3] += 1
    combined = [
        Combined(label, area, count, groups) for label, area, count, groups in totals.values()
    ]
    return tuple(sorted(combined, key=lambda c: (-c.count, -c.groups, c.label.casefold())))


def _unique(words: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(" ".join(word.casefold().split()), word)
    return tuple(seen.values())


def combine(subgroups: Sequence[Subgroup], *, today: date) -> Feedback:
    """Every sub-group's conclusions side by side and added up."""
    actions = sorted(
        ((group.title, action) for group in subgroups for action in group.actions),
        key=lambda pair: (pair[1].done, pair[1].deadline, pair[0], pair[1].number),
    )
    return Feedback(
        groups=tuple(group.title for group in subgroups),
        keywords=tuple(
            (group.title, words)
            for group in subgroups
            if (
                words := _unique(
                    [w for step in sorted(group.keywords) for w in group.keywords[step]]
                )
            )
        ),
        keywords_by_step={
            step: _unique([w for group in subgroups for w in group.keywords.get(step, ())])
            for step in sorted({step for group in subgroups for step in group.keywords})
        },
        competences=combine_marks([group.competences for group in subgroups]),
        activities_current=combine_marks([group.activities_current for group in subgroups]),
        activities_new=combine_marks([group.activities_new for group in subgroups]),
        actions=tuple(actions),
        still_open=tuple(
            StillOpen(
                title=group.title,
                state=group.state,
                open=sum(1 for a in group.actions if not a.done),
                late=sum(1 for a in group.actions if not a.done and a.deadline < today),
            )
            for group in subgroups
        ),
    )


def _summed(per_group: Sequence[Sequence[MarkedItem]]) -> tuple[MarkedItem, ...]:
    """Every item of every sub-group's board once, in the order they first appear (the
    model's order), with the marks added up."""
    items: dict[tuple[str, str], MarkedItem] = {}
    for board in per_group:
        for item in board:
            key = (" ".join(item.label.casefold().split()), item.area)
            seen = items.get(key)
            items[key] = (
                item
                if seen is None
                else replace(seen, marks=seen.marks + item.marks, own=seen.own and item.own)
            )
    return tuple(items.values())


def team_poster(
    per_group: Sequence[tuple[str, SessionFacts]], *, team: str, day: date, owner_in: str
) -> SessionFacts:
    """The whole team's poster: every sub-group's poster on one sheet, marks added up and
    each action's owner named with their sub-group (`owner_in`: "{owner} · {group}")."""
    first = per_group[0][1]
    facts = [f for _, f in per_group]
    steps = sorted({step for f in facts for step in f.keywords})
    return replace(
        first,
        team=team,
        day=day,
        participant_count=sum(f.participant_count for f in facts),
        keywords={
            step: _unique([w for f in facts for w in f.keywords.get(step, ())]) for step in steps
        },
        competences=_summed([f.competences for f in facts]),
        activities_current=_summed([f.activities_current for f in facts]),
        activities_new=_summed([f.activities_new for f in facts]),
        actions=tuple(
            replace(action, owner=owner_in.format(owner=action.owner, group=group))
            for group, f in per_group
            for action in f.actions
        ),
    )
