"""A session's summary as documents a teacher can open anywhere: PDF (same typesetter as
the poster) and .docx (python-docx), to edit into the team plan."""

from __future__ import annotations

import io
from dataclasses import asdict

from bot.core.documents.summary import SessionSummary
from bot.services.documents.clean import printable
from bot.services.documents.typeset import Typeset
from bot.texts.documents import exports as export_texts

_SUMMARY = Typeset("summary.typ")
MUTED = (0x5B, 0x64, 0x75)


def summary_pdf(summary: SessionSummary) -> bytes:
    return _SUMMARY.pdf({**asdict(summary), "words": export_texts.DOCUMENT_WORDS})


def summary_docx(summary: SessionSummary) -> bytes:
    # Imported here: python-docx (lxml) costs a noticeable part of the bot's start-up, and
    # most runs never write a .docx.
    from docx import Document
    from docx.shared import Pt, RGBColor

    muted = RGBColor(*MUTED)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    words = export_texts.DOCUMENT_WORDS
    document.add_heading(printable(f"{words['summary']}{summary.heading}"), level=0)
    people = document.add_paragraph()
    people.add_run(printable(f"{words['chair']}{summary.chair}\n")).font.color.rgb = muted
    participants = ", ".join(summary.participants) or "–"
    people.add_run(printable(f"{words['participants']}{participants}")).font.color.rgb = muted

    def sections(items: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        for heading, lines in items:
            document.add_heading(printable(heading), level=1)
            for line in lines:
                document.add_paragraph(printable(" ".join(line.split())), style="List Bullet")

    sections(summary.front_sections)
    for step in summary.steps:
        document.add_heading(printable(f"{words['step']}{step.number} · {step.title}"), level=1)
        question = document.add_paragraph()
        question.add_run(printable(step.central_question)).italic = True
        if not step.questions and not step.marks and not step.keywords:
            document.add_paragraph(words["no_answers"])
        for item in step.questions:
            if item.question:
                document.add_heading(printable(item.question), level=2)
            for author, text in item.answers:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(printable(f"{author}: ")).bold = True
                paragraph.add_run(printable(text))
        for heading, counts in step.marks:
            document.add_heading(printable(heading), level=2)
            for label, count in counts:
                document.add_paragraph(printable(f"{label} ({count})"), style="List Bullet")
        if step.keywords:
            document.add_heading(words["keywords"], level=2)
            document.add_paragraph(printable(", ".join(step.keywords)))
    sections(summary.extra_sections)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
