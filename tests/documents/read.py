"""Reading back what the bot rendered, as a person's program would."""

from __future__ import annotations

import io

from docx import Document
from icalendar import Calendar
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The PDF's text, lines joined by spaces so wrapped phrases read as typed."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_pages(data: bytes) -> list:
    return list(PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def calendar_events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def flat(text: str) -> str:
    return " ".join(text.split())
