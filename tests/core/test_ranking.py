"""From competence to activity: the ranking of step 3 and the order of step 4."""

from __future__ import annotations

from bot.core.ranking import Item, chosen_components, order_activities, rank

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


def test_fitting_activities_come_first() -> None:
    ranking = rank(COMPETENCES, {"taal": ["Anna", "Bram"], "open": ["Carla"], "vak": ["Dirk"]})
    assert chosen_components(ranking) == {"intercultureel"}
    placed = order_activities(ACTIVITIES, ranking)
    assert [(p.item.key, p.fits) for p in placed] == [
        # both build intercultural competences most; tto also orientation (1 mark)
        ("tto", True),
        ("online", True),
        ("bpv", False),
        ("gastles", False),
    ]


def test_components_weighing_half_of_the_heaviest_are_chosen_too() -> None:
    ranking = rank(COMPETENCES, {"taal": ["A", "B"], "zelf": ["C"]})
    assert chosen_components(ranking) == {"intercultureel", "persoonlijk"}
    fits = {p.item.key for p in order_activities(ACTIVITIES, ranking) if p.fits}
    assert fits == {"bpv", "online", "tto"}


def test_without_marks_nothing_fits_and_the_deck_order_stays() -> None:
    placed = order_activities(ACTIVITIES, rank(COMPETENCES, {}))
    assert [p.item.key for p in placed] == ["bpv", "gastles", "online", "tto"]
    assert not any(p.fits for p in placed)
