"""Texts for the mark boards on the poster."""

from __future__ import annotations

MARK_BOARD_INTRO = {
    "competenties": (
        "🖍 <b>Markeer op de poster</b>: welke internationale competenties zijn het belangrijkst "
        "voor jullie studenten? Tik op wat jij belangrijk vindt; nog een keer tikken haalt je "
        "markering weg."
    ),
    "al": (
        "🖍 <b>Welke activiteiten doen jullie al?</b> Tik aan wat er in jullie opleiding al gebeurt."
    ),
    "nieuw": (
        "🖍 <b>Welke activiteiten lijken jullie interessant en relevant?</b> "
        "Tik aan wat jij graag zou willen aanbieden."
    ),
}


def mark_button(label: str, count: int) -> str:
    return f"{label} · {count}" if count else label


def mark_toggled(label: str, now_set: bool) -> str:
    return f"Gemarkeerd: {label}" if now_set else f"Markering weggehaald: {label}"


BOARD_HEADINGS = {
    "competenties": "Gemarkeerde competenties",
    "al": "Activiteiten die we al doen",
    "nieuw": "Activiteiten die ons interessant lijken",
}
MARK_ELSEWHERE = "Die keuze hoort niet bij een sessie in deze groep."
MARKING_CLOSED = "Deze sessie is afgelopen; markeren kan niet meer."
