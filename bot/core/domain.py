"""Keys the team's choices are stored under (and sent in button data): the needs an action
may have and the leerjaar it is for.

StrEnums compare equal to the strings already in the database, so no migration was needed.
They live in the core because the core, the services and the texts all use them; the texts
hold only their labels (bot.texts.actions.actions.NEEDS, LEERJAREN), in this order.
"""

from __future__ import annotations

from enum import StrEnum


class Need(StrEnum):
    """What an action may need, in the manual's words (step 5)."""

    FINANCIEN = "financien"
    KENNIS = "kennis"
    HULPMIDDELEN = "hulpmiddelen"
    PARTNERS = "partners"
    TIJD = "tijd"


class Leerjaar(StrEnum):
    """The leerjaar an action is for; ALL is every leerjaar."""

    ONE = "1"
    TWO = "2"
    THREE = "3"
    FOUR = "4"
    ALL = "alle"
