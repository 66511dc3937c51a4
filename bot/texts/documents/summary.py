"""A session's summary in words, as Telegram HTML paragraphs. bot.core.documents.summary holds the data;
the PDF and .docx documents render the same data (bot.services.documents)."""

from __future__ import annotations

from bot.core.documents.summary import SessionSummary
from bot.texts.formatting import esc


def html_blocks(summary: SessionSummary) -> list[str]:
    """The summary as HTML paragraphs, each valid on its own so they can be split safely."""
    blocks = [
        f"📝 <b>Samenvatting · {esc(summary.heading)}</b>\n"
        f"Voorzitter: {esc(summary.chair)}\n"
        f"Deelnemers: {esc(', '.join(summary.participants)) or '–'}"
    ]
    blocks += front_blocks(summary)
    for step in summary.steps:
        blocks.append(
            f"<b>Stap {step.number} · {esc(step.title)}</b>\n<i>{esc(step.central_question)}</i>"
        )
        if not step.questions and not step.marks and not step.keywords:
            blocks.append("Geen antwoorden.")
        for item in step.questions:
            lines = [f"<u>{esc(item.question)}</u>"] if item.question else []
            lines += [f"• <b>{esc(author)}</b>: {esc(text)}" for author, text in item.answers]
            blocks.append("\n".join(lines))
        for heading, counts in step.marks:
            marked = ", ".join(f"{esc(label)} ({count})" for label, count in counts) or "niets"
            blocks.append(f"<i>{esc(heading)}</i>: {marked}")
        if step.keywords:
            blocks.append(f"🏷 <i>Steekwoorden</i>: {esc(', '.join(step.keywords))}")
    for heading, entries in summary.extra_sections:
        blocks.append("\n".join([f"<b>{esc(heading)}</b>", *(esc(line) for line in entries)]))
    return blocks


def front_blocks(summary: SessionSummary) -> list[str]:
    return [
        "\n".join([f"<b>{esc(heading)}</b>", *(esc(line) for line in lines)])
        for heading, lines in summary.front_sections
    ]
