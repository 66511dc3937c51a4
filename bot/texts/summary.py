"""A session's summary in words: as Telegram HTML paragraphs, and as a Markdown document
for summaries too long for a few messages (bot.core.summary holds the data)."""

from __future__ import annotations

from bot.core.summary import SessionSummary

from .formatting import esc


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
        if not step.questions and not step.marks:
            blocks.append("Geen antwoorden.")
        for item in step.questions:
            lines = [f"<u>{esc(item.question)}</u>"]
            lines += [f"• <b>{esc(author)}</b>: {esc(text)}" for author, text in item.answers]
            blocks.append("\n".join(lines))
        for heading, counts in step.marks:
            marked = ", ".join(f"{esc(label)} ({count})" for label, count in counts) or "niets"
            blocks.append(f"<i>{esc(heading)}</i>: {marked}")
    for heading, entries in summary.extra_sections:
        blocks.append("\n".join([f"<b>{esc(heading)}</b>", *(esc(line) for line in entries)]))
    return blocks


def front_blocks(summary: SessionSummary) -> list[str]:
    return [
        "\n".join([f"<b>{esc(heading)}</b>", *(esc(line) for line in lines)])
        for heading, lines in summary.front_sections
    ]


def markdown(summary: SessionSummary) -> str:
    """The same content as a Markdown document, for summaries too long for one message."""
    out = [
        f"# Samenvatting · {summary.heading}",
        "",
        f"Voorzitter: {summary.chair}  ",
        f"Deelnemers: {', '.join(summary.participants) or '–'}",
    ]
    for heading, lines in summary.front_sections:
        out += ["", f"## {heading}", "", *(f"- {' '.join(line.split())}" for line in lines)]
    for step in summary.steps:
        out += ["", f"## Stap {step.number} · {step.title}", "", f"*{step.central_question}*"]
        if not step.questions and not step.marks:
            out += ["", "Geen antwoorden."]
        for item in step.questions:
            out += ["", f"### {item.question}", ""]
            out += [f"- **{author}**: {' '.join(text.split())}" for author, text in item.answers]
        for heading, counts in step.marks:
            marked = ", ".join(f"{label} ({count})" for label, count in counts) or "niets"
            out += ["", f"*{heading}*: {marked}"]
    for heading, lines in summary.extra_sections:
        out += ["", f"## {heading}", "", *lines]
    return "\n".join(out) + "\n"
