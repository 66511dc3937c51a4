"""Shared helpers for building Telegram HTML texts: escaping, names, mentions and counts."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

MAX_MESSAGE = 4096


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def display_name(first_name: str, last_name: str | None = None) -> str:
    return f"{first_name} {last_name}".strip() if last_name else first_name


def mention(user_id: int, name: str) -> str:
    return f'<a href="tg://user?id={user_id}">{esc(name)}</a>'


def minutes_text(span: timedelta) -> str:
    seconds = max(0, round(span.total_seconds()))
    if seconds < 60:
        return "minder dan een minuut"
    minutes = round(seconds / 60)
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def clock_time(moment: datetime, tz) -> str:
    return moment.astimezone(tz).strftime("%H:%M")
