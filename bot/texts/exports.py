"""Texts for the poster, the summary documents and /export."""

from __future__ import annotations

from .formatting import esc

POSTER_CAPTION = (
    "🖼 <b>Jullie poster</b> · Zoom in om alles te lezen. De PDF hieronder is om te printen (A3)."
)
POSTER_PDF_CAPTION = "Jullie poster als PDF, op A3 liggend te printen."
POSTER_NOT_YET = "De poster komt er zodra de sessie begonnen is. De voorzitter start met /begin."
SUMMARY_PDF_CAPTION = "De hele samenvatting als PDF."
SUMMARY_DOCX_CAPTION = "En als Word-bestand, om er jullie teamplan van te maken."
EXPORT_ONLY_CHAIR = (
    "Alleen de voorzitter van de laatste sessie kan hier /export gebruiken. "
    "Stuur mij /export in een privégesprek voor de groepen waar jij in zit."
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
