"""Shared helpers for building Telegram HTML texts: escaping, names, mentions and counts."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from bot.core.message_length import MAX_MESSAGE, fitting_prefix, telegram_length

__all__ = ["MAX_MESSAGE", "telegram_length"]  # re-exported: bot.texts is where callers look
# The name of a member the bot does not know (or forgot).
UNKNOWN_NAME = "?"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """Member text cut to at most `limit` characters as Telegram counts them, after a
    whole word, ending in "…"; and whether it was cut. The bot's framing around a
    member's message must never push it over Telegram's 4,096: the stored text stays
    whole, only what is shown is shortened."""
    if telegram_length(text) <= limit:
        return text, False
    head = text[: fitting_prefix(text, limit - 1)]
    # Never mid-word: back to the last space, unless that throws away most of it.
    mid_word = not (head[-1:].isspace() or text[len(head)].isspace())
    words = head.rsplit(maxsplit=1)
    if mid_word and len(words) == 2 and len(words[0]) > len(head) // 2:
        head = words[0]
    return head.rstrip() + "…", True


def display_name(first_name: str, last_name: str | None = None) -> str:
    return f"{first_name} {last_name}".strip() if last_name else first_name


def mention(user_id: int, name: str) -> str:
    return f'<a href="tg://user?id={user_id}">{esc(name)}</a>'


def minutes_text(span: timedelta) -> str:
    seconds = max(0, round(span.total_seconds()))
    if seconds < 60:
        return "minder dan een minuut"
    minutes = round(seconds / 60)
    if minutes % 30 == 0 and minutes >= 90:
        # The manual speaks of a session of "2,5 uur", not of 150 minutes.
        hours = minutes / 60
        return f"{hours:g} uur".replace(".", ",")
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def clock_time(moment: datetime, tz) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


NUMBER_WORDS = (
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
)


def number_word(count: int) -> str:
    """Small numbers as words, as Dutch prose writes them ("vijf stappen")."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def listing(items: list[str]) -> str:
    """a / a en b / a, b en c"""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"
