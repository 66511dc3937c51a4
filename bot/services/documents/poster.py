"""The filled-in poster as PDF (A3 landscape, to print) and PNG (to look at on a phone)."""

from __future__ import annotations

import io
import re
from dataclasses import asdict

import segno

from bot.core.documents.poster import Poster, shorten
from bot.services.documents.typeset import Typeset
from bot.texts.calendar.dates import format_date_nl
from bot.texts.documents import exports as export_texts

# A3 is 420 mm wide: 140 ppi gives 2315 x 1637 px, sharp when zoomed on a phone.
PNG_PPI = 140
A3_LANDSCAPE_MM = (420, 297)

_POSTER = Typeset("poster.typ")


def expected_png_size(ppi: float = PNG_PPI) -> tuple[int, int]:
    width, height = A3_LANDSCAPE_MM
    return round(width / 25.4 * ppi), round(height / 25.4 * ppi)


def qr_svg(url: str) -> str:
    """The address as a QR code (SVG): Typst packages cannot be fetched at run time, so the
    code comes in drawn."""
    buffer = io.BytesIO()
    # A quiet zone of two modules: the panel around it is white, which adds to it.
    segno.make(url, error="m").save(buffer, kind="svg", border=2, xmldecl=False)
    return buffer.getvalue().decode()


def short_address(url: str) -> str:
    """The address as a person types it: no scheme, no www, no trailing slash; a long run
    without a slash or hyphen gets invisible break points, so it wraps inside its panel."""
    short = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
    return re.sub(r"[^/\-]{15}(?=[^/\-])", lambda m: m.group(0) + "\u200b", short)


def template_data(poster: Poster) -> dict:
    data = asdict(poster)
    data["date"] = format_date_nl(poster.day)
    del data["day"]
    data["participants"] = export_texts.poster_participants(poster.participants)
    for panel in data["panels"]:
        for resource in panel["resources"]:
            url = resource["url"]
            resource["qr"] = qr_svg(url) if url else None
            resource["short"] = short_address(shorten(url, 80)) if url else None
    data["words"] = export_texts.DOCUMENT_WORDS
    return data


def poster_pdf(poster: Poster) -> bytes:
    return _POSTER.pdf(template_data(poster))


def poster_png(poster: Poster, *, ppi: float = PNG_PPI) -> bytes:
    return _POSTER.png(template_data(poster), ppi=ppi)


def panel_fit(poster: Poster) -> list[dict]:
    """Per panel the height its content takes and the room it has, in points, as the
    typesetter laid it out: content taller than its room would be clipped."""
    return _POSTER.query(template_data(poster), "<panel-fit>")
