"""What fits on the poster: shortening at word boundaries, "+N meer", placeholders, and
which answers of step 1 are the telling ones."""

from __future__ import annotations

from bot import texts
from bot.core.poster import (
    Entry,
    Group,
    PanelSize,
    fit_groups,
    layout,
    poster_data,
    shorten,
    telling_answers,
)
from tests.documents import samples


def test_shorten_never_cuts_inside_a_word():
    text = "Internationalisering betekent voor ons vooral samenwerken met collega's"
    short = shorten(text, 40)
    assert short == "Internationalisering betekent voor ons…"
    assert len(short) <= 40
    assert shorten("kort", 40) == "kort"
    assert shorten("  veel   witruimte\n hier ", 40) == "veel witruimte hier"
    # Only a single word longer than the room (a web address) is cut inside.
    assert shorten("https://www.nuffic.nl/publicaties/heel-lang", 20) == "https://www.nuffic…"


def test_a_full_panel_counts_what_it_leaves_out():
    entries = tuple(Entry(text=f"Antwoord {i}", who="Anna") for i in range(30))
    (group,) = fit_groups([Group(None, entries)], PanelSize(lines=10, chars=60))
    # Nine answers and the "+21 meer" line fill the ten lines.
    assert len(group.entries) == 9 and group.more == 21


def test_every_group_shows_its_first_items_before_one_takes_the_rest():
    many = tuple(Entry(text=f"Competentie {i}", marks=2) for i in range(20))
    few = (Entry(text="Een", marks=1),)
    fitted = fit_groups(
        [Group("Eerste", many, "marks"), Group("Tweede", few, "marks")],
        PanelSize(lines=10, chars=60),
    )
    assert [len(g.entries) for g in fitted] == [6, 1]
    assert fitted[0].more == 14 and fitted[1].more == 0


def test_empty_groups_are_left_out_and_an_empty_step_gets_a_placeholder():
    poster = layout(poster_data(samples.empty(), title="Poster", labels=texts.POSTER_LABELS))
    assert all(panel.placeholder and not panel.groups for panel in poster.panels)
    realistic = layout(poster_data(samples.realistic(), title="Poster", labels=texts.POSTER_LABELS))
    assert not any(panel.placeholder for panel in realistic.panels)
    step1 = realistic.panels[0]
    assert [g.heading for g in step1.groups] == [None], "no keywords: no empty keyword heading"


def test_telling_answers_hear_every_member_first_short_ones_before_long():
    long = "heel lang " * 40
    answers = [
        ("Anna", long),
        ("Anna", "Een jaar in Valencia gewerkt"),
        ("Bram", "Klas met twaalf nationaliteiten"),
        ("Anna", "Kort"),
        ("Carla", "   "),
    ]
    ranked = [(e.who, e.text) for e in telling_answers(answers)]
    assert ranked[:2] == [
        ("Bram", "Klas met twaalf nationaliteiten"),
        ("Anna", "Een jaar in Valencia gewerkt"),
    ]
    assert ranked[2] == ("Anna", "Kort")
    assert ranked[-1][1] == long.strip()
    assert all(who != "Carla" for who, _ in ranked), "an empty answer is not shown"
