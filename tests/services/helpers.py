"""A group as the services see it: its members, the messages they send, and the outbox the
services fill, delivered by hand (what bot.telegram.delivery does after Telegram answered)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from bot.services.actions.actions import MemberReply
from bot.services.common import Person, Press
from bot.telegram.runtime import Services
from storage.models import OutboxMessage
from storage.values import Family, Kind, OutboxStatus

CHAT_ID = -1001234567890  # a supergroup's id: beyond 32 bits, as Telegram's are

ANNA = Person(5_000_000_001, "Anna", "de Vries", "anna")
BRAM = Person(5_000_000_002, "Bram", None, "bram")
CARLA = Person(5_000_000_003, "Carla", None, "carla")
DIRK = Person(5_000_000_004, "Dirk")  # no username


def kind(row: OutboxMessage) -> Kind:
    return row.message_kind


def families(rows: list[OutboxMessage]) -> list[tuple[Family, str | None]]:
    """What each queued row is (its family and detail), in the order it was queued."""
    return [(kind(row).family, kind(row).detail) for row in rows]


@dataclass
class Group:
    services: Services
    chat_id: int = CHAT_ID
    title: str = "Team Zorg"
    # Telegram's message ids in this chat: the members' and the bot's share one sequence.
    _ids: itertools.count = field(default_factory=lambda: itertools.count(100))
    _read_through: int = 0

    def db(self) -> Session:
        return Session(self.services.engine)

    def message_id(self) -> int:
        return next(self._ids)

    def rows(self, model, *where) -> list:
        """The model's rows, in the order they were stored (tests/e2e/harness.py)."""
        with self.db() as db:
            by_key = model.__table__.primary_key.columns
            return list(db.exec(select(model).where(*where).order_by(*by_key)).all())

    def outbox(self) -> list[OutboxMessage]:
        """Every row queued so far, oldest first."""
        with self.db() as db:
            return list(db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())

    def queued(self) -> list[OutboxMessage]:
        """The rows queued since the last look: what the calls in between decided to send."""
        rows = [row for row in self.outbox() if row.id > self._read_through]
        if rows:
            self._read_through = rows[-1].id
        return rows

    def deliver(self) -> list[OutboxMessage]:
        """Send every pending row as Telegram would (a message id each) and settle it through
        the real delivery code, its OutboxSettled handlers included (a dialog remembers its
        question's id)."""
        with self.db() as db:
            pending = db.exec(
                select(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.PENDING)
                .order_by(col(OutboxMessage.id))
            ).all()
        delivery = self.services.delivery
        for row in pending:
            new_message = row.edits_message_id is None and row.edits_outbox_id is None
            delivery._finish(
                row,
                status=OutboxStatus.SENT,
                message_id=self.message_id() if new_message else row.edits_message_id,
            )
        with self.db() as db:
            return [db.get_one(OutboxMessage, row.id) for row in pending]

    def said(
        self,
        who: Person,
        text: str,
        *,
        to: OutboxMessage | None = None,
        mentioned: dict[str, Person] | None = None,
    ) -> MemberReply:
        """A member's message: a reply to the bot's message `to` (sent), or plain."""
        self.see(who)  # as intake does with every update's sender
        replied_to_id = 0
        if to is not None:
            assert to.message_id is not None, "deliver the message before replying to it"
            replied_to_id = to.message_id
        return MemberReply(
            chat_id=self.chat_id,
            message_id=self.message_id(),
            who=who,
            text=text,
            replied_to_id=replied_to_id,
            mentioned=mentioned or {},
        )

    def press(self, who: Person, under: OutboxMessage) -> Press:
        assert under.message_id is not None, "deliver the message before pressing its buttons"
        self.see(who)  # as intake does with every update's sender
        return Press(chat_id=self.chat_id, message_id=under.message_id, who=who)

    def see(self, *people: Person) -> None:
        """Members seen in the group (a message, a join): how the bot gets to know a team."""
        self.services.groups.see(chat_id=self.chat_id, people=list(people))


def button_texts(markup: dict | None) -> list[str]:
    """The labels of the inline buttons of a message (queued, or a view to refresh)."""
    return [button["text"] for line in (markup or {}).get("inline_keyboard", []) for button in line]
