"""Private query pieces shared by several repo modules."""

from __future__ import annotations

from sqlmodel import col, select

from storage.models import GroupChat


def _held_groups():
    """Groups the bot was removed from: their clocks, reminders and messages wait."""
    return select(GroupChat.id).where(col(GroupChat.active).is_(False))
