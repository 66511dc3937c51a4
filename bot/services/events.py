"""What happened that other services act on. A service publishes an event; which handlers
it has is declared once, in the composition root (bot.telegram.app.build_services), so no
service has to know who follows up on it, and nobody adds themselves to a list later.

Handlers run synchronously, in order, where the event is published: an event that carries
`db` is published inside that unit of work, and its handlers' changes commit (or roll
back) with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from storage.models import OutboxMessage, WorkSession


@dataclass(frozen=True)
class SessionFinished:
    """A session finished or was stopped; its closing message and summary are queued."""

    db: Session
    session: WorkSession


@dataclass(frozen=True)
class MemberForgotten:
    """A member was forgotten (/vergeetmij), committed: what is kept in memory goes too."""

    user_id: int


@dataclass(frozen=True)
class OutboxSettled:
    """An outbox row was recorded as sent or given up, in that transaction."""

    db: Session
    row: OutboxMessage


Event = SessionFinished | MemberForgotten | OutboxSettled
# Returns True when it queued another outbox message (delivery then sends it too).
Handler = Callable[[Any], bool | None]


class Events:
    """The handlers of each event, declared once (`declare`) after everything is built."""

    def __init__(self) -> None:
        self._handlers: dict[type, tuple[Handler, ...]] = {}

    def declare(self, handlers: Mapping[type, Sequence[Handler]]) -> None:
        assert not self._handlers, "the handlers are declared once, in the composition root"
        self._handlers = {event: tuple(each) for event, each in handlers.items()}

    def publish(self, event: Event) -> bool:
        """Every handler of the event, in the declared order. True when one of them queued
        another outbox message."""
        queued = False
        for handler in self._handlers.get(type(event), ()):
            queued |= bool(handler(event))
        return queued
