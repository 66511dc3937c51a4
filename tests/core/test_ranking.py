"""From competence to activity: the ranking of step 3 and the stars of step 4."""

from __future__ import annotations

from bot.core.session.ranking import MAX_STARS, Item, rank, star_activities, top_competences

COMPETENCES = [
    Item("taal", "Een andere taal durven spreken", "intercultureel"),
    Item("open", "Openstaan voor andere gewoontes", "intercultureel"),
    Item("vak", "Weten hoe het vak elders werkt", "orientatie"),
    Item("zelf", "Zelfvertrouwen opbouwen", "persoonlijk"),
]
ACTIVITIES = [
    Item("bpv", "Bpv in het buitenland", "buitenland", ("persoonlijk", "intercultureel")),
    Item("gastles", "Gastles", "eigen_land", ("orientatie",)),
    Item("online", "Virtuele uitwisseling", "eigen_land", ("intercultureel",)),
    Item("tto", "Tweetalig onderwijs", "eigen_land", ("intercultureel", "orientatie")),
]


def test_rank_counts_and_names_most_marked_first() -> None:
    ranking = rank(COMPETENCES, {"vak": ["Anna"], "taal": ["Anna", "Bram"], "zelf": []})
    assert [(r.key, r.count, r.who) for r in ranking] == [
        ("taal", 2, ("Anna", "Bram")),
        ("vak", 1, ("Anna",)),
    ]


def test_equal_counts_keep_the_deck_order() -> None:
    ranking = rank(COMPETENCES, {"zelf": ["Eva"], "open": ["Bram"]})
    assert [r.key for r in ranking] == ["open", "zelf"]


def test_the_top_ranked_are_the_three_most_marked_and_those_tied_with_the_third() -> None:
    ranking = rank(
        COMPETENCES, {"taal": ["A", "B", "C"], "open": ["A"], "vak": ["B"], "zelf": ["C", "D"]}
    )
    assert [r.key for r in top_competences(ranking)] == ["taal", "zelf", "open", "vak"]
    ranking = rank(COMPETENCES, {"taal": ["A", "B"], "zelf": ["C", "D"], "vak": ["E"]})
    assert [r.key for r in top_competences(ranking)] == ["taal", "zelf", "vak"]
    assert top_competences([]) == []


def test_the_star_goes_to_what_builds_the_top_competences_main_component_first() -> None:
    # Intercultural: 3 marks; personal: 1; orientation: none.
    ranking = rank(COMPETENCES, {"taal": ["Anna", "Bram"], "open": ["Carla"], "zelf": ["Dirk"]})
    placed = star_activities(ACTIVITIES, ranking)
    assert [p.item.key for p in placed] == ["bpv", "gastles", "online", "tto"]  # deck order
    assert {p.item.key for p in placed if p.fits} == {"bpv", "online", "tto"}


def test_at_most_a_handful_of_stars_per_group_the_strongest_first() -> None:
    activities = [
        Item(f"a{i}", f"Activiteit {i}", "eigen_land", ("orientatie",)) for i in range(5)
    ] + [
        Item("strong", "Sterk", "eigen_land", ("intercultureel", "orientatie")),
        Item("abroad", "Buiten", "buitenland", ("intercultureel",)),
        Item("own", "Eigen idee", "eigen_land"),  # an own activity names no component
    ]
    ranking = rank(COMPETENCES, {"taal": ["A", "B"], "vak": ["C"]})
    starred = [p.item.key for p in star_activities(activities, ranking) if p.fits]
    # strong: 2×2 + 1 = 5; every orientation activity: 2×1 = 2, equal ones in their order.
    assert starred == ["a0", "a1", "strong", "abroad"]
    assert sum(key != "abroad" for key in starred) == MAX_STARS


def test_without_marks_nothing_is_starred() -> None:
    placed = star_activities(ACTIVITIES, rank(COMPETENCES, {}))
    assert [p.item.key for p in placed] == ["bpv", "gastles", "online", "tto"]
    assert not any(p.fits for p in placed)
