"""The terugkoppeling of linked sub-groups: their conclusions side by side and added up."""

from __future__ import annotations

from datetime import date

from bot.core.team.feedback import (
    Counted,
    Subgroup,
    SubgroupState,
    TeamAction,
    combine,
    combine_marks,
)

TODAY = date(2027, 1, 10)


def test_marks_add_up_over_groups_and_ties_go_to_the_item_more_groups_chose() -> None:
    zorg = [Counted("Engels durven spreken", "Interculturele competenties", 2)]
    techniek = [
        Counted("engels  durven spreken", "Interculturele competenties", 1),
        Counted("Zelfvertrouwen opbouwen", "Persoonlijke ontwikkeling", 3),
        Counted("Nergens gemarkeerd", "Persoonlijke ontwikkeling", 0),
    ]
    combined = combine_marks([zorg, techniek])
    assert [(c.label, c.count, c.groups) for c in combined] == [
        ("Engels durven spreken", 3, 2),
        ("Zelfvertrouwen opbouwen", 3, 1),
    ]


def test_actions_by_deadline_done_last_and_what_is_open_per_group() -> None:
    zorg = Subgroup(
        "Team Zorg",
        SubgroupState.DONE,
        keywords={2: ("stage in Duitsland",), 5: ("Stage in Duitsland", "gastles")},
        actions=(
            TeamAction(1, "Partnerschool zoeken", "Bram", date(2027, 1, 5)),
            TeamAction(2, "Teamleider bijpraten", "Anna", date(2027, 1, 1), done=True),
        ),
    )
    techniek = Subgroup(
        "Team Techniek",
        SubgroupState.RUNNING,
        actions=(TeamAction(1, "Gastles regelen", None, date(2027, 2, 1)),),
    )
    feedback = combine([zorg, techniek], today=TODAY)
    assert [(group, a.what) for group, a in feedback.actions] == [
        ("Team Zorg", "Partnerschool zoeken"),
        ("Team Techniek", "Gastles regelen"),
        ("Team Zorg", "Teamleider bijpraten"),
    ]
    # A steekwoord kept in two steps is named once.
    assert feedback.keywords == (("Team Zorg", ("stage in Duitsland", "gastles")),)
    assert [(o.title, o.open, o.late) for o in feedback.still_open] == [
        ("Team Zorg", 1, 1),
        ("Team Techniek", 1, 0),
    ]
    assert not feedback.all_done
