"""A session's summary as plain data, and how HTML text is packed into Telegram messages.
bot.texts.documents.summary renders the data as Telegram HTML and as Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.message_length import MAX_MESSAGE, split_to_length, telegram_length


@dataclass(frozen=True)
class AnsweredQuestion:
    # Empty for the step's central question: the step's heading shows it already.
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
    # The steekwoorden kept for the poster.
    keywords: tuple[str, ...] = ()

    @property
    def answer_count(self) -> int:
        return sum(len(q.answers) for q in self.questions)


@dataclass(frozen=True)
class SessionSummary:
    heading: str  # e.g. "werksessie van dinsdag 3 december 2026"
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


_TAG = re.compile(r"<[^>]+>")


def visible_length(html_text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text without tags."""
    return telegram_length(html.unescape(_TAG.sub("", html_text)))


def pack(blocks: Sequence[str], *, limit: int = MAX_MESSAGE, separator: str = "\n\n") -> list[str]:
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
                pieces += [_esc(piece) for piece in split_to_length(plain, limit - 10)]
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
