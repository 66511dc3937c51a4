"""``python -m prompts [dir]``: validate a card deck."""

from .loader import validate_deck_cli

raise SystemExit(validate_deck_cli())
