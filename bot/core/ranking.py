"""From competence to activity ("van competentie naar activiteit", step 4 of the manual):
how the team's marks rank the competences of step 3, and which activities of step 4 fit
that choice.

The rule: each component of Nuffic's model weighs as many marks as its competences got. The
components the team chose are those weighing at least half of the heaviest one. An activity
fits ("past bij jullie keuze") when the component it builds most is a chosen one; fitting
activities come first, heaviest component first, then in the deck's order.
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


def component_weights(ranking: Sequence[Ranked]) -> dict[str, int]:
    """Marks per component (the group of a ranked competence)."""
    weights: dict[str, int] = {}
    for entry in ranking:
        weights[entry.group] = weights.get(entry.group, 0) + entry.count
    return weights


def chosen_components(ranking: Sequence[Ranked]) -> frozenset[str]:
    weights = component_weights(ranking)
    heaviest = max(weights.values(), default=0)
    if heaviest == 0:
        return frozenset()
    return frozenset(key for key, weight in weights.items() if 2 * weight >= heaviest)


@dataclass(frozen=True)
class Placed:
    item: Item
    fits: bool


def order_activities(activities: Sequence[Item], ranking: Sequence[Ranked]) -> list[Placed]:
    """The activities with the ones that fit the team's competences first."""
    weights = component_weights(ranking)
    chosen = chosen_components(ranking)

    def strength(item: Item) -> tuple[int, int]:
        main, *others = item.components
        return -weights.get(main, 0), -sum(weights.get(c, 0) for c in others)

    fitting = [a for a in activities if a.components and a.components[0] in chosen]
    others = [a for a in activities if not (a.components and a.components[0] in chosen)]
    fitting.sort(key=strength)
    return [Placed(a, True) for a in fitting] + [Placed(a, False) for a in others]
