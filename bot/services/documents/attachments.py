"""Files the bot sends, as outbox attachments: what to render and with which content.

A service decides to send a file and stores its content (plain data, as JSON) in the
outbox row, in the same transaction as the decision; delivery renders it when the row is
sent, in a thread. So a kill -9 or a 429 never loses the file, a retry renders the same
bytes, and the event loop never waits for the typesetter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

from bot import texts
from bot.core.poster import Poster, SessionFacts, layout, poster_data
from bot.core.summary import SessionSummary
from bot.services.documents.calendar import CalendarAction, CalendarMeeting, actions_calendar
from bot.services.documents.poster import poster_pdf, poster_png
from bot.services.documents.spreadsheet import ActionRow, actions_csv
from bot.services.documents.summary import summary_docx, summary_pdf

# How outbox.last_error starts for a file that could not be made from its content.
NOT_RENDERED = "file not rendered"


@dataclass(frozen=True)
class CalendarData:
    name: str
    tz: str
    stamp: datetime
    actions: tuple[CalendarAction, ...]
    meetings: tuple[CalendarMeeting, ...] = ()


def poster_of(facts: SessionFacts) -> Poster:
    return layout(poster_data(facts, title=texts.POSTER_TITLE, labels=texts.POSTER_LABELS))


def render_poster_png(facts: SessionFacts) -> bytes:
    return poster_png(poster_of(facts))


def render_poster_pdf(facts: SessionFacts) -> bytes:
    return poster_pdf(poster_of(facts))


def render_calendar(data: CalendarData) -> bytes:
    return actions_calendar(
        name=data.name,
        actions=data.actions,
        meetings=data.meetings,
        tz=ZoneInfo(data.tz),
        stamp=data.stamp,
    )


@dataclass(frozen=True)
class Renderer:
    content: type
    render: Callable[[Any], bytes]
    send_as: str = "document"  # photo | document


RENDERERS: dict[str, Renderer] = {
    "poster_png": Renderer(SessionFacts, render_poster_png, send_as="photo"),
    "poster_pdf": Renderer(SessionFacts, render_poster_pdf),
    "summary_pdf": Renderer(SessionSummary, summary_pdf),
    "summary_docx": Renderer(SessionSummary, summary_docx),
    "actions_csv": Renderer(tuple[ActionRow, ...], actions_csv),
    "actions_ics": Renderer(CalendarData, render_calendar),
}


def attachment(render: str, content: object) -> dict:
    """The outbox's `attachment` value for this file."""
    renderer = RENDERERS[render]
    adapter: TypeAdapter[Any] = TypeAdapter(renderer.content)
    data = adapter.dump_python(content, mode="json")
    return {"render": render, "as": renderer.send_as, "data": data}


def render(attachment: dict) -> bytes:
    """The file's bytes. CPU-bound (up to a second for a poster): call it in a thread."""
    renderer = RENDERERS[attachment["render"]]
    adapter: TypeAdapter[Any] = TypeAdapter(renderer.content)
    content = adapter.validate_python(attachment["data"])
    return renderer.render(content)


def settled(attachment: dict) -> dict:
    """What the row keeps once sent or given up: which file it was, not the member text."""
    return {"render": attachment["render"], "as": attachment.get("as"), "data": None}
