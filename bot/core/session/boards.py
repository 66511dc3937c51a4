"""How the activities of step 4 fit a phone: one board per question, turned page by page.

Each group (abroad, in eigen land) fills its own pages of at most PAGE_SIZE items, split
evenly, so a page never holds a lonely last item. Items are numbered across the groups: the
board lists each number with its full label, the button shows the number and a short label.

And "meest gemarkeerd" at the end of the step: the activities with most marks over all
boards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

PAGE_SIZE = 10
MOST_MARKED = 5

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    index: int  # 0-based, over all groups
    group: str
    items: tuple[tuple[int, T], ...]  # (number on the board, item)


def paginate(groups: Sequence[tuple[str, Sequence[T]]], size: int = PAGE_SIZE) -> list[Page[T]]:
    """The pages of a board: each group's items (numbered on from the group before) in
    even parts of at most `size`. An empty group gets no page."""
    pages: list[Page[T]] = []
    number = 1
    for group, items in groups:
        parts = math.ceil(len(items) / size)
        start = 0
        for part in range(parts):
            end = start + len(items[part::parts])  # even parts, the first ones a bit longer
            numbered = tuple(enumerate(items[start:end], start=number + start))
            pages.append(Page(len(pages), group, numbered))
            start = end
        number += len(items)
    return pages


@dataclass(frozen=True)
class Tally:
    label: str
    count: int
    board: str  # which question ("al", "nieuw") the marks answer


def most_marked(boards: Sequence[Sequence[Tally]], limit: int = MOST_MARKED) -> list[Tally]:
    """The most marked items over all boards (each a list in board order), most votes first.
    Equal votes take turns between the boards, so no board's items are left out only
    because they came later."""
    turns = [
        (-tally.count, place, which, tally)
        for which, board in enumerate(boards)
        for place, tally in enumerate(t for t in board if t.count > 0)
    ]
    turns.sort(key=lambda turn: turn[:3])
    return [tally for *_, tally in turns][:limit]
