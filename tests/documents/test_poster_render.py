"""The poster as the typesetter lays it out: content that fits, nothing that overflows, text
a PDF reader finds, an image of the promised size, and a reviewed reference image."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from bot.services.documents.attachments import poster_of
from bot.services.documents.poster import (
    expected_png_size,
    panel_fit,
    poster_pdf,
    poster_png,
    template_data,
)
from bot.services.documents.typeset import font_families
from tests.documents import samples
from tests.documents.read import flat, pdf_pages, pdf_text

REFERENCE = Path(__file__).parent / "reference" / "extreme.png"
# Small enough to keep in the repository, large enough to see a panel move.
REFERENCE_PPI = 40


def test_only_the_shipped_fonts_are_used():
    assert set(font_families()) == {
        "Noto Sans",
        "Noto Sans Arabic",
        "Noto Sans Hebrew",
        "Noto Color Emoji",
    }


def test_a_realistic_poster_shows_what_the_team_said_and_chose(timed):
    facts = samples.realistic()
    poster = poster_of(facts)
    pdf = timed("poster pdf", lambda: poster_pdf(poster))
    png = timed("poster png", lambda: poster_png(poster))

    (page,) = pdf_pages(pdf)
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert (round(width_mm), round(height_mm)) == (420, 297), "A3 landscape"
    text = flat(pdf_text(pdf))
    assert facts.team in text and "7 deelnemers" in text
    for words in facts.keywords.values():
        for word in words:
            assert word in text
    # Nuffic's model: its three components, every competence, the own one in its component.
    for area in samples.AREAS:
        assert area in text
    for competence in facts.competences:
        assert competence.label in text
    for activity in facts.activities_current + facts.activities_new:
        assert activity.label in text
    for action in facts.actions:
        assert action.owner in text and action.what in text
        if not action.done:
            assert action.deadline.strftime("%d-%m-%Y") in text
        if action.activity:
            assert action.activity in text
    (done,) = [a for a in facts.actions if a.done]
    assert f"AL KLAAR ✅ {done.what} · {done.owner}" in text
    # Names only as the owners of actions: the others who took part are not on the wall.
    owners = {a.owner for a in facts.actions}
    for name in set(samples.TEAM) - owners:
        assert name not in text
    # Nuffic's materials: the address where it is known, where to look where it is not.
    assert "nuffic.nl/mbo" in text
    assert "zoek op nuffic.nl naar 'internationaliseringskaart'" in text
    assert not re.search(r"\+\d+ meer", text), "a full session fits without leaving any out"

    image = Image.open(io.BytesIO(png))
    assert image.size == expected_png_size()
    assert max(image.size) >= 2000


@pytest.mark.parametrize("facts", [samples.realistic(), samples.extreme(), samples.empty()])
def test_no_panel_overflows(facts):
    fits = panel_fit(poster_of(facts))
    assert sorted(f["step"] for f in fits) == [1, 2, 3, 4, 5]
    for fit in fits:
        assert fit["used"] <= fit["room"], f"step {fit['step']} overflows its panel"


def test_extreme_content_is_shortened_counted_and_never_injected(timed):
    facts = samples.extreme()
    poster = poster_of(facts)
    pdf = timed("extreme poster pdf", lambda: poster_pdf(poster))
    text = flat(pdf_text(pdf))
    assert len(pdf_pages(pdf)) == 1
    # The special characters arrive as text, not as Typst markup.
    assert "#*$<>\\] _@`x` #set text(red) $x^2$ <label> @ref" in text
    # 40 actions: as many as fit, the rest counted.
    plan, done = [g for g in poster.panels[4].groups if g.style in ("actions", "done")]
    assert len(plan.entries) + plan.more + len(done.entries) + done.more == 40 and plan.more > 0
    assert f"+{plan.more} meer" in text
    # The RTL name is there as typed (PDF text may come in visual order).
    assert "כהן" in text or "ןהכ" in text


def test_an_empty_session_shows_a_friendly_placeholder_in_every_panel():
    text = flat(pdf_text(poster_pdf(poster_of(samples.empty()))))
    for sentence in ("Stap 1 is een gesprek", "Nog geen competenties", "Nog geen acties"):
        assert sentence in text


def test_the_extreme_poster_still_looks_like_the_reviewed_reference():
    """A layout change shows up here: look at the new image, and when it is right, keep it
    with POSTER_REFERENCE_UPDATE=1."""
    image = Image.open(io.BytesIO(poster_png(poster_of(samples.extreme()), ppi=REFERENCE_PPI)))
    image = image.convert("RGB")
    if os.environ.get("POSTER_REFERENCE_UPDATE"):
        image.save(REFERENCE, optimize=True)
    reference = Image.open(REFERENCE).convert("RGB")
    assert image.size == reference.size
    difference = ImageChops.difference(image, reference).convert("L")
    mean = ImageStat.Stat(difference).mean[0]
    changed = sum(1 for value in difference.get_flattened_data() if value > 64) / (
        image.size[0] * image.size[1]
    )
    assert mean < 2.0 and changed < 0.01, (
        f"the poster looks different (mean difference {mean:.2f}, {changed:.1%} pixels)"
    )


def test_a_known_address_gets_a_qr_code_and_an_unknown_one_where_to_look():
    data = template_data(poster_of(samples.realistic()))
    step1 = {r["title"]: r for r in data["panels"][0]["resources"]}
    mbo = step1["Nuffic over internationalisering in het mbo"]
    assert mbo["short"] == "nuffic.nl/mbo" and mbo["qr"].startswith("<svg")
    film = step1["Animatiefilm 'Wat is internationalisering in het mbo?'"]
    assert film["qr"] is None and film["short"] is None
    assert film["find"] == "zoek op nuffic.nl naar 'Wat is internationalisering in het mbo'"
