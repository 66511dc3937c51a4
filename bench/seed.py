"""Open actions with their reminders, written straight into a migrated database: 100,000
of them cannot be made through the bot in the time a benchmark has."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from storage.db import make_engine, migrate
from storage.models import Action, GroupChat, Member, Reminder

BATCH = 5_000


def _batched(rows: list[dict], model, db: Session) -> None:
    for start in range(0, len(rows), BATCH):
        db.execute(insert(model), rows[start : start + BATCH])


def seed_actions(
    database_url: str,
    *,
    groups: list[tuple[int, str, list[int]]],
    per_group: int,
    reminder_times: list[datetime],
    deadline: date,
    now: datetime,
) -> int:
    """`per_group` open actions in every (chat id, title, member ids) group, owned in turn
    by its members, each with a reminder at every moment of `reminder_times` (cycled per
    action: action i gets reminder_times[i % len] onwards). Returns the action count."""
    migrate(database_url)
    engine = make_engine(database_url)
    members = [
        {"id": uid, "first_name": f"Lid{uid % 100_000}", "private_chat": False, "updated_at": now}
        for _, _, uids in groups
        for uid in uids
    ]
    chats = [
        {"id": cid, "title": title, "active": True, "updated_at": now} for cid, title, _ in groups
    ]
    actions = []
    for cid, _, uids in groups:
        for number in range(1, per_group + 1):
            owner = uids[number % len(uids)]
            actions.append(
                {
                    "chat_id": cid,
                    "number": number,
                    "text": f"Partnerschool zoeken {number}",
                    "owner_id": owner,
                    "deadline": deadline,
                    "needs": [],
                    "status": "open",
                    "created_by": owner,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    with Session(engine) as db:
        _batched(members, Member, db)
        _batched(chats, GroupChat, db)
        _batched(actions, Action, db)
        db.commit()
        ids = [
            row[0]
            for row in db.execute(
                Action.__table__.select().with_only_columns(Action.id).order_by(Action.id)
            )
        ]
        reminders = []
        for index, action_id in enumerate(ids):
            moment = reminder_times[index % len(reminder_times)]
            reminders.append(
                {"action_id": action_id, "kind": "on_day", "due_at": moment, "status": "pending"}
            )
        _batched(reminders, Reminder, db)
        db.commit()
    engine.dispose()
    return len(ids)


def spread(start: datetime, span: timedelta, count: int) -> list[datetime]:
    return [start + span * i / max(1, count) for i in range(count)]
