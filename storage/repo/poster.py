"""What a session puts on the poster besides marks: members' own competences and activities
(board items) and the steekwoorden of a step."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import BoardItem, Keyword, Mark

OWN_PREFIX = "eigen"


# --- own items on a board -----------------------------------------------------------------


def add_board_item(
    db: Session, *, session_id: int, kind: str, label: str, proposed_by: int, now: datetime
) -> BoardItem:
    item = BoardItem(
        session_id=session_id, kind=kind, label=label, proposed_by=proposed_by, created_at=now
    )
    db.add(item)
    db.flush()
    return item


def board_item_by_key(db: Session, *, session_id: int, key: str) -> BoardItem | None:
    """An own item named by its key ("eigen12"), only within its session."""
    number = key.removeprefix(OWN_PREFIX)
    if not key.startswith(OWN_PREFIX) or not number.isdigit() or len(number) > 9:
        return None
    item = db.get(BoardItem, int(number))
    return item if item is not None and item.session_id == session_id else None


def board_items(db: Session, *, session_id: int, kind: str) -> Sequence[BoardItem]:
    """The own items the chair added to a board, oldest first."""
    return db.exec(
        select(BoardItem)
        .where(
            BoardItem.session_id == session_id,
            BoardItem.kind == kind,
            col(BoardItem.added).is_(True),
        )
        .order_by(col(BoardItem.id))
    ).all()


def marks_by_item(db: Session, *, session_id: int, board: str) -> dict[str, list[int]]:
    """item key -> the members who marked it, in the order they did."""
    rows = db.exec(
        select(Mark.item_key, Mark.user_id)
        .where(Mark.session_id == session_id, Mark.board == board)
        .order_by(col(Mark.created_at), col(Mark.id))
    ).all()
    result: dict[str, list[int]] = {}
    for key, user_id in rows:
        result.setdefault(key, []).append(user_id)
    return result


# --- steekwoorden -------------------------------------------------------------------------


def keyword_of(db: Session, *, session_id: int, step: int, text: str) -> Keyword | None:
    return db.exec(
        select(Keyword).where(
            Keyword.session_id == session_id, Keyword.step == step, Keyword.text == text
        )
    ).first()


def add_keyword(
    db: Session,
    *,
    session_id: int,
    step: int,
    text: str,
    proposed: bool,
    added_by: int | None,
    now: datetime,
) -> Keyword:
    """A new keyword, kept; the same text again in that step keeps the one there is."""
    keyword = keyword_of(db, session_id=session_id, step=step, text=text)
    if keyword is None:
        keyword = Keyword(
            session_id=session_id,
            step=step,
            text=text,
            proposed=proposed,
            added_by=added_by,
            created_at=now,
        )
    keyword.kept = True
    db.add(keyword)
    db.flush()
    return keyword


def keywords(
    db: Session, *, session_id: int, step: int | None = None, kept_only: bool = False
) -> Sequence[Keyword]:
    query = select(Keyword).where(Keyword.session_id == session_id)
    if step is not None:
        query = query.where(Keyword.step == step)
    if kept_only:
        query = query.where(col(Keyword.kept).is_(True))
    return db.exec(query.order_by(col(Keyword.step), col(Keyword.id))).all()
