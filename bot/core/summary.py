"""Composing a session's summary from plain data: as Telegram HTML and as Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

TELEGRAM_LIMIT = 4096


@dataclass(frozen=True)
class AnsweredQuestion:
    question: str
    answers: tuple[tuple[str, str], ...]  # (author, text)


@dataclass(frozen=True)
class StepSummary:
    number: int
    title: str
    central_question: str
    questions: tuple[AnsweredQuestion, ...]
    # (heading, ((label, count), ...)) per board marked in this step
    marks: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()

    @property
    def answer_count(self) -> int:
        return sum(len(q.answers) for q in self.questions)


@dataclass(frozen=True)
class SessionSummary:
    heading: str  # e.g. "Werksessie van dinsdag 3 december 2026"
    chair: str
    participants: tuple[str, ...]
    steps: tuple[StepSummary, ...]
    extra_sections: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    # Shown right after the heading, one item per line (the action plan in the team brief).
    front_sections: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def answer_count(self) -> int:
        return sum(step.answer_count for step in self.steps)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def html_blocks(summary: SessionSummary) -> list[str]:
    """The summary as HTML paragraphs, each valid on its own so they can be split safely."""
    blocks = [
        f"📝 <b>Samenvatting · {_esc(summary.heading)}</b>\n"
        f"Voorzitter: {_esc(summary.chair)}\n"
        f"Deelnemers: {_esc(', '.join(summary.participants)) or '–'}"
    ]
    blocks += front_blocks(summary)
    for step in summary.steps:
        blocks.append(
            f"<b>Stap {step.number} · {_esc(step.title)}</b>\n<i>{_esc(step.central_question)}</i>"
        )
        if not step.questions and not step.marks:
            blocks.append("Geen antwoorden.")
        for item in step.questions:
            lines = [f"<u>{_esc(item.question)}</u>"]
            lines += [f"• <b>{_esc(author)}</b>: {_esc(text)}" for author, text in item.answers]
            blocks.append("\n".join(lines))
        for heading, counts in step.marks:
            marked = ", ".join(f"{_esc(label)} ({count})" for label, count in counts) or "niets"
            blocks.append(f"<i>{_esc(heading)}</i>: {marked}")
    for heading, entries in summary.extra_sections:
        blocks.append("\n".join([f"<b>{_esc(heading)}</b>", *(_esc(line) for line in entries)]))
    return blocks


def front_blocks(summary: SessionSummary) -> list[str]:
    return [
        "\n".join([f"<b>{_esc(heading)}</b>", *(_esc(line) for line in lines)])
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


_TAG = re.compile(r"<[^>]+>")


def visible_length(html_text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text without tags."""
    plain = html.unescape(_TAG.sub("", html_text))
    return len(plain.encode("utf-16-le")) // 2


def pack(
    blocks: Sequence[str], *, limit: int = TELEGRAM_LIMIT, separator: str = "\n\n"
) -> list[str]:
    """Join blocks into as few messages as fit the limit; split an oversized block by lines,
    and an oversized line into plain-text pieces (its formatting dropped, its text kept)."""
    pieces: list[str] = []
    for block in blocks:
        if visible_length(block) <= limit:
            pieces.append(block)
            continue
        for line in block.split("\n"):
            if visible_length(line) <= limit:
                pieces.append(line)
            else:
                plain = html.unescape(_TAG.sub("", line))
                step = limit - 10
                pieces += [_esc(plain[i : i + step]) for i in range(0, len(plain), step)]
    messages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if current and visible_length(candidate) > limit:
            messages.append(current)
            current = piece
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages
