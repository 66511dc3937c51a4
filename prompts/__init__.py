"""The card deck of the work session 'Aan de slag met internationalisering'.

Usage::

    from prompts import load_deck

    deck = load_deck(os.environ.get("PROMPTS_DIR"))  # None -> built-in deck
    step = deck.step(1)

Check a deck from the shell: ``python -m prompts [dir]``.
"""

from .loader import DEFAULT_DECK_DIR, DeckError, load_deck, validate_deck_cli
from .models import (
    MAX_HULPVRAGEN,
    MAX_KEY_LENGTH,
    MAX_LABEL_LENGTH,
    MIN_HULPVRAGEN,
    WHERE,
    Activity,
    Competence,
    Component,
    Deck,
    Resource,
    Step,
)

__all__ = [
    "DEFAULT_DECK_DIR",
    "MAX_HULPVRAGEN",
    "MAX_KEY_LENGTH",
    "MAX_LABEL_LENGTH",
    "MIN_HULPVRAGEN",
    "WHERE",
    "Activity",
    "Competence",
    "Component",
    "Deck",
    "DeckError",
    "Resource",
    "Step",
    "load_deck",
    "validate_deck_cli",
]
