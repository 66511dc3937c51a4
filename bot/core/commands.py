"""Which command a member probably meant (pure)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest_command"]

# difflib's ratio: "sesie" ~ "sessie" is 0.91, "actei" ~ "actie" 0.8, "foto" ~ "poster" 0.4.
_CUTOFF = 0.7


def closest_command(typed: str, known: Iterable[str]) -> str | None:
    """The known command closest to `typed` (without "/" or "@bot"), or None when none is
    close enough to be worth suggesting."""
    word = typed.strip().lstrip("/").partition("@")[0].lower()
    if not word:
        return None
    found = difflib.get_close_matches(word, sorted(set(known)), n=1, cutoff=_CUTOFF)
    return found[0] if found else None
