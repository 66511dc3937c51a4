"""Texts for the mark boards on the poster."""

from __future__ import annotations


def mark_toggled(label: str, now_set: bool) -> str:
    return f"Gemarkeerd: {label}" if now_set else f"Markering weggehaald: {label}"


BOARD_HEADINGS = {
    "competenties": "Gemarkeerde competenties",
    "al": "Activiteiten die we al doen",
    "nieuw": "Activiteiten die ons interessant lijken",
}
MARK_ELSEWHERE = "Die keuze hoort niet bij een sessie in deze groep."
MARKING_CLOSED = "Deze sessie is afgelopen. Markeren kan niet meer."
