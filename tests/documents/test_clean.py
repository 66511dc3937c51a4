import pytest

from bot.core.documents.summary import SessionSummary
from bot.services.documents.clean import printable, printable_data
from bot.services.documents.summary import summary_docx
from tests.documents.read import docx_text


@pytest.mark.parametrize(
    "unfit", ["\ufffe", "\uffff", "\x00", "\x01", "\x1b", "\ud800", "\ufdd0", "\U0010ffff"]
)
def test_what_xml_and_pdf_cannot_hold_is_left_out(unfit):
    assert printable(f"Wij{unfit} werken") == "Wij werken"


def test_tabs_newlines_accents_and_emoji_stay():
    text = "Zoë\tgaat\nnaar 🇩🇪 Köln\r\nen terug\r"
    assert printable(text) == "Zoë\tgaat\nnaar 🇩🇪 Köln\nen terug\n"


def test_every_string_in_the_data_is_cleaned():
    assert printable_data({"a\uffff": ["x\ufffe", ("y\x00", 3)], "n": None}) == {
        "a": ["x", ["y", 3]],
        "n": None,
    }


def test_a_summary_with_unfit_characters_is_still_a_word_file():
    summary = SessionSummary(
        heading="Team \ufffe Zorg", chair="Anna\uffff", participants=("Bram\x00",), steps=()
    )
    text = docx_text(summary_docx(summary))
    assert "Team  Zorg" in text and "Anna" in text and "Bram" in text
