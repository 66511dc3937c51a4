"""Files the bot sends, as outbox attachments: what to build, and how to render it.

A service that decides to send a file stores in the outbox row (`attachment`, JSON) *what*
to build and from which rows, never the file or its content:

    {"build": <name in BUILDS>, "as": "photo" | "document", <the ids it needs>}

    poster_png, poster_pdf         {"session_id": 7}  the session's poster
    team_poster_png, _pdf          {"chat_id": -100…} the poster of a linked group's whole
                                    team (bot.services.team.links)
    export_pdf, export_docx        {"session_id": 7}  the whole session as a document
    summary_pdf, summary_docx      {"session_id": 7, "since": {"states": {"1": "open"},
                                    "on": "2026-11-27"} or null}  the long summary; `since`
                                    is what the summary before showed (action number ->
                                    state), for its "what changed" part
    actions_csv                    {"chat_id": -100…} the group's actions, for Excel
    actions_ics                    {"chat_id": -100…} the group's open actions and meeting
    my_actions_ics                 {"owner_id": 42}   one member's open actions (private)

Delivery builds the file when the row is sent (ExportService.build, in a thread: it reads
the rows in its own transaction, then renders): a 429 or a kill -9 never loses the file,
the queue holds no copy of member text, and what a member changed or asked to be
forgotten meanwhile is what the file shows. A reference whose rows are gone cannot be
built; the chat is then told, and its other messages still go.

Rows queued before this shape carry their content instead: {"render": name, "as": ...,
"data": ...}; `render` still renders those, and `settled` drops their content once sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

from bot.core.documents.poster import Poster, SessionFacts, layout, poster_data
from bot.core.documents.summary import SessionSummary
from bot.services.documents.calendar import CalendarAction, CalendarMeeting, actions_calendar
from bot.services.documents.poster import poster_pdf, poster_png
from bot.services.documents.spreadsheet import ActionRow, actions_csv
from bot.services.documents.summary import summary_docx, summary_pdf
from bot.texts.documents import exports as export_texts


@dataclass(frozen=True)
class CalendarData:
    name: str
    tz: str
    stamp: datetime
    actions: tuple[CalendarAction, ...]
    meetings: tuple[CalendarMeeting, ...] = ()


def poster_of(facts: SessionFacts) -> Poster:
    return layout(
        poster_data(facts, title=export_texts.POSTER_TITLE, labels=export_texts.POSTER_LABELS)
    )


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


# What each build renders with (RENDERERS) and how it is sent.
BUILDS: dict[str, str] = {
    "poster_png": "poster_png",
    "poster_pdf": "poster_pdf",
    "team_poster_png": "poster_png",
    "team_poster_pdf": "poster_pdf",
    "export_pdf": "summary_pdf",
    "export_docx": "summary_docx",
    "summary_pdf": "summary_pdf",
    "summary_docx": "summary_docx",
    "actions_csv": "actions_csv",
    "actions_ics": "actions_ics",
    "my_actions_ics": "actions_ics",
}


def reference(build: str, **rows: object) -> dict:
    """The outbox's `attachment` value for a file built from these rows when sent."""
    return {"build": build, "as": RENDERERS[BUILDS[build]].send_as, **rows}


def render_content(render: str, content: object) -> bytes:
    """A file's bytes from its content. CPU-bound (up to a second for a poster)."""
    return RENDERERS[render].render(content)


def render(attachment: dict) -> bytes:
    """The bytes of a file that carries its content. CPU-bound: call it in a thread."""
    renderer = RENDERERS[attachment["render"]]
    adapter: TypeAdapter[Any] = TypeAdapter(renderer.content)
    content = adapter.validate_python(attachment["data"])
    return renderer.render(content)


def settled(attachment: dict) -> dict:
    """What the row keeps once sent or given up: which file it was, not the member text
    (a reference holds none)."""
    if "build" in attachment:
        return attachment
    return {"render": attachment["render"], "as": attachment.get("as"), "data": None}
