"""Who asked for what, and how often: one member's stream of commands must not drown a
session (issue 17). Pure: the caller passes the times.

* A command asked again by the same member within REPEAT_WINDOW gets one answer: the
  answer still waiting is brought up to date, or the one just sent is edited. The key
  names the member, the command and its arguments (`/acties` and `/acties alle` differ).
* A heavy command (its answer is files built from the whole session) goes once per member
  per HEAVY_WINDOW; asked again sooner, the member is told how long to wait.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import datetime, timedelta

REPEAT_WINDOW = timedelta(seconds=30)
# Long enough that tapping /poster again while it is being typeset queues nothing, short
# enough that a chair who changed something can have a fresh one soon.
HEAVY_WINDOW = timedelta(minutes=2)
COMMAND = re.compile(r"/(\w+)(?:@\w+)?(.*)", re.DOTALL)


def command_of(text: str) -> tuple[str, str] | None:
    """The command's name (without the bot's @name, lower case) and its arguments."""
    match = COMMAND.match(text)
    if match is None:
        return None
    return match.group(1).lower(), " ".join(match.group(2).split())


def reply_key(user_id: int, text: str) -> str | None:
    """The key of the answer to this message when it is a command; None otherwise. The
    arguments are hashed: the key is kept in a short column and holds no member text."""
    command = command_of(text)
    if command is None:
        return None
    name, args = command
    key = f"reply:{user_id}:{name[:32]}"
    if args:
        key += ":" + hashlib.sha256(args.encode()).hexdigest()[:16]
    return key


def files_key(user_id: int, command: str) -> str:
    """The key of the files a heavy command queued."""
    return f"files:{user_id}:{command}"


def wait_left(asked_at: datetime | None, now: datetime, window: timedelta) -> timedelta | None:
    """How long until the command may be asked again; None when it may now."""
    if asked_at is None or now - asked_at >= window:
        return None
    return window - (now - asked_at)


def whole_minutes(span: timedelta) -> int:
    """A wait said in minutes, rounded up (never "0 minuten")."""
    return max(1, math.ceil(span.total_seconds() / 60))
