"""The mark boards of the poster: competences (step 3), and activities the team already does
and would like to do (step 4). Members tap items; the board shows the counts.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.services.buttons import MarkItem, in_pairs, inline_buttons
from bot.services.common import ButtonReply, MessageView, Press, Refusal, remember, send
from prompts import Deck, Step
from storage import repo
from storage.db import session_scope
from storage.models import WorkSession
from storage.values import Family, Kind

COMPETENCES, ALREADY, NEW = "competenties", "al", "nieuw"
BOARDS = (COMPETENCES, ALREADY, NEW)

Marked = list[tuple[str, int]]  # (label, count), most marked first


class MarkService:
    def __init__(self, *, engine: Engine, deck: Deck, clock: Clock) -> None:
        self.engine = engine
        self.deck = deck
        self.clock = clock

    @staticmethod
    def boards(step: Step) -> tuple[str, ...]:
        if step.marks == "competenties":
            return (COMPETENCES,)
        if step.marks == "activiteiten":
            return (ALREADY, NEW)
        return ()

    def _items(self, board: str) -> dict[str, str]:
        """key -> label of what the board offers; nothing for an unknown board."""
        if board not in BOARDS:
            return {}
        items = self.deck.competences if board == COMPETENCES else self.deck.activities
        return {item.key: item.label for item in items}

    def _markup(self, db: Session, session: WorkSession, board: str) -> dict:
        counts = repo.mark_counts(db, session_id=session.id, board=board)
        buttons = [
            (texts.mark_button(label, counts.get(key, 0)), MarkItem(session.id, board, key))
            for key, label in self._items(board).items()
        ]
        return inline_buttons(in_pairs(buttons))

    def marked(self, db: Session, session: WorkSession, board: str) -> Marked:
        counts = repo.mark_counts(db, session_id=session.id, board=board)
        labels = self._items(board)
        return sorted(
            ((labels[key], count) for key, count in counts.items() if key in labels and count),
            key=lambda item: -item[1],
        )

    def post_boards(self, db: Session, session: WorkSession, step: Step) -> None:
        """The step's boards go out right after its card."""
        for board in self.boards(step):
            send(
                db,
                session,
                Kind(Family.BOARD, board),
                texts.MARK_BOARD_INTRO[board],
                now=self.clock.now(),
                markup=self._markup(db, session, board),
                session_id=session.id,
            )

    def toggle(self, press: Press, button: MarkItem) -> ButtonReply:
        """Mark an item, or take the mark away; the board shows the new counts."""
        labels = self._items(button.board)
        if button.key not in labels:
            raise Refusal(texts.UNKNOWN_CHOICE)
        who = press.who
        with session_scope(self.engine) as db:
            session = db.get(WorkSession, button.session_id)
            if session is None or session.chat_id != press.chat_id:
                raise Refusal(texts.MARK_ELSEWHERE)
            if session.status not in repo.ACTIVE_STATUSES:
                raise Refusal(texts.MARKING_CLOSED)
            now = self.clock.now()
            remember(db, who, now=now)
            now_set = repo.toggle_mark(
                db,
                session_id=session.id,
                user_id=who.id,
                board=button.board,
                item_key=button.key,
                now=now,
            )
            repo.add_participant(db, session_id=session.id, user_id=who.id, now=now)
            board = repo.outbox_message(
                db, session_id=session.id, kind=Kind(Family.BOARD, button.board)
            )
            views: tuple[MessageView, ...] = ()
            if view := MessageView.of(
                board, board.text if board else "", self._markup(db, session, button.board)
            ):
                views = (view,)
            return texts.mark_toggled(labels[button.key], now_set), views
