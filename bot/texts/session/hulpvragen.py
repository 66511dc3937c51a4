"""Texts for the hulpvragen the team chooses: the card with a step's questions, and
/hulpvragen aan|uit."""

from __future__ import annotations

from collections.abc import Collection

from bot.texts.formatting import esc
from prompts import Step

HULPVRAGEN_BUTTON = "💬 Hulpvragen"
HULPVRAGEN_OPTIONAL = (
    "💬 De hulpvragen zijn optioneel en in willekeurige volgorde. Met de knop hieronder kies "
    "je er een die bij jullie gesprek past. Een eigen vraag stellen kan ook, met /vraag."
)
ONLY_CHAIR_ASKS = (
    "Alleen de voorzitter stelt een hulpvraag met deze knoppen. "
    "Een eigen vraag stel je met /vraag <vraag>."
)
HULPVRAAG_ASKED = "Gesteld!"
HULPVRAAG_ALREADY_ASKED = "Die hulpvraag is in deze stap al gesteld."
HULPVRAGEN_CARD_ABOVE = "De hulpvragen van deze stap staan hierboven."
HULPVRAGEN_OFF = (
    "🔕 Ik stel de hulpvragen niet meer uit mezelf. De voorzitter kiest ze met de knop "
    f"{HULPVRAGEN_BUTTON}. Weer automatisch? Stuur /hulpvragen aan."
)
HULPVRAGEN_ON = "🔔 Ik stel af en toe weer zelf een hulpvraag. Stoppen kan met /hulpvragen uit."
HULPVRAGEN_ALREADY_OFF = "Ik stel de hulpvragen al niet meer uit mezelf."
HULPVRAGEN_ALREADY_ON = "Ik stel de hulpvragen al af en toe uit mezelf."
HULPVRAGEN_HOW = "Zet het automatisch stellen uit of aan met /hulpvragen uit of /hulpvragen aan."


def hulpvragen_card(step: Step, *, asked: Collection[int], automatic: bool) -> str:
    """The step's card of hulpvragen: every question, numbered; asked ones ticked."""
    lines = [
        f"💬 <b>Hulpvragen · stap {step.number} · {esc(step.title)}</b>",
        "Kies de vragen die bij jullie gesprek passen. Jullie hoeven ze niet allemaal te "
        "bespreken. De voorzitter stelt een vraag door op het nummer ervan te tikken.",
        "",
    ]
    for index, question in enumerate(step.hulpvragen):
        tick = "✓ " if index in asked else ""
        lines.append(f"{index + 1}. {tick}{esc(question)}")
    lines.append("")
    lines.append(
        "Ik stel ook af en toe zelf een vraag. Uitzetten kan met /hulpvragen uit."
        if automatic
        else "Ik stel nu zelf geen vragen. Aanzetten kan met /hulpvragen aan."
    )
    lines.append("Een eigen vraag? Stel hem met /vraag.")
    return "\n".join(lines)


def hulpvraag_button(number: int, asked: bool) -> str:
    return f"✓ {number}" if asked else f"💬 {number}"


STEP_IS_OVER = (
    "Die stap is voorbij. De hulpvragen van de huidige stap vind je onder de kaart van die stap."
)
