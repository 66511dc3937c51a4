"""The boards of the poster. Step 3: the competences, one board per component of Nuffic's
model, and the ranking at the end of the step. Step 4: the activities, one board for "doen
we al" and one for "lijkt ons interessant", each turned page by page (abroad, then in eigen
land) so it fits a phone; ⭐ marks the few that build the team's top-ranked competences.
Members tap items (each their own marks; the board shows who); a member proposes an own item
by replying to a board, and the chair puts it on the board.

A board's page is no state of its own: a press names the page it shows (◀ ▶) or the item
whose page it is (a mark), so after a restart every button still does what it says.

Stored with its messages (the outbox) in one transaction; no Telegram here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.core.session.boards import Page, Tally, most_marked, paginate
from bot.core.session.ranking import Item, Placed, Ranked, rank, star_activities
from bot.core.team.policy import Act
from bot.services.buttons import (
    NO_BUTTONS,
    AddOwnItem,
    CallbackData,
    MarkItem,
    TurnPage,
    inline_buttons,
    side_by_side,
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
from bot.services.team import policy
from bot.texts import help as help_texts
from bot.texts.session import boards as board_texts
from bot.texts.session import marks as mark_texts
from prompts import WHERE, Deck, Step
from storage.db import session_scope
from storage.models import BoardItem, OutboxMessage, WorkSession
from storage.repo import outbox as outbox_rows
from storage.repo import poster as poster_rows
from storage.repo import sessions as session_rows
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
        return [(where, board_texts.WHERE_LABELS[where]) for where in WHERE]

    def group_label(self, kind: str, group: str) -> str:
        return dict(self.groups(kind)).get(group, group)

    def items(self, db: Session, session: WorkSession, kind: str) -> list[Item]:
        """The deck's items and the own items the chair added, in board order."""
        if kind == COMPETENCES:
            deck_items = [Item(c.key, c.label, c.component) for c in self.deck.competences]
        else:
            deck_items = [
                Item(a.key, a.label, a.where, a.components, a.short or "")
                for a in self.deck.activities
            ]
        own = [
            Item(item.key, item.label, item.grouping or "", own_components(item))
            for item in poster_rows.board_items(db, session_id=session.id, kind=kind)
        ]
        return deck_items + own

    def _could_be(self, kind: str, key: str) -> bool:
        """A deck item's key, or one shaped like an own item's (checked in its session)."""
        deck = self.deck.competences if kind == COMPETENCES else self.deck.activities
        return any(item.key == key for item in deck) or key.startswith(poster_rows.OWN_PREFIX)

    def who_marked(self, db: Session, session: WorkSession, board: str) -> dict[str, list[str]]:
        by_item = poster_rows.marks_by_item(db, session_id=session.id, board=board)
        names = member_names(db, [uid for ids in by_item.values() for uid in ids])
        return {key: [names[uid] for uid in ids] for key, ids in by_item.items()}

    def ranking(self, db: Session, session: WorkSession) -> list[Ranked]:
        """The competences by marks, most first: the team's choice in step 3."""
        return rank(self.items(db, session, COMPETENCES), self.who_marked(db, session, COMPETENCES))

    def placed_activities(self, db: Session, session: WorkSession) -> list[Placed]:
        """The activities in board order, ⭐ on the few that build the team's top-ranked
        competences."""
        return star_activities(self.items(db, session, ACTIVITIES), self.ranking(db, session))

    def pages(self, db: Session, session: WorkSession) -> list[Page[Placed]]:
        placed = self.placed_activities(db, session)
        return paginate([(where, [p for p in placed if p.item.group == where]) for where in WHERE])

    def most_marked(self, db: Session, session: WorkSession) -> list[Tally]:
        """The activities with most marks over both questions, abroad and in eigen land."""
        items = self.items(db, session, ACTIVITIES)
        lists = []
        for board in (ALREADY, NEW):
            who = self.who_marked(db, session, board)
            lists += [
                [
                    Tally(i.label, len(who[i.key]), board)
                    for i in items
                    if i.group == where and who.get(i.key)
                ]
                for where in WHERE
            ]
        return most_marked(lists)

    def marked(self, db: Session, session: WorkSession, board: str) -> Marked:
        ranked = rank(self.items(db, session, kind_of(board)), self.who_marked(db, session, board))
        return [(entry.label, entry.count) for entry in ranked]

    def ranked(self, db: Session, session: WorkSession, board: str) -> list[Ranked]:
        return rank(self.items(db, session, kind_of(board)), self.who_marked(db, session, board))

    def interesting_options(self, db: Session, chat_id: int) -> list[tuple[str, str]]:
        """(key, label) of the activities the group's latest session found interesting,
        most marked first: what an action made now can carry out."""
        session = session_rows.latest_session(db, chat_id=chat_id)
        if session is None:
            return []
        return [(r.key, r.label) for r in self.ranked(db, session, NEW)][:MAX_OPTIONS]

    # --- the board messages ------------------------------------------------------------

    def _competence_board(
        self, db: Session, session: WorkSession, component_key: str
    ) -> tuple[str, dict]:
        who = self.who_marked(db, session, COMPETENCES)
        component = self.deck.component(component_key)
        shown = [i for i in self.items(db, session, COMPETENCES) if i.group == component_key]
        text = board_texts.competence_board(
            component=component.label,
            description=component.description,
            marked=[(item.label, who[item.key]) for item in shown if who.get(item.key)],
        )
        buttons: list[tuple[str, CallbackData]] = [
            (
                board_texts.board_button(item.label, len(who.get(item.key, ()))),
                MarkItem(session.id, COMPETENCES, item.key),
            )
            for item in shown
        ]
        return text, inline_buttons(side_by_side(buttons))

    def _activity_board(
        self, db: Session, session: WorkSession, board: str, page_index: int
    ) -> tuple[str, dict]:
        """One page of a question's board: its items numbered in full with who marked them,
        a short button for each, and ◀ ▶ to the other pages (round, from the last to the
        first)."""
        who = self.who_marked(db, session, board)
        pages = self.pages(db, session)
        page = pages[min(max(page_index, 0), len(pages) - 1)]
        on_page = {placed.item.key for _, placed in page.items}
        text = board_texts.activity_board(
            where=board_texts.WHERE_LABELS[page.group],
            mark=board,
            page=page.index + 1,
            pages=len(pages),
            items=[
                (number, placed.item.label, placed.fits, who.get(placed.item.key, ()))
                for number, placed in page.items
            ],
            elsewhere=sum(len(names) for key, names in who.items() if key not in on_page),
        )
        buttons: list[tuple[str, CallbackData]] = [
            (
                board_texts.activity_button(
                    number, placed.item.short or placed.item.label, fits=placed.fits
                ),
                MarkItem(session.id, board, placed.item.key),
            )
            for number, placed in page.items
        ]
        rows = side_by_side(buttons)
        if len(pages) > 1:
            back, on = (page.index - 1) % len(pages), (page.index + 1) % len(pages)
            rows.append(
                [
                    (
                        board_texts.page_button(back + 1, back=True),
                        TurnPage(session.id, board, back),
                    ),
                    (board_texts.page_button(on + 1, back=False), TurnPage(session.id, board, on)),
                ]
            )
        return text, inline_buttons(rows)

    def _page_of(self, db: Session, session: WorkSession, key: str) -> int:
        for page in self.pages(db, session):
            if any(placed.item.key == key for _, placed in page.items):
                return page.index
        return 0

    def post_boards(self, db: Session, session: WorkSession, step: Step) -> None:
        """The step's boards go out right after its card: one per component of the model,
        or one per question (its first page)."""
        for board in self.boards(step):
            if board == COMPETENCES:
                shown = [
                    (Kind(Family.BOARD, board, key), self._competence_board(db, session, key))
                    for key, _ in self.groups(COMPETENCES)
                ]
            else:
                shown = [(Kind(Family.BOARD, board), self._activity_board(db, session, board, 0))]
            for kind, (text, markup) in shown:
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
        self, db: Session, session: WorkSession, board: str, *, group: str = "", page: int = 0
    ) -> tuple[MessageView, ...]:
        """The board message refreshed: a component's board, or an activity board's page."""
        if board == COMPETENCES:
            kind = Kind(Family.BOARD, board, group)
            text, markup = self._competence_board(db, session, group)
        else:
            kind = Kind(Family.BOARD, board)
            text, markup = self._activity_board(db, session, board, page)
        sent = outbox_rows.outbox_message(db, session_id=session.id, kind=kind)
        view = MessageView.of(sent, text, markup)
        return (view,) if view else ()

    # --- marking -----------------------------------------------------------------------

    @staticmethod
    def _open_session(db: Session, session_id: int, press: Press) -> WorkSession:
        """The session a board button names, if it runs in the chat it was pressed in."""
        session = db.get(WorkSession, session_id)
        if session is None or session.chat_id != press.chat_id:
            raise Refusal(mark_texts.MARK_ELSEWHERE)
        if session.status not in session_rows.ACTIVE_STATUSES:
            raise Refusal(mark_texts.MARKING_CLOSED)
        return session

    def toggle(self, press: Press, button: MarkItem) -> ButtonReply:
        """Mark an item, or take the mark away; its board shows who marked what."""
        if button.board not in BOARDS or not self._could_be(kind_of(button.board), button.key):
            raise Refusal(help_texts.UNKNOWN_CHOICE)
        who = press.who
        with session_scope(self.engine) as db:
            session = self._open_session(db, button.session_id, press)
            items = {item.key: item for item in self.items(db, session, kind_of(button.board))}
            item = items.get(button.key)
            if item is None:
                raise Refusal(help_texts.UNKNOWN_CHOICE)
            now = self.clock.now()
            remember(db, who, now=now)
            now_set = session_rows.toggle_mark(
                db,
                session_id=session.id,
                user_id=who.id,
                board=button.board,
                item_key=button.key,
                now=now,
            )
            session_rows.add_participant(db, session_id=session.id, user_id=who.id, now=now)
            page = self._page_of(db, session, item.key) if button.board != COMPETENCES else 0
            views = self._views(db, session, button.board, group=item.group, page=page)
            return mark_texts.mark_toggled(item.label, now_set), views

    def turn_page(self, press: Press, button: TurnPage) -> ButtonReply:
        """◀ ▶: the board shows another page, for everyone in the group."""
        if button.board not in (ALREADY, NEW):
            raise Refusal(help_texts.UNKNOWN_CHOICE)
        with session_scope(self.engine) as db:
            session = self._open_session(db, button.session_id, press)
            return None, self._views(db, session, button.board, page=button.page)

    # --- own items ---------------------------------------------------------------------

    def propose(
        self, db: Session, reply: MemberReplyToBoard, *, board: OutboxMessage
    ) -> str | None:
        """A reply to a board (`board`, a row of the BOARD family; bot.services.reply_routing)
        proposes an own competence or activity: the chair gets buttons to add it. None when
        it is no board of an open session; otherwise a notice for the member (or "" for
        none)."""
        kind = board.message_kind
        session = db.get(WorkSession, board.session_id) if board.session_id else None
        if session is None or session.status not in session_rows.ACTIVE_STATUSES:
            return None
        label = " ".join(reply.text.split())
        if not label:
            return None
        if len(label) > MAX_OWN_LABEL:
            return board_texts.OWN_ITEM_TOO_LONG
        items_kind = kind_of(str(kind.ref))
        now = self.clock.now()
        remember(db, reply.who, now=now)
        item = poster_rows.add_board_item(
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
            board_texts.own_item_proposed(
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
                raise Refusal(mark_texts.MARK_ELSEWHERE)
            if session.status not in session_rows.ACTIVE_STATUSES:
                raise Refusal(mark_texts.MARKING_CLOSED)
            policy.require(
                db, Act.ADD_OWN_ITEM, chat_id=press.chat_id, user_id=press.who.id, session=session
            )
            if item.added:
                raise Refusal(board_texts.OWN_ITEM_ALREADY_ADDED)
            if button.group not in dict(self.groups(item.kind)):
                raise Refusal(help_texts.UNKNOWN_CHOICE)
            item.added = True
            item.grouping = button.group
            db.add(item)
            db.flush()
            boards = (COMPETENCES,) if item.kind == COMPETENCES else (ALREADY, NEW)
            page = self._page_of(db, session, item.key) if item.kind != COMPETENCES else 0
            views: list[MessageView] = []
            for board in boards:
                views += self._views(db, session, board, group=button.group, page=page)
            added = board_texts.own_item_added(
                item.label, self.group_label(item.kind, button.group)
            )
            views.append(MessageView(press.chat_id, press.message_id, added, NO_BUTTONS))
            return None, tuple(views)


def own_components(item: BoardItem) -> tuple[str, ...]:
    """An own competence belongs to the component the chair chose; an own activity is linked
    to no component (the team did not say which it builds)."""
    return (item.grouping,) if item.kind == COMPETENCES and item.grouping else ()
