"""Texts for the poster, the summary documents and /export."""

from __future__ import annotations

from bot.core.documents.poster import Labels
from bot.texts.formatting import esc
from prompts import Resource

POSTER_CAPTION = (
    "🖼 <b>Jullie poster</b> · Zoom in om alles te lezen. De PDF hieronder is om te printen (A3)."
)
POSTER_PDF_CAPTION = "Jullie poster als PDF, op A3 liggend te printen."
POSTER_NOT_YET = "De poster komt er zodra de sessie begonnen is. De voorzitter start met /begin."
SUMMARY_PDF_CAPTION = "De hele samenvatting als PDF."
SUMMARY_DOCX_CAPTION = "En als Word-bestand, om er jullie teamplan van te maken."
EXPORT_ONLY_CHAIR = (
    "Alleen de voorzitter van de laatste sessie kan hier /export gebruiken. "
    "Stuur mij /export in een privéchat voor de groepen waar jij in zit."
)
EXPORT_NO_GROUPS = (
    "Ik ken nog geen werksessie waar jij aan meedeed. Doe mee in je groep met /doemee."
)
EXPORT_PDF_CAPTION = "De werksessie als PDF: elk antwoord per stap, de markeringen en de acties."
EXPORT_DOCX_CAPTION = "Hetzelfde als Word-bestand, om verder te bewerken."
EXPORT_CSV_CAPTION = "De acties als tabel voor Excel."
EXPORT_ICS_CAPTION = (
    "De deadlines en het teamoverleg voor je agenda: open het bestand op je telefoon "
    "of importeer het in Outlook of Google Agenda."
)
MY_ACTIONS_ICS_CAPTION = (
    "📅 Jouw open acties voor je agenda (.ics): open het bestand om ze toe te voegen."
)
ACTIONS_HEADING = "Actieplan"
KEYWORDS_HEADING = "Steekwoorden"


def export_intro(group_title: str) -> str:
    return f"📦 <b>Export · {esc(group_title)}</b>\nHier zijn jullie bestanden."


# --- the poster and the documents ---------------------------------------------------------

POSTER_TITLE = "Aan de slag met internationalisering"
POSTER_LABELS = Labels(
    keywords="Steekwoorden",
    plan="Actieplan",
    current="Doen we al",
    wished="Lijkt ons interessant",
    done="Al klaar",
    where={"buitenland": "in het buitenland", "eigen_land": "in eigen land"},
    placeholders={
        1: "Stap 1 is een gesprek over jullie eigen ervaringen. Die verhalen staan in de "
        "samenvatting, niet op de poster.",
        2: "Nog geen steekwoorden. Waarom is het relevant voor jullie studenten? Schrijf het "
        "hier op als jullie het weten.",
        3: "Nog geen competenties gemarkeerd. Welke vinden jullie het belangrijkst?",
        4: "Nog geen activiteiten gekozen. Wat doen jullie al, en wat lijkt jullie interessant?",
        5: "Nog geen acties. Spreek af wie wat gaat doen, en vóór wanneer.",
    },
    placeholder="Hier staat nog niets.",
)
# The words the typeset documents show around the team's content (the templates and the
# .docx take them as data).
DOCUMENT_WORDS = {
    "chair": "Voorzitter: ",
    "participants": "Deelnemers: ",
    "more": " meer",
    "who": "Wie",
    "what": "Wat",
    "by": "Vóór",
    "needs": "Nodig",
    "summary": "Samenvatting · ",
    "step": "Stap ",
    "no_answers": "Geen antwoorden.",
    "keywords": "Steekwoorden",
    "nothing": "niets",
    "own": "eigen",
    "activity": "activiteit: ",
    "resources": "Hulpbronnen van Nuffic",
}


def poster_participants(count: int) -> str:
    """The header's line about who took part: how many, never who."""
    if count == 0:
        return ""
    return "1 deelnemer" if count == 1 else f"{count} deelnemers"


# --- Nuffic's materials (the deck's hulpbronnen) ---------------------------------------------

RESOURCES_HEADING = DOCUMENT_WORDS["resources"]


def find_on(resource: Resource) -> str:
    """Where to find a resource whose address the deck does not know."""
    return f"zoek op {resource.site} naar ‘{resource.search}’"


def resource_line(resource: Resource) -> str:
    """One line of the summary: the title with its address, or where to find it."""
    return f"{resource.title}: {resource.url or find_on(resource)}"
