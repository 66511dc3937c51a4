"""The plan per leerjaar at the end of step 5."""

from __future__ import annotations

from bot.core.actions.leerjaar_plan import PlannedAction, build

ORDER = ["1", "2", "3", "4", "alle"]
NEEDS = ["financien", "kennis", "hulpmiddelen", "partners", "tijd"]


def action(number, leerjaar, activity=None, needs=(), note=None):
    return PlannedAction(number, f"actie {number}", "Anna", leerjaar, activity, needs, note)


def test_actions_and_activities_per_leerjaar_with_what_is_needed() -> None:
    plan = build(
        [
            action(3, "2", "Bpv buiten Europa", ("tijd", "financien"), "Erasmus+-subsidie"),
            action(1, "1", "Virtuele uitwisseling", ("partners",)),
            action(2, "2", "Bpv buiten Europa", ("kennis",)),
            action(4, None),
        ],
        interesting=["Virtuele uitwisseling", "Bpv buiten Europa", "Internationale week"],
        leerjaar_order=ORDER,
        need_order=NEEDS,
    )
    assert [b.leerjaar for b in plan.blocks] == ["1", "2", None]
    second = plan.blocks[1]
    assert [a.number for a in second.actions] == [2, 3]
    assert second.activities == ("Bpv buiten Europa",)
    assert second.needs == ("financien", "kennis", "tijd")
    assert second.notes == ("Erasmus+-subsidie",)
    assert plan.open_activities == ("Internationale week",)
    assert not plan.empty


def test_typed_leerjaren_come_after_the_known_ones() -> None:
    plan = build(
        [action(1, "bol 3"), action(2, "alle"), action(3, "1")],
        interesting=[],
        leerjaar_order=ORDER,
        need_order=NEEDS,
    )
    assert [b.leerjaar for b in plan.blocks] == ["1", "alle", "bol 3"]


def test_empty_plan() -> None:
    plan = build([], interesting=[], leerjaar_order=ORDER, need_order=NEEDS)
    assert plan.empty
