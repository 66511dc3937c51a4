"""Tests for the card deck (prompts/deck/*.yaml) and its validating loader."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from prompts import (
    DEFAULT_DECK_DIR,
    Activity,
    Competence,
    Deck,
    DeckError,
    Resource,
    Step,
    load_deck,
    validate_deck_cli,
)

# The three components of Nuffic's model of international competences.
COMPONENTS = {
    "intercultureel": "Interculturele competenties",
    "orientatie": "Internationale oriëntatie",
    "persoonlijk": "Persoonlijke ontwikkeling",
}


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck()


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    """A writable copy of the default deck."""
    target = tmp_path / "deck"
    shutil.copytree(DEFAULT_DECK_DIR, target)
    return target


def edit(directory: Path, filename: str, change) -> None:
    """Load a YAML file, let ``change`` mutate the data, write it back."""
    path = directory / filename
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def error_for(directory: Path) -> str:
    with pytest.raises(DeckError) as info:
        load_deck(directory)
    message = str(info.value)
    assert "\n" not in message
    return message


# ----------------------------------------------------------------- default deck


def test_default_deck_shape(deck: Deck) -> None:
    assert [s.number for s in deck.steps] == [1, 2, 3, 4, 5]
    assert [s.key for s in deck.steps] == [
        "betekenis",
        "relevantie",
        "competenties",
        "activiteiten",
        "aan_de_slag",
    ]
    assert [s.title for s in deck.steps] == [
        "Betekenis",
        "Relevantie",
        "Competenties",
        "Activiteiten",
        "Aan de slag",
    ]
    assert [s.minutes for s in deck.steps] == [20, 30, 30, 30, 40]
    assert sum(s.minutes for s in deck.steps) == 150
    assert deck.step(1).central_question == "Wat betekent internationalisering voor jou?"
    assert deck.step(5).central_question == "Wat gaan we nu doen? En wat is daarvoor nodig?"
    assert [s.instruction for s in deck.steps[:4]] == [
        "Bespreek en bekijk",
        "Bespreek en noteer",
        "Bespreek en markeer",
        "Bespreek en noteer",
    ]
    assert all(isinstance(s, Step) for s in deck.steps)


def test_default_deck_hulpvragen(deck: Deck) -> None:
    for step in deck.steps:
        assert 6 <= len(step.hulpvragen) <= 8, step.key
        for question in step.hulpvragen:
            assert question.endswith("?"), question
            assert len(question) <= 200, question
            # one sentence: no sentence end before the final question mark
            assert not re.search(r"[.?!]\s", question), question


def test_default_deck_marks(deck: Deck) -> None:
    assert deck.step(3).marks == "competenties"
    assert deck.step(4).marks == "activiteiten"
    assert [s.marks for s in deck.steps if s.number not in (3, 4)] == [None, None, None]
    assert deck.step(5).tips


def test_default_deck_resources(deck: Deck) -> None:
    for step in deck.steps:
        assert step.resources[0] == Resource(title="Kaart met hulpvragen")
        for resource in step.resources:
            assert resource.url is None or resource.url.startswith("https://www.nuffic.nl/")
    titles = " | ".join(r.title for s in deck.steps for r in s.resources)
    for expected in (
        "Wat is internationalisering in het mbo?",
        "Kwalificatiedossier",
        "Teamplan",
        "Internationale competenties",
        "Leeropbrengsten internationaliseringsactiviteiten",
        "planner",
    ):
        assert expected in titles


def test_nuffics_materials_have_the_manuals_addresses_and_say_where_to_look(deck: Deck) -> None:
    by_key = {r.key: r for r in deck.resources}
    # The only two addresses the manual prints; no other is made up.
    assert by_key["nuffic_mbo"].url == "https://www.nuffic.nl/mbo"
    assert by_key["iah"].url == (
        "https://www.nuffic.nl/publicaties/internationalisation-at-home-in-het-mbo"
    )
    assert {k for k, r in by_key.items() if r.url} == {"nuffic_mbo", "iah"}
    for key in ("animatiefilm", "brochure", "kaart", "dashboard", "netwerk_ibpv", "linkedin"):
        assert by_key[key].url is None and by_key[key].search
    # Each step names its materials from hulpbronnen.yaml, so one url reaches every card.
    assert [r.key for r in deck.step(1).resources if r.nuffic] == ["animatiefilm", "nuffic_mbo"]
    assert [r.key for r in deck.step(3).resources if r.nuffic] == ["brochure"]
    assert [r.key for r in deck.step(4).resources if r.nuffic] == ["kaart", "dashboard"]
    assert "iah" in [r.key for r in deck.step(5).resources]


def test_a_host_sets_the_films_address_once_for_every_step(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["resources"][1]["url"] = "https://example.org/film"

    edit(deck_dir, "hulpbronnen.yaml", change)
    (film,) = [r for r in load_deck(deck_dir).step(1).resources if r.key == "animatiefilm"]
    assert film.url == "https://example.org/film"


def test_a_resource_without_address_says_what_to_search_for(deck_dir: Path) -> None:
    edit(deck_dir, "hulpbronnen.yaml", lambda d: d["resources"][1].pop("search"))
    message = error_for(deck_dir)
    assert message.startswith("hulpbronnen.yaml: resources: ")
    assert "needs a url or, when the address is not known, what to search for" in message


def test_a_step_names_an_unknown_resource(deck_dir: Path) -> None:
    edit(deck_dir, "stap3.yaml", lambda d: d["resources"].append({"ref": "folder"}))
    message = error_for(deck_dir)
    assert message.startswith("stap3.yaml: resources[2].ref: 'folder' is not in hulpbronnen.yaml")
    assert "animatiefilm" in message


def test_default_competences_follow_nuffics_model(deck: Deck) -> None:
    assert {c.key: c.label for c in deck.components} == COMPONENTS
    per_component = Counter(c.component for c in deck.competences)
    for key in COMPONENTS:
        assert per_component[key] >= 4, key
    assert sum(per_component[key] for key in COMPONENTS) == len(deck.competences)
    # The manual's descriptions of an internationally competent student, each under its
    # component.
    described = {c.key: c.description.lower() for c in deck.components}
    assert "open en geïnteresseerde houding" in described["intercultureel"]
    assert (
        "communiceren en samenwerken in een internationale omgeving" in described["intercultureel"]
    )
    assert "oriëntatie op maatschappij en beroep" in described["orientatie"]
    assert "persoonlijke ontwikkeling" in described["persoonlijk"]
    assert "reflecteren" in described["persoonlijk"]
    # One grammatical form: a phrase around an infinitive, no sentence punctuation.
    for competence in deck.competences:
        assert competence.label[0].isupper() and competence.label[-1].isalpha(), competence.label
        assert re.search(r"\w+n\b", competence.label), competence.label
    _check_keys_and_labels(deck.competences)
    assert deck.component("orientatie").label == "Internationale oriëntatie"
    assert isinstance(deck.competences[0], Competence)


def test_default_activities_follow_nuffics_map(deck: Deck) -> None:
    assert len(deck.activities) >= 40
    abroad = [a for a in deck.activities if a.where == "buitenland"]
    at_home = [a for a in deck.activities if a.where == "eigen_land"]
    assert len(abroad) >= 10 and len(at_home) >= 10
    assert len(abroad) + len(at_home) == len(deck.activities)
    for activity in deck.activities:
        assert activity.components, activity.key
        assert set(activity.components) <= set(COMPONENTS), activity.key
    _check_keys_and_labels(deck.activities)
    # A button shows the short label: no two alike, none longer than the label it stands for.
    shorts = [a.short or "" for a in deck.activities]
    assert all(shorts) and len(set(shorts)) == len(shorts)
    assert all(len(a.short or "") <= len(a.label) for a in deck.activities)
    by_key = {a.key: a for a in deck.activities}
    # Nuffic's findings: a placement abroad builds personal development most; exchange,
    # online collaboration and bilingual education build intercultural competences most.
    assert by_key["bpv_europa"].components[0] == "persoonlijk"
    assert by_key["bpv_buiten_eu"].components[0] == "persoonlijk"
    for key in ("uitwisseling", "online_klas", "tweetalig"):
        assert by_key[key].components[0] == "intercultureel", key
    labels = " | ".join(a.label for a in deck.activities).lower()
    for expected in (
        "buiten europa",
        "studiereis",
        "virtuele uitwisseling",
        "internationale week",
        "buddy",
        "tweetalig",
        "keuzedeel moderne vreemde taal",
        "keuzedeel internationalisering",
        "burgerschap",
        "internationaal bedrijf",
        "euroskills",
        "jobshadowing",
        "gastles geven",
        "stage bij een bedrijf in het buitenland",
        "vergelijken",
        "docenten uit het buitenland ontvangen",
    ):
        assert expected in labels, expected
    # Erasmus+ pays for activities; it is no activity itself.
    assert "erasmus" not in labels
    assert {a.key for a in deck.activities if a.for_teachers} >= {"jobshadowing", "gastdocent"}
    assert isinstance(deck.activities[0], Activity)
    with pytest.raises(KeyError):
        deck.step(6)


def _check_keys_and_labels(items) -> None:
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys))
    labels = [item.label for item in items]
    assert len(labels) == len(set(labels))
    for item in items:
        assert re.fullmatch(r"[a-z0-9_]{1,16}", item.key)
        assert len(item.label) <= 40
        # callback data is at most 64 bytes; leave room for a prefix
        assert len(item.key.encode()) <= 16


def _teacher_texts(deck: Deck) -> list[str]:
    texts: list[str] = []
    for step in deck.steps:
        texts += [step.title, step.central_question, step.goal, step.instruction]
        texts += [step.instruction_text, *step.hulpvragen, *step.tips]
        texts += [r.title for r in step.resources]
    texts += [c.label for c in deck.competences]
    texts += [c.label for c in deck.components] + [c.description for c in deck.components]
    texts += [a.label for a in deck.activities]
    return texts


FORMAL = re.compile(r"\b(u|uw|uzelf|heeft u|kunt u)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)


def test_formal_address_check_is_meaningful() -> None:
    assert FORMAL.search("Wat betekent internationalisering voor u?")
    assert FORMAL.search("Neem uw team mee.")
    assert not FORMAL.search("Wat gaan we nu doen? Hoe zou jij dat doen?")


def test_deck_uses_je_vorm(deck: Deck) -> None:
    for text in _teacher_texts(deck):
        assert not FORMAL.search(text), text
    for step in deck.steps:
        assert INFORMAL.search(step.instruction_text), step.key
        assert INFORMAL.search(step.goal), step.key


# -------------------------------------------------------------------- bad decks


def test_directory_missing(tmp_path: Path) -> None:
    message = error_for(tmp_path / "nope")
    assert "nope" in message and "does not exist" in message


def test_no_step_files(tmp_path: Path) -> None:
    message = error_for(tmp_path)
    assert "no step files" in message


def test_yaml_syntax_error_names_line(deck_dir: Path) -> None:
    path = deck_dir / "stap2.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "title: [Relevantie"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = error_for(deck_dir)
    assert message.startswith("stap2.yaml: YAML syntax error at line ")


def test_duplicate_field_in_yaml(deck_dir: Path) -> None:
    path = deck_dir / "stap1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "minutes: 25\n", encoding="utf-8")
    message = error_for(deck_dir)
    assert message.startswith("stap1.yaml: YAML syntax error at line ")
    assert "'minutes' appears twice" in message


def test_empty_file(deck_dir: Path) -> None:
    (deck_dir / "stap4.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert error_for(deck_dir) == "stap4.yaml: file is empty"


def test_top_level_not_a_mapping(deck_dir: Path) -> None:
    (deck_dir / "stap4.yaml").write_text("- a\n- b\n", encoding="utf-8")
    message = error_for(deck_dir)
    assert message.startswith("stap4.yaml: expected a mapping")


def test_unknown_field(deck_dir: Path) -> None:
    edit(deck_dir, "stap3.yaml", lambda d: d.update(hulpvraagen=["Wat?"]))
    message = error_for(deck_dir)
    assert message.startswith("stap3.yaml: hulpvraagen: unknown field (known fields: ")
    assert "hulpvragen" in message


def test_missing_field(deck_dir: Path) -> None:
    edit(deck_dir, "stap2.yaml", lambda d: d.pop("goal"))
    assert error_for(deck_dir) == "stap2.yaml: goal: missing required field"


def test_wrong_type(deck_dir: Path) -> None:
    edit(deck_dir, "stap2.yaml", lambda d: d.update(minutes="30"))
    assert error_for(deck_dir) == "stap2.yaml: minutes: expected a whole number, found text ('30')"


def test_wrong_type_in_nested_list(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["resources"][1] = "Teamplan"

    edit(deck_dir, "stap2.yaml", change)
    message = error_for(deck_dir)
    assert message.startswith("stap2.yaml: resources[1]: expected a mapping with key, title, url")


def test_bad_url(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["resources"][0]["url"] = "nuffic.nl"

    edit(deck_dir, "stap1.yaml", change)
    message = error_for(deck_dir)
    assert message.startswith("stap1.yaml: resources[0].url: 'nuffic.nl' is not a web address")


@pytest.mark.parametrize("minutes", [0, -5, 12.5, True])
def test_minutes_not_positive_integer(deck_dir: Path, minutes: Any) -> None:
    edit(deck_dir, "stap5.yaml", lambda d: d.update(minutes=minutes))
    message = error_for(deck_dir)
    assert message.startswith("stap5.yaml: minutes: ")
    assert "positive whole number" in message or "expected a whole number" in message


def test_step_number_gap(deck_dir: Path) -> None:
    edit(deck_dir, "stap5.yaml", lambda d: d.update(number=6))
    assert error_for(deck_dir) == (
        "stap5.yaml: number: step numbers must run 1..5 without gaps; expected 5, found 6"
    )


def test_step_number_duplicate(deck_dir: Path) -> None:
    edit(deck_dir, "stap5.yaml", lambda d: d.update(number=4))
    assert error_for(deck_dir) == "stap5.yaml: number: 4 is already used by stap4.yaml"


def test_missing_step_file(deck_dir: Path) -> None:
    (deck_dir / "stap1.yaml").unlink()
    message = error_for(deck_dir)
    assert message.startswith("stap2.yaml: number: step numbers must run 1..4")


def test_step_key_duplicate(deck_dir: Path) -> None:
    edit(deck_dir, "stap2.yaml", lambda d: d.update(key="betekenis"))
    assert error_for(deck_dir) == "stap2.yaml: key: 'betekenis' is already used by stap1.yaml"


def test_fewer_steps_is_fine(deck_dir: Path) -> None:
    for n in (4, 5):
        (deck_dir / f"stap{n}.yaml").unlink()
    small = load_deck(str(deck_dir))
    assert len(small.steps) == 3 and sum(s.minutes for s in small.steps) == 80


def test_too_few_hulpvragen(deck_dir: Path) -> None:
    edit(deck_dir, "stap3.yaml", lambda d: d.update(hulpvragen=d["hulpvragen"][:3]))
    assert error_for(deck_dir) == "stap3.yaml: hulpvragen: needs at least 5 questions, found 3"


def test_too_many_hulpvragen(deck_dir: Path) -> None:
    edit(deck_dir, "stap3.yaml", lambda d: d["hulpvragen"].append("Nog een vraag?"))
    assert error_for(deck_dir) == "stap3.yaml: hulpvragen: allows at most 8 questions, found 9"


def test_empty_hulpvraag(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["hulpvragen"][2] = "   "

    edit(deck_dir, "stap1.yaml", change)
    assert error_for(deck_dir) == "stap1.yaml: hulpvragen[2]: must not be empty"


def test_duplicate_hulpvraag(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["hulpvragen"][4] = d["hulpvragen"][1].upper()

    edit(deck_dir, "stap1.yaml", change)
    message = error_for(deck_dir)
    assert message.startswith("stap1.yaml: hulpvragen: question [4] is a duplicate of question [1]")


def test_bad_marks(deck_dir: Path) -> None:
    edit(deck_dir, "stap3.yaml", lambda d: d.update(marks="competenties_"))
    assert error_for(deck_dir) == (
        "stap3.yaml: marks: 'competenties_' is not one of: 'competenties', 'activiteiten'"
    )


def test_marks_without_competences_file(deck_dir: Path) -> None:
    (deck_dir / "competenties.yaml").unlink()
    assert error_for(deck_dir) == (
        "stap3.yaml: marks: 'competenties' needs competenties.yaml, but that file is missing"
    )


def test_marks_with_empty_activities(deck_dir: Path) -> None:
    (deck_dir / "activiteiten.yaml").write_text("items: []\n", encoding="utf-8")
    assert error_for(deck_dir) == (
        "stap4.yaml: marks: 'activiteiten' needs items in activiteiten.yaml, but it has none"
    )


def test_no_marks_no_item_files_is_fine(deck_dir: Path) -> None:
    for name in ("competenties.yaml", "activiteiten.yaml"):
        (deck_dir / name).unlink()
    for n in (3, 4):
        edit(deck_dir, f"stap{n}.yaml", lambda d: d.pop("marks"))
    bare = load_deck(deck_dir)
    assert bare.competences == () and bare.activities == ()


def test_bad_item_key(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][4]["key"] = "Open houding!"

    edit(deck_dir, "competenties.yaml", change)
    assert error_for(deck_dir) == (
        "competenties.yaml: items[4].key: 'Open houding!' is not a slug "
        "(lowercase letters, digits, underscore; at most 16 characters)"
    )


def test_item_key_too_long(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][0]["key"] = "stage_buiten_europa"

    edit(deck_dir, "activiteiten.yaml", change)
    message = error_for(deck_dir)
    assert message.startswith(
        "activiteiten.yaml: items[0].key: 'stage_buiten_europa' is not a slug"
    )


def test_duplicate_item_key(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][3]["key"] = d["items"][0]["key"]

    edit(deck_dir, "activiteiten.yaml", change)
    assert error_for(deck_dir) == (
        "activiteiten.yaml: items[3].key: 'bpv_europa' is already used by items[0]"
    )


def test_label_too_long(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][1]["label"] = "Een heel erg lange omschrijving die niet op een knop past"

    edit(deck_dir, "competenties.yaml", change)
    message = error_for(deck_dir)
    assert message.startswith(
        "competenties.yaml: items[1].label: too long (57 characters, at most 40"
    )


def test_bad_where(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][2]["where"] = "online"

    edit(deck_dir, "activiteiten.yaml", change)
    assert error_for(deck_dir) == (
        "activiteiten.yaml: items[2].where: 'online' is not one of: 'buitenland', 'eigen_land'"
    )


def test_items_file_unknown_top_level_field(deck_dir: Path) -> None:
    edit(deck_dir, "competenties.yaml", lambda d: d.update(areas=[]))
    assert error_for(deck_dir) == (
        "competenties.yaml: areas: unknown field (known fields: components, items)"
    )


def test_items_not_a_list(deck_dir: Path) -> None:
    (deck_dir / "activiteiten.yaml").write_text("items: stage\n", encoding="utf-8")
    assert error_for(deck_dir) == (
        "activiteiten.yaml: items: expected a list, found text ('stage')"
    )


def test_item_missing_field_and_more_problems(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        del d["items"][0]["component"]
        d["items"][1]["label"] = 5

    edit(deck_dir, "competenties.yaml", change)
    assert error_for(deck_dir) == (
        "competenties.yaml: items[0].component: missing required field "
        "(and 1 more problem in this file)"
    )


def test_competence_in_unknown_component(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][2]["component"] = "houding"

    edit(deck_dir, "competenties.yaml", change)
    assert error_for(deck_dir) == (
        "competenties.yaml: items[2].component: 'houding' is not a component "
        "(known components: intercultureel, orientatie, persoonlijk)"
    )


def test_activity_linked_to_unknown_component(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][5]["components"] = ["orientatie", "taal"]

    edit(deck_dir, "activiteiten.yaml", change)
    assert error_for(deck_dir) == (
        "activiteiten.yaml: items[5].components: 'taal' is not a component of competenties.yaml "
        "(known components: intercultureel, orientatie, persoonlijk)"
    )


def test_activity_without_component(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"][0]["components"] = []

    edit(deck_dir, "activiteiten.yaml", change)
    assert error_for(deck_dir) == (
        "activiteiten.yaml: items[0].components: needs at least one component"
    )


def test_component_without_competences(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["items"] = [i for i in d["items"] if i["component"] != "persoonlijk"]

    edit(deck_dir, "competenties.yaml", change)
    assert error_for(deck_dir) == (
        "competenties.yaml: components[2]: 'persoonlijk' has no competences in items"
    )


def test_duplicate_component_key(deck_dir: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["components"][1]["key"] = "intercultureel"

    edit(deck_dir, "competenties.yaml", change)
    assert error_for(deck_dir) == (
        "competenties.yaml: components[1].key: 'intercultureel' is already used by components[0]"
    )


def test_deck_error_attributes(deck_dir: Path) -> None:
    edit(deck_dir, "stap2.yaml", lambda d: d.pop("title"))
    with pytest.raises(DeckError) as info:
        load_deck(deck_dir)
    assert (info.value.file, info.value.field, info.value.problem) == (
        "stap2.yaml",
        "title",
        "missing required field",
    )


def test_models_are_frozen(deck: Deck) -> None:
    with pytest.raises(ValueError):
        deck.steps[0].minutes = 99  # type: ignore[misc]


# -------------------------------------------------------------------------- CLI


def test_cli_ok(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMPTS_DIR", raising=False)
    assert validate_deck_cli([]) == 0
    out = capsys.readouterr().out.strip()
    assert re.fullmatch(
        r"Deck OK: 5 steps, \d+ hulpvragen, \d+ competenties, \d+ activiteiten", out
    )


def test_cli_error(deck_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(deck_dir, "stap3.yaml", lambda d: d.update(hulpvragen=d["hulpvragen"][:3]))
    assert validate_deck_cli([str(deck_dir)]) == 1
    err = capsys.readouterr().err
    assert "stap3.yaml: hulpvragen: needs at least 5 questions, found 3" in err


def test_cli_uses_prompts_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMPTS_DIR", str(tmp_path / "missing"))
    assert validate_deck_cli([]) == 1
    assert "does not exist" in capsys.readouterr().err
