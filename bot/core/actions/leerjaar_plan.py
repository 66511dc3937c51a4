"""The plan per leerjaar at the end of step 5 ("Welke activiteiten ga je in de verschillende
leerjaren uitvoeren? ... Wat heb je nodig om ze uit te voeren?"): the activities and actions
of each leerjaar, and what is needed, brought together from the actions the team recorded
and the activities it found interesting in step 4."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PlannedAction:
    number: int
    text: str
    owner: str | None
    leerjaar: str | None
    activity: str | None
    needs: tuple[str, ...] = ()
    needs_note: str | None = None


@dataclass(frozen=True)
class LeerjaarBlock:
    leerjaar: str | None  # None: actions without a leerjaar
    activities: tuple[str, ...]
    actions: tuple[PlannedAction, ...]
    needs: tuple[str, ...]  # need keys, in the order of `need_order`
    notes: tuple[str, ...]


@dataclass(frozen=True)
class LeerjaarPlan:
    blocks: tuple[LeerjaarBlock, ...]
    # Interesting activities no action took up yet.
    open_activities: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.blocks and not self.open_activities


def build(
    actions: Sequence[PlannedAction],
    *,
    interesting: Sequence[str],
    leerjaar_order: Sequence[str],
    need_order: Sequence[str],
) -> LeerjaarPlan:
    """Blocks in the order of `leerjaar_order` (unknown leerjaren after it, actions without
    one last); within a block the actions by number."""
    by_leerjaar: dict[str | None, list[PlannedAction]] = {}
    for action in sorted(actions, key=lambda a: a.number):
        by_leerjaar.setdefault(action.leerjaar, []).append(action)
    rank = {key: index for index, key in enumerate(leerjaar_order)}
    order = sorted(
        by_leerjaar,
        key=lambda key: (key is None, rank.get(key or "", len(rank)), key or ""),
    )
    blocks = []
    for leerjaar in order:
        block_actions = by_leerjaar[leerjaar]
        needed = {need for action in block_actions for need in action.needs}
        blocks.append(
            LeerjaarBlock(
                leerjaar=leerjaar,
                activities=tuple(dict.fromkeys(a.activity for a in block_actions if a.activity)),
                actions=tuple(block_actions),
                needs=tuple(need for need in need_order if need in needed)
                + tuple(sorted(needed - set(need_order))),
                notes=tuple(dict.fromkeys(a.needs_note for a in block_actions if a.needs_note)),
            )
        )
    linked = {action.activity for action in actions if action.activity}
    return LeerjaarPlan(
        blocks=tuple(blocks),
        open_activities=tuple(label for label in interesting if label not in linked),
    )
