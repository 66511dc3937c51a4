"""How long a text is as Telegram counts it, and how to cut it by that count.

Telegram limits a message to 4,096 UTF-16 code units, not Python characters: an emoji outside
the Basic Multilingual Plane counts as two. Every place that decides whether a text fits a
message counts with these helpers."""

from __future__ import annotations

MAX_MESSAGE = 4096


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def fitting_prefix(text: str, limit: int) -> int:
    """The number of characters at the start of `text` that fit in `limit` UTF-16 code units
    (a character is never split in two)."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def split_to_length(text: str, limit: int) -> list[str]:
    """`text` in consecutive pieces of at most `limit` UTF-16 code units each."""
    pieces: list[str] = []
    while text:
        cut = max(1, fitting_prefix(text, limit))
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces
