"""From competence to activity ("van competentie naar activiteit", step 4 of the manual):
how the team's marks rank the competences of step 3, and which activities of step 4 build
the competences the team ranked highest.

The rule: the top-ranked competences are the TOP_COMPETENCES most marked ones (and any tied
with the last of them). An activity scores each top competence's marks twice when it builds
that competence's component most, once when it builds it as well. Per group (abroad, in eigen
land) the MAX_STARS highest scores get the ⭐, so the star points at a handful, not at half
the map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """Something on a board: a competence (group: its component) or an activity (group:
    where it happens)."""

    key: str
    label: str
    group: str
    components: tuple[str, ...] = ()
    short: str = ""  # on a button when the label is too long for half a phone's width


@dataclass(frozen=True)
class Ranked:
    key: str
    label: str
    group: str
    count: int
    who: tuple[str, ...]


def rank(items: Sequence[Item], marks: Mapping[str, Sequence[str]]) -> list[Ranked]:
    """The marked items, most marks first; equal counts keep the deck's order. `marks`
    maps an item key to the names of the members who marked it."""
    ranked = [
        Ranked(item.key, item.label, item.group, len(marks[item.key]), tuple(marks[item.key]))
        for item in items
        if marks.get(item.key)
    ]
    return sorted(ranked, key=lambda entry: -entry.count)


TOP_COMPETENCES = 3
MAX_STARS = 3  # per group of activities: a handful on a board, never half of it


def top_competences(ranking: Sequence[Ranked]) -> list[Ranked]:
    """The most marked competences: the first TOP_COMPETENCES and any tied with the last."""
    if not ranking:
        return []
    floor = ranking[min(TOP_COMPETENCES, len(ranking)) - 1].count
    return [entry for entry in ranking if entry.count >= floor]


def fit_score(activity: Item, top: Sequence[Ranked]) -> int:
    """How strongly an activity builds the top-ranked competences (their component first)."""
    score = 0
    for entry in top:
        if activity.components[:1] == (entry.group,):
            score += 2 * entry.count
        elif entry.group in activity.components:
            score += entry.count
    return score


@dataclass(frozen=True)
class Placed:
    item: Item
    fits: bool  # ⭐: builds the team's top-ranked competences, among the strongest of its group


def star_activities(activities: Sequence[Item], ranking: Sequence[Ranked]) -> list[Placed]:
    """The activities in their own order; per group the MAX_STARS that build the top-ranked
    competences most carry the star (equal scores: the earlier one)."""
    top = top_competences(ranking)
    scores = {a.key: fit_score(a, top) for a in activities}
    starred: set[str] = set()
    for group in dict.fromkeys(a.group for a in activities):
        scored = [a for a in activities if a.group == group and scores[a.key] > 0]
        scored.sort(key=lambda a: -scores[a.key])
        starred.update(a.key for a in scored[:MAX_STARS])
    return [Placed(a, a.key in starred) for a in activities]
