"""Texts for steekwoorden: the proposal at the end of steps 2 and 5, and /steekwoord."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.formatting import esc

KEYWORD_EXAMPLE = "/steekwoord export naar Duitsland"
KEYWORD_NEEDS_TEXT = f"Zet het steekwoord achter het commando, bijvoorbeeld {KEYWORD_EXAMPLE}."
KEYWORDS_NEED_SESSION = (
    "Steekwoorden horen bij de poster van een werksessie. Start er een met /sessie."
)


def keyword_too_long(limit: int) -> str:
    return f"Houd een steekwoord kort: hooguit {limit} tekens, bijvoorbeeld {KEYWORD_EXAMPLE}."


def keyword_added(word: str, step_number: int) -> str:
    return f"🏷 Steekwoord bewaard bij stap {step_number}: {esc(word)}"


def keywords_message(step_number: int, *, kept: Sequence[str], dropped: Sequence[str]) -> str:
    """The proposal at the end of a step; the buttons keep or drop each keyword."""
    lines = [
        f"🏷 <b>Voorgestelde steekwoorden voor de poster · stap {step_number}</b>",
        "Deze steekwoorden komen uit jullie antwoorden. Voorzitter, tik op een steekwoord om "
        "het te schrappen, of nog een keer om het terug te zetten. Een eigen steekwoord toevoegen "
        "kan met "
        f"{KEYWORD_EXAMPLE}.",
        "",
        "<b>Bewaard:</b> " + (", ".join(esc(word) for word in kept) if kept else "nog geen"),
    ]
    if dropped:
        lines.append("<i>Geschrapt:</i> " + ", ".join(esc(word) for word in dropped))
    return "\n".join(lines)


NO_KEYWORDS_FOUND = (
    "🏷 Ik vond in de antwoorden van deze stap geen steekwoorden om voor te stellen. "
    f"Voeg er zelf een toe met {KEYWORD_EXAMPLE}."
)


def keyword_button(word: str, kept: bool) -> str:
    return f"✅ {word}" if kept else f"✖️ {word}"


def keyword_toggled(word: str, kept: bool) -> str:
    return f"Bewaard: {word}" if kept else f"Geschrapt: {word}"


ONLY_CHAIR_KEYWORDS = "Alleen de voorzitter bewaart of schrapt een voorgesteld steekwoord."


def keywords_line(words: Sequence[str]) -> str:
    return "🏷 <b>Steekwoorden:</b> " + ", ".join(esc(word) for word in words)
