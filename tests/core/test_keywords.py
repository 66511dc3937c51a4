"""Steekwoorden proposed from a step's answers."""

from __future__ import annotations

from bot.core import keywords
from bot.core.keywords import MAX_INPUT_CHARACTERS, MAX_KEYWORDS, lemma_key, propose

ANSWERS = [
    "Onze studenten werken straks in de bouw met Poolse collega's",
    "Klanten uit Duitsland komen vaak in de winkel",
    "De tuinder exporteert bloemen naar Engeland",
    "Engels spreken is belangrijk voor de logistiek",
    "Toeristen in de winkel spreken Engels en Duits",
    "Samenwerken met Oost-Europese collega's op de bouwplaats",
    "Veel klanten spreken geen Nederlands",
    "Export van bloemen naar Duitsland",
]


def test_proposes_telling_words_of_the_answers() -> None:
    words = propose(ANSWERS)
    assert 1 <= len(words) <= MAX_KEYWORDS
    joined = " ".join(words).lower()
    for expected in ("duitsland", "winkel", "bloemen", "klanten"):
        assert expected in joined, words
    # Every keyword comes from what the team wrote.
    text = " ".join(ANSWERS).lower()
    for word in words:
        for part in word.lower().split():
            assert part in text, word


def test_no_empty_words_or_two_forms_of_one_word() -> None:
    words = propose(ANSWERS)
    lemmas = [lemma_key(word) for word in words]
    assert len(lemmas) == len(set(lemmas))
    for word in words:
        assert "student" not in word.lower() and word.lower() not in {"werken", "spreken"}


def test_capitals_only_where_the_team_wrote_them() -> None:
    words = propose(ANSWERS)
    assert "klanten" in words and "Klanten" not in words
    assert any(word.startswith("Duitsland") for word in words)


def test_known_keywords_are_not_proposed_again() -> None:
    words = propose(ANSWERS, known=["klant", "Duitsland"])
    assert all(lemma_key(w) not in {("klant",), ("duitsland",)} for w in words)


def test_nothing_to_propose() -> None:
    assert propose([]) == []
    assert propose(["   ", ""]) == []
    assert propose(["ja", "ok", "de"]) == []


def test_limit() -> None:
    assert len(propose(ANSWERS, limit=3)) == 3


def test_a_long_step_is_capped_before_extraction_so_it_stays_short_on_the_event_loop(
    monkeypatch,
) -> None:
    # How long the capped input takes is measured in `make bench` (bench/scenarios/keywords.py),
    # not here: a test must not depend on the machine's speed.
    given: list[str] = []
    extractor = keywords._extractor()  # loaded once, the same object on every call
    extract = extractor.extract_keywords

    def spy(text: str):
        given.append(text)
        return extract(text)

    monkeypatch.setattr(extractor, "extract_keywords", spy)
    many = ANSWERS * 200
    assert len("\n".join(many)) > MAX_INPUT_CHARACTERS
    proposed = propose(many)
    assert [len(text) for text in given] == [MAX_INPUT_CHARACTERS]
    assert proposed, "the capped part still yields steekwoorden"
