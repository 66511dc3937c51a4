"""The check in `make check` that keeps member text out of bot/core (scripts/)."""

from scripts.no_member_text_in_core import main, member_texts


def test_the_core_holds_no_member_text() -> None:
    assert main(["bot/core"]) == 0


def test_a_sentence_or_phrase_for_members_is_found() -> None:
    source = """
class DeadlineError(ValueError):
    pass

EXAMPLE = "/teamoverleg dinsdag 15:30 elke 2 weken"

def parse(text):
    if not text:
        raise DeadlineError(f"Dat herken ik niet als datum. Probeer {EXAMPLE}.")
    return {"label": "over 1 week", "end": "Klaar."}
"""
    found = [text for _, text in member_texts(source)]
    assert found == [
        "/teamoverleg dinsdag 15:30 elke 2 weken",
        "Dat herken ik niet als datum. Probeer ",
        "Klaar.",
        "over 1 week",
    ]


def test_input_vocabulary_patterns_codes_and_developer_messages_pass() -> None:
    source = '''
"""Reads "volgende week vrijdag" (a docstring)."""
import re

NEXT_WEEK_WORDS = ("volgende week", "komende week")
_UNITS_WORDS: dict[str, int] = {"over een week": 7}
_PATTERN = re.compile(r"(?:eind|einde) van de maand")

def reason(text):
    if text is None:
        raise ValueError("text must not be None")
    return "no_date" if re.search("tot en met", text) else "past"
'''
    assert member_texts(source) == []
