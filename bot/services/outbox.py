"""Queueing a message in the outbox, and the reply markup it may carry (Telegram's JSON).

Every service stores a decision together with the messages it causes, in one transaction;
bot.telegram.delivery sends them afterwards. No Telegram here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from storage import repo
from storage.models import OutboxMessage

NO_BUTTONS: dict = {"inline_keyboard": []}


def inline_buttons(rows: Sequence[Sequence[tuple[str, str]]]) -> dict:
    """Rows of (label, callback data)."""
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in rows
        ]
    }


def force_reply(placeholder: str) -> dict:
    # selective: only the member who is asked gets the reply box (they are mentioned).
    return {"force_reply": True, "selective": True, "input_field_placeholder": placeholder[:64]}


def queue_message(
    db: Session,
    *,
    chat_id: int,
    thread_id: int | None,
    kind: str,
    text: str,
    now: datetime,
    markup: dict | None = None,
    reply_to: int | None = None,
    pin: bool = False,
    document_name: str | None = None,
    session_id: int | None = None,
    question_id: int | None = None,
) -> OutboxMessage:
    """One message to send; with `document_name`, `text` is the body of that file."""
    return repo.enqueue(
        db,
        message=OutboxMessage(
            chat_id=chat_id,
            thread_id=thread_id,
            kind=kind,
            text=text,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            pin=pin,
            document_name=document_name,
            session_id=session_id,
            question_id=question_id,
            created_at=now,
        ),
    )
