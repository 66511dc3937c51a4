"""Telegram updates (claims, processed and unhandled ones) and the settings the bot
generates and shares between its processes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import BotSetting, ProcessedUpdate, UnhandledUpdate

# --- update claims ---------------------------------------------------------------------


def claim_update(db: Session, *, update_id: int, process_id: str, now: datetime) -> bool:
    """Take an update on; False when it was handled already or is being handled now.

    An unfinished claim by another process means that process died mid-update (polling has
    one process; a webhook delivery is only repeated when the first attempt failed), so the
    update is taken over. One by this process is the same update still in hand: a duplicate.
    """
    existing = db.get(ProcessedUpdate, update_id, with_for_update=True)
    if existing is None:
        try:
            with db.begin_nested():
                db.add(ProcessedUpdate(update_id=update_id, claimed_at=now, claimed_by=process_id))
            return True
        except IntegrityError:
            return False  # another process took it on at this very moment
    if existing.done or existing.claimed_by == process_id:
        return False
    existing.claimed_at = now
    existing.claimed_by = process_id
    db.add(existing)
    return True


def claim_updates(
    db: Session, *, update_ids: Sequence[int], process_id: str, now: datetime
) -> set[int]:
    """`claim_update` for a batch (polling hands them out a hundred at a time): the ones
    taken on. New ids go in with one statement that passes over the ids already there (ON
    CONFLICT DO NOTHING, which SQLite and PostgreSQL both know, so a process that got in
    between needs no savepoint); only those are claimed one by one."""
    ids = list(dict.fromkeys(update_ids))
    if not ids:
        return set()
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [
        {"update_id": update_id, "claimed_at": now, "claimed_by": process_id, "done": False}
        for update_id in ids
    ]
    new = db.exec(
        insert(ProcessedUpdate)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(col(ProcessedUpdate.update_id))
    ).scalars()
    taken = set(new)
    for update_id in ids:
        if update_id not in taken and claim_update(
            db, update_id=update_id, process_id=process_id, now=now
        ):
            taken.add(update_id)
    return taken


def finish_updates(db: Session, *, update_ids: Sequence[int]) -> None:
    if update_ids:
        db.exec(
            update(ProcessedUpdate)
            .where(col(ProcessedUpdate.update_id).in_(list(update_ids)))
            .values(done=True)
        )


def forget_update_ids(db: Session, *, claimed_before: datetime) -> None:
    db.exec(delete(ProcessedUpdate).where(col(ProcessedUpdate.claimed_at) < claimed_before))


# --- unhandled updates -----------------------------------------------------------------


def keep_unhandled_update(
    db: Session, *, update_id: int, chat_id: int | None, payload: dict, error: str, now: datetime
) -> None:
    db.add(
        UnhandledUpdate(
            update_id=update_id, chat_id=chat_id, payload=payload, error=error[:500], created_at=now
        )
    )


def unhandled_updates(db: Session) -> Sequence[UnhandledUpdate]:
    return db.exec(select(UnhandledUpdate)).all()


def delete_unhandled_updates(db: Session, *, ids: Sequence[int]) -> int:
    if not ids:
        return 0
    return db.exec(delete(UnhandledUpdate).where(col(UnhandledUpdate.id).in_(list(ids)))).rowcount


def delete_unhandled_updates_before(db: Session, *, created_before: datetime) -> int:
    return db.exec(
        delete(UnhandledUpdate).where(col(UnhandledUpdate.created_at) < created_before)
    ).rowcount


# --- settings the bot generates --------------------------------------------------------


def setting_or_create(db: Session, *, key: str, make: Callable[[], str]) -> str:
    """The stored value, or `make()` stored now. Two processes starting at once agree."""
    existing = db.get(BotSetting, key)
    if existing is not None:
        return existing.value
    try:
        with db.begin_nested():
            db.add(BotSetting(key=key, value=make()))
    except IntegrityError:
        pass  # the other process stored its value first; use that one
    return db.get_one(BotSetting, key, populate_existing=True).value
