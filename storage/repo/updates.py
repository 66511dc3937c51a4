"""Telegram updates (claims, processed and unhandled ones) and the settings the bot
generates and shares between its processes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import delete, update
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
    taken on. New ids are inserted at once; only when another process got in between (or an
    id was seen before) is each one claimed on its own."""
    known = set(
        db.exec(
            select(ProcessedUpdate.update_id).where(
                col(ProcessedUpdate.update_id).in_(list(update_ids))
            )
        ).all()
    )
    new = [update_id for update_id in update_ids if update_id not in known]
    if new:
        try:
            with db.begin_nested():
                db.add_all(
                    ProcessedUpdate(update_id=update_id, claimed_at=now, claimed_by=process_id)
                    for update_id in new
                )
        except IntegrityError:
            known.update(new)
            new = []
    taken = set(new)
    for update_id in update_ids:
        if update_id in known and claim_update(
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
