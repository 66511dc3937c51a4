"""Texts for commands asked again or edited, and for a file that could not be made."""

from __future__ import annotations

from .formatting import esc

HEAVY_LABELS = {
    "poster": "De poster",
    "export": "De export",
    "samenvatting": "De samenvatting",
    "terugkoppeling": "De terugkoppeling",
}

EDITED_COMMAND_IGNORED = (
    "Een aangepast commando voer ik niet nog een keer uit. Stuur het opnieuw als nieuw bericht."
)
EDITED_ACTIE_IGNORED = (
    "Je aangepaste /actie neem ik niet over. Pas de actie aan met de knoppen onder de kaart, "
    "of beantwoord mijn vraag."
)


def just_sent(command: str, minutes: int) -> str:
    label = HEAVY_LABELS.get(command, "Dat")
    unit = "minuut" if minutes == 1 else "minuten"
    return f"{label} is net gestuurd. Over {minutes} {unit} kun je /{command} opnieuw vragen."


def file_not_made(name: str) -> str:
    return f"Het bestand {esc(name)} kon ik niet maken, de andere berichten komen wel."


def action_edited(number: int, changes: list[str], problems: list[str]) -> str:
    """An edited /actie applied to the action it made: what changed, what could not."""
    if changes:
        head = f"✏️ Actie #{number} aangepast naar je bewerkte bericht: {', '.join(changes)}."
    else:
        head = f"Actie #{number} blijft zoals hij was."
    return "\n".join([head, *problems])


def action_edit_closed(number: int) -> str:
    return f"Actie #{number} is al klaar of verwijderd, dus je bewerking verandert er niets aan."
