"""The filled-in poster as PDF (A3 landscape, to print) and PNG (to look at on a phone)."""

from __future__ import annotations

from dataclasses import asdict

from bot import texts
from bot.core.poster import Poster
from bot.services.documents.typeset import Typeset
from bot.texts.dates import format_date_nl

# A3 is 420 mm wide: 140 ppi gives 2315 x 1637 px, sharp when zoomed on a phone.
PNG_PPI = 140
A3_LANDSCAPE_MM = (420, 297)

_POSTER = Typeset("poster.typ")


def expected_png_size(ppi: float = PNG_PPI) -> tuple[int, int]:
    width, height = A3_LANDSCAPE_MM
    return round(width / 25.4 * ppi), round(height / 25.4 * ppi)


def template_data(poster: Poster) -> dict:
    data = asdict(poster)
    data["date"] = format_date_nl(poster.day)
    del data["day"]
    data["words"] = texts.DOCUMENT_WORDS
    return data


def poster_pdf(poster: Poster) -> bytes:
    return _POSTER.pdf(template_data(poster))


def poster_png(poster: Poster, *, ppi: float = PNG_PPI) -> bytes:
    return _POSTER.png(template_data(poster), ppi=ppi)


def panel_fit(poster: Poster) -> list[dict]:
    """Per panel the height its content takes and the room it has, in points, as the
    typesetter laid it out: content taller than its room would be clipped."""
    return _POSTER.query(template_data(poster), "<panel-fit>")
