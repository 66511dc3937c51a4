"""The boards of the poster. Step 3: the competences, one board per component of Nuffic's
model, and the ranking at the end of the step. Step 4: the activities, abroad and in eigen
land, each for "doen we al" and "lijkt ons interessant", the ones that fit the team's
competences first. Members tap items (each their own marks; the board shows who); a member
proposes an own item by replying to a board, and the chair puts it on the board.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import texts
from bot.clock import Clock
from bot.core.policy import Act
from bot.core.ranking import Item, Placed, Ranked, order_activities, rank
from bot.services import policy
from bot.services.buttons import (
    NO_BUTTONS,
    AddOwnItem,
    CallbackData,
    MarkItem,
    in_pairs,
    inline_buttons,
)
from bot.services.common import (
    ButtonReply,
    MessageView,
    Person,
    Press,
    Refusal,
    member_names,
    remember,
    send,
)
from prompts import WHERE, Deck, Step
from storage import repo
from storage.db import session_scope
from storage.models import BoardItem, WorkSession
from storage.values import Family, Kind

COMPETENCES, ALREADY, NEW = "competenties", "al", "nieuw"
ACTIVITIES = "activiteiten"
BOARDS = (COMPETENCES, ALREADY, NEW)
MAX_OWN_LABEL = 40  # an own item goes on a button, like the deck's
MAX_OPTIONS = 10  # activities offered by the /actie dialog

Marked = list[tuple[str, int]]  # (label, count), most marked first


@dataclass(frozen=True)
class MemberReplyToBoard:
    chat_id: int
    who: Person
    text: str
    replied_to_id: int


def kind_of(board: str) -> str:
    """What a board's items are: competences or activities."""
    return COMPETENCES if board == COMPETENCES else ACTIVITIES


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

    # --- what is on a board ------------------------------------------------------------

    def groups(self, kind: str) -> list[tuple[str, str]]:
        """(key, label) of the board's groups: the model's components, or where."""
        if kind == COMPETENCES:
            return [(c.key, c.label) for c in self.deck.components]
        return [(where, texts.WHERE_LABELS[where]) for where in WHERE]

    def group_label(self, kind: str, group: str) -> str:
        return dict(self.groups(kind)).get(group, group)

    def items(self, db: Session, session: WorkSession, kind: str) -> list[Item]:
        """The deck's items and the own items the chair added, in board order."""
        if kind == COMPETENCES:
            deck_items = [Item(c.key, c.label, c.component) for c in self.deck.competences]
        else:
            deck_items = [Item(a.key, a.label, a.where, a.components) for a in self.deck.activities]
        own = [
            Item(item.key, item.label, item.grouping or "", own_components(item))
            for item in repo.board_items(db, session_id=session.id, kind=kind)
        ]
        return deck_items + own

    def _could_be(self, kind: str, key: str) -> bool:
        """A deck item's key, or one shaped like an own item's (checked in its session)."""
        deck = self.deck.competences if kind == COMPETENCES else self.deck.activities
        return any(item.key == key for item in deck) or key.startswith(repo.OWN_PREFIX)

    def who_marked(self, db: Session, session: WorkSession, board: str) -> dict[str, list[str]]:
        by_item = repo.marks_by_item(db, session_id=session.id, board=board)
        names = member_names(db, [uid for ids in by_item.values() for uid in ids])
        return {key: [names[uid] for uid in ids] for key, ids in by_item.items()}

    def ranking(self, db: Session, session: WorkSession) -> list[Ranked]:
        """The competences by marks, most first: the team's choice in step 3."""
        return rank(self.items(db, session, COMPETENCES), self.who_marked(db, session, COMPETENCES))

    def placed_activities(self, db: Session, session: WorkSession) -> list[Placed]:
        """The activities, the ones that fit the team's competences first."""
        return order_activities(self.items(db, session, ACTIVITIES), self.ranking(db, session))

    def marked(self, db: Session, session: WorkSession, board: str) -> Marked:
        ranked = rank(self.items(db, session, kind_of(board)), self.who_marked(db, session, board))
        return [(entry.label, entry.count) for entry in ranked]

    def ranked(self, db: Session, session: WorkSession, board: str) -> list[Ranked]:
        return rank(self.items(db, session, kind_of(board)), self.who_marked(db, session, board))

    def interesting_options(self, db: Session, chat_id: int) -> list[tuple[str, str]]:
        """(key, label) of the activities the group's latest session found interesting,
        most marked first: what an action made now can carry out."""
        session = repo.latest_session(db, chat_id=chat_id)
        if session is None:
            return []
        return [(r.key, r.label) for r in self.ranked(db, session, NEW)][:MAX_OPTIONS]

    # --- the board messages ------------------------------------------------------------

    def _board(self, db: Session, session: WorkSession, board: str, group: str) -> tuple[str, dict]:
        who = self.who_marked(db, session, board)
        if board == COMPETENCES:
            component = self.deck.component(group)
            shown = [(item, False) for item in self.items(db, session, COMPETENCES)]
            shown = [(item, fits) for item, fits in shown if item.group == group]
            text = texts.competence_board(
                component=component.label,
                description=component.description,
                marked=[(item.label, who[item.key]) for item, _ in shown if who.get(item.key)],
            )
        else:
            placed = self.placed_activities(db, session)
            shown = [(p.item, p.fits) for p in placed if p.item.group == group]
            text = texts.activity_board(
                where=texts.WHERE_LABELS[group],
                mark=board,
                fits_any=any(fits for _, fits in shown),
                marked=[(item.label, who[item.key]) for item, _ in shown if who.get(item.key)],
            )
        buttons: list[tuple[str, CallbackData]] = [
            (
                texts.board_button(item.label, len(who.get(item.key, ())), fits=fits),
                MarkItem(session.id, board, item.key),
            )
            for item, fits in shown
        ]
        return text, inline_buttons(in_pairs(buttons))

    def _board_kinds(self, board: str) -> list[tuple[str, Kind]]:
        return [
            (group, Kind(Family.BOARD, board, group)) for group, _ in self.groups(kind_of(board))
        ]

    def post_boards(self, db: Session, session: WorkSession, step: Step) -> None:
        """The step's boards go out right after its card, one per group."""
        for board in self.boards(step):
            for group, kind in self._board_kinds(board):
                text, markup = self._board(db, session, board, group)
                send(
                    db,
                    session,
                    kind,
                    text,
                    now=self.clock.now(),
                    markup=markup,
                    session_id=session.id,
                )

    def _views(
        self, db: Session, session: WorkSession, board: str, group: str
    ) -> tuple[MessageView, ...]:
        sent = repo.outbox_message(db, session_id=session.id, kind=Kind(Family.BOARD, board, group))
        text, markup = self._board(db, session, board, group)
        view = MessageView.of(sent, text, markup)
        return (view,) if view else ()

    # --- marking -----------------------------------------------------------------------

    def toggle(self, press: Press, button: MarkItem) -> ButtonReply:
        """Mark an item, or take the mark away; its board shows who marked what."""
        if button.board not in BOARDS or not self._could_be(kind_of(button.board), button.key):
            raise Refusal(texts.UNKNOWN_CHOICE)
        who = press.who
        with session_scope(self.engine) as db:
            session = db.get(WorkSession, button.session_id)
            if session is None or session.chat_id != press.chat_id:
                raise Refusal(texts.MARK_ELSEWHERE)
            if session.status not in repo.ACTIVE_STATUSES:
                raise Refusal(texts.MARKING_CLOSED)
            items = {item.key: item for item in self.items(db, session, kind_of(button.board))}
            item = items.get(button.key)
            if item is None:
                raise Refusal(texts.UNKNOWN_CHOICE)
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
            views = self._views(db, session, button.board, item.group)
            return texts.mark_toggled(item.label, now_set), views

    # --- own items ---------------------------------------------------------------------

    def propose(self, reply: MemberReplyToBoard) -> str | None:
        """A reply to a board proposes an own competence or activity: the chair gets buttons
        to add it. None when the replied message is no board of an open session; otherwise
        a notice for the member (or "" for none)."""
        with session_scope(self.engine) as db:
            sent = repo.outbox_by_message(db, chat_id=reply.chat_id, message_id=reply.replied_to_id)
            kind = Kind.parse(sent.kind) if sent else None
            if sent is None or kind is None or kind.family != Family.BOARD:
                return None
            session = db.get(WorkSession, sent.session_id) if sent.session_id else None
            if session is None or session.status not in repo.ACTIVE_STATUSES:
                return None
            label = " ".join(reply.text.split())
            if not label:
                return None
            if len(label) > MAX_OWN_LABEL:
                return texts.OWN_ITEM_TOO_LONG
            items_kind = kind_of(str(kind.ref))
            now = self.clock.now()
            remember(db, reply.who, now=now)
            item = repo.add_board_item(
                db,
                session_id=session.id,
                kind=items_kind,
                label=label,
                proposed_by=reply.who.id,
                now=now,
            )
            buttons = [
                (f"➕ {group_label}", AddOwnItem(item.id, group))
                for group, group_label in self.groups(items_kind)
            ]
            send(
                db,
                session,
                Kind(Family.OWN_ITEM, item.id),
                texts.own_item_proposed(
                    reply.who.name, label, competence=items_kind == COMPETENCES
                ),
                now=now,
                markup=inline_buttons([[b] for b in buttons]),
                session_id=session.id,
            )
            return ""

    def add_own(self, press: Press, button: AddOwnItem) -> ButtonReply:
        """The chair puts a member's proposal on the board, in the group they tapped."""
        with session_scope(self.engine) as db:
            item = db.get(BoardItem, button.item_id)
            session = db.get(WorkSession, item.session_id) if item else None
            if item is None or session is None or session.chat_id != press.chat_id:
                raise Refusal(texts.MARK_ELSEWHERE)
            if session.status not in repo.ACTIVE_STATUSES:
                raise Refusal(texts.MARKING_CLOSED)
            policy.require(
                db, Act.ADD_OWN_ITEM, chat_id=press.chat_id, user_id=press.who.id, session=session
            )
            if item.added:
                raise Refusal(texts.OWN_ITEM_ALREADY_ADDED)
            if button.group not in dict(self.groups(item.kind)):
                raise Refusal(texts.UNKNOWN_CHOICE)
            item.added = True
            item.grouping = button.group
            db.add(item)
            db.flush()
            boards = (COMPETENCES,) if item.kind == COMPETENCES else (ALREADY, NEW)
            views: list[MessageView] = []
            for board in boards:
                views += self._views(db, session, board, button.group)
            added = texts.own_item_added(item.label, self.group_label(item.kind, button.group))
            views.append(MessageView(press.chat_id, press.message_id, added, NO_BUTTONS))
            return None, tuple(views)


def own_components(item: BoardItem) -> tuple[str, ...]:
    """An own competence belongs to the component the chair chose; an own activity is linked
    to no component (the team did not say which it builds)."""
    return (item.grouping,) if item.kind == COMPETENCES and item.grouping else ()
