"""What fits on the poster: shortening at word boundaries, "+N meer", placeholders, Nuffic's
model with every competence, the done actions, and room for Nuffic's materials."""

from __future__ import annotations

from dataclasses import replace

from bot.core.documents.poster import (
    Entry,
    Group,
    MarkedItem,
    PanelSize,
    PosterResource,
    fit_groups,
    layout,
    poster_data,
    resource_lines,
    shorten,
)
from bot.texts.documents import exports as export_texts
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
    entries = tuple(Entry(text=f"Activiteit {i}", marks=1) for i in range(30))
    (group,) = fit_groups([Group(None, entries)], PanelSize(lines=10, chars=60))
    # Nine activities and the "+21 meer" line fill the ten lines.
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


def poster_of(facts):
    return layout(poster_data(facts, title="Poster", labels=export_texts.POSTER_LABELS))


def test_empty_groups_are_left_out_and_an_empty_step_gets_a_placeholder():
    poster = poster_of(samples.empty())
    assert all(panel.placeholder and not panel.groups for panel in poster.panels)
    realistic = poster_of(samples.realistic())
    assert [p.number for p in realistic.panels if p.placeholder] == [1]
    step2 = realistic.panels[1]
    assert [g.heading for g in step2.groups] == ["Steekwoorden"]


def test_step_1_shows_only_the_teams_own_keywords():
    facts = samples.realistic()
    assert poster_of(facts).panels[0].groups == ()
    chosen = replace(facts, keywords={**facts.keywords, 1: ("nieuwsgierig",)})
    (group,) = poster_of(chosen).panels[0].groups
    assert group.style == "chips" and [e.text for e in group.entries] == ["nieuwsgierig"]


def test_the_model_holds_every_competence_in_its_component_most_marked_first():
    facts = samples.realistic()
    step3 = poster_of(facts).panels[2]
    model = [g for g in step3.groups if g.style == "model"]
    assert [g.heading for g in model] == list(samples.AREAS)
    assert [g.column for g in model] == [1, 2, 3]
    shown = {e.text: (g.heading, e.marks, e.own) for g in model for e in g.entries}
    assert set(shown) == {c.label for c in facts.competences}, "every competence, marked or not"
    assert shown["Veilig werken met anderstalige collega's"] == (samples.AREAS[0], 4, True)
    assert shown["Openstaan voor andere gewoontes"][1] == 0
    marks = [e.marks for e in model[0].entries]
    assert marks == sorted(marks, reverse=True)


def test_done_actions_have_their_own_list_so_a_long_plan_keeps_them():
    facts = samples.realistic()
    (done,) = [a for a in facts.actions if a.done]
    many = replace(facts, actions=facts.actions + facts.actions[:1] * 30)
    step5 = poster_of(many).panels[4]
    plan, finished = [g for g in step5.groups if g.style in ("actions", "done")]
    assert plan.more > 0
    assert [(e.text, e.who, e.done) for e in finished.entries] == [(done.what, done.owner, True)]
    assert all(not e.done for e in plan.entries)


def test_nuffics_materials_take_their_room_from_the_panel():
    coded = PosterResource("Nuffic over het mbo", url="https://www.nuffic.nl/mbo")
    plain = PosterResource("Animatiefilm", find="zoek op nuffic.nl naar 'film'")
    assert resource_lines((), 40) == 0
    assert resource_lines((coded,), 40) < resource_lines((coded, plain), 40)
    # A wide panel sets the codes beside the text: no taller than the taller of the two.
    assert resource_lines((coded, plain), 100) < resource_lines((coded, plain), 40)
    many = tuple(MarkedItem(f"Activiteit {i}", 1, "eigen_land") for i in range(40))
    facts = replace(samples.realistic(), activities_current=many)
    bare = replace(facts, resources={})

    def shown(poster):
        return sum(len(g.entries) for g in poster.panels[3].groups)

    assert poster_of(facts).panels[3].resources and not poster_of(bare).panels[3].resources
    assert shown(poster_of(facts)) < shown(poster_of(bare))
