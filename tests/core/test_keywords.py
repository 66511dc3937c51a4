"""Steekwoorden proposed from a step's answers."""

from __future__ import annotations

from bot.core.session import keywords
from bot.core.session.keywords import MAX_INPUT_CHARACTERS, MAX_KEYWORDS, lemma_key, propose

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
    # "Klanten" opens an answer, "Duitsland" is a name.
    words = propose(ANSWERS)
    assert "klanten uit Duitsland" in words and "Klanten uit Duitsland" not in words
    assert propose(["Stages in belgie"]) == ["stages in België"]


def test_noun_phrases_not_verbs_adjectives_or_time() -> None:
    # What the old extractor proposed from answers like these: "Nederland blijft", "Europa
    # veranderen", "Volgend jaar", "aanbieden", "Duitse", "Samen".
    words = propose(
        [
            "Nederland blijft natuurlijk de plek waar ze werken",
            "Europa gaat de zorg veranderen door tekorten",
            "Volgend jaar samen met de Duitse partnerschool een uitwisseling aanbieden",
            "Samen met de hbo een project over internationale handel",
        ]
    )
    assert "Duitse partnerschool" in words and "project over internationale handel" in words
    lowered = [word.lower() for word in words]
    for weak in ("nederland blijft", "europa veranderen", "volgend jaar", "aanbieden"):
        assert not any(weak in word for word in lowered), words
    for bare in ("duitse", "samen", "nederland", "europa"):
        assert bare not in lowered, words


def test_the_names_of_members_are_not_proposed() -> None:
    answers = ["Sander regelt de laptops", "Ik pak de Erasmus aanvraag op met Fleur"]
    words = propose(answers, names=["Sander", "Fleur"])
    assert "laptops" in words and "Erasmus aanvraag" in words
    assert not any("Sander" in word or "Fleur" in word for word in words)


def test_known_keywords_are_not_proposed_again() -> None:
    words = propose(ANSWERS, known=["klant", "Duitsland"])
    assert all(lemma_key(w) not in {("klant",), ("duitsland",)} for w in words)
    # Nor a phrase the chair already has, in another form.
    assert "toeristen in de winkel" in propose(ANSWERS)
    assert "toeristen in de winkel" not in propose(ANSWERS, known=["Toeristen in winkel"])


def test_nothing_to_propose() -> None:
    assert propose([]) == []
    assert propose(["   ", ""]) == []
    assert propose(["ja", "ok", "de"]) == []


def test_limit() -> None:
    assert len(propose(ANSWERS, limit=3)) == 3


def test_a_long_step_is_capped_before_extraction_so_it_stays_short(monkeypatch) -> None:
    # How long the capped input takes is measured in `make bench` (bench/scenarios/keywords.py),
    # not here: a test must not depend on the machine's speed.
    given: list[list[str]] = []
    candidates = keywords._candidates

    def spy(answers, names):
        given.append(list(answers))
        return candidates(answers, names)

    monkeypatch.setattr(keywords, "_candidates", spy)
    many = ANSWERS * 200
    assert len("\n".join(many)) > MAX_INPUT_CHARACTERS
    proposed = propose(many)
    (read,) = given
    assert MAX_INPUT_CHARACTERS - 100 < len("\n".join(read)) <= MAX_INPUT_CHARACTERS
    assert proposed, "the capped part still yields steekwoorden"
