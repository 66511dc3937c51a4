"""The action plan as a chair sees it: states, the /acties list, and the brief's sections
(the rules in bot.core.actions.brief, in words by bot.texts)."""

from datetime import date

from bot.core.actions.brief import ActionItem, brief, changes, counts, decisions, ordered, snapshot
from bot.texts.actions import brief as brief_texts

TODAY = date(2026, 12, 10)


def item(number, deadline, **kw):
    return ActionItem(number=number, text=f"actie {number}", owner="Anna", deadline=deadline, **kw)


LATE = item(1, date(2026, 12, 1), needs=("financien",))
OPEN = item(2, date(2026, 12, 15), needs=("kennis", "tijd"), needs_note="gastspreker")
DONE = item(3, date(2026, 12, 1), done=True)
HELP = item(4, date(2026, 12, 20), help_asked=True, needs=("financien",))


def test_states_and_the_line_of_an_action():
    assert [i.state(TODAY) for i in (LATE, OPEN, DONE, HELP)] == ["late", "open", "done", "open"]
    assert snapshot([LATE, OPEN, DONE, HELP], TODAY) == {
        "1": "late",
        "2": "open",
        "3": "done",
        "4": "help",
    }
    assert brief_texts.action_line(OPEN, TODAY) == (
        "⏳ #2 actie 2 · Anna · dinsdag 15 december (nog 5 dagen) · "
        "nodig: kennis, tijd, gastspreker"
    )
    assert brief_texts.action_line(LATE, TODAY).startswith(
        "⚠️ #1 actie 1 · Anna · dinsdag 1 december (9 dagen te laat)"
    )
    assert brief_texts.action_line(DONE, TODAY) == "✅ #3 actie 3 · Anna · klaar"
    assert brief_texts.action_line(HELP, TODAY).endswith("🆘 hulp gevraagd")


def test_the_list_puts_late_first_then_open_then_done():
    blocks = brief_texts.list_blocks(ordered([DONE, OPEN, HELP, LATE], TODAY), TODAY)
    assert [b.split("\n")[0] for b in blocks] == [
        "<b>⚠️ Te laat (1)</b>",
        "<b>⏳ Open (2)</b>",
        "<b>✅ Klaar (1)</b>",
    ]
    assert blocks[1].index("#2") < blocks[1].index("#4"), "open ones by deadline"
    assert brief_texts.counts_text(counts([DONE, OPEN, HELP, LATE], TODAY)) == (
        "1 klaar · 2 open · 1 te laat · 1 hulp gevraagd"
    )


def test_what_needs_a_decision():
    lines = brief_texts.decision_lines(
        decisions([LATE, OPEN, DONE, HELP, ActionItem(5, "zonder", None, date(2027, 1, 1))], TODAY),
        TODAY,
    )
    text = "\n".join(lines)
    assert "#1 actie 1 is te laat" in text
    assert "#4 actie 4: Anna vraagt hulp (nodig: financiën)" in text
    assert "#5 zonder heeft nog geen trekker" in text
    assert "Nodig voor de open acties: financiën (2), kennis (1), tijd (1)" in text
    assert brief_texts.decision_lines(decisions([OPEN], TODAY), TODAY)[-1].startswith("🧰")
    assert brief_texts.decision_lines(decisions([DONE], TODAY), TODAY) == (
        "Niets: alles loopt volgens plan.",
    )


def test_changes_since_the_last_summary():
    previous = {"1": "open", "2": "open", "3": "open", "4": "open"}
    new = item(6, date(2027, 1, 1))
    found = changes([LATE, OPEN, DONE, HELP, new], TODAY, previous)
    assert [brief_texts.change_line(change, it, TODAY) for change, it in found] == [
        "Te laat geraakt: #1 actie 1",
        "Klaar: #3 actie 3",
        "Hulp gevraagd: #4 actie 4",
        "Nieuw: #6 actie 6",
    ]
    assert changes([OPEN], TODAY, {"2": "open"}) == ()


def test_brief_sections():
    parts = brief_texts.brief_sections(
        brief(
            [LATE, OPEN, DONE],
            TODAY,
            chosen_activities=[("Buitenlandstage", 3)],
            previous={"1": "late"},
            previous_on=date(2026, 12, 1),
        )
    )
    assert [heading for heading, _ in parts] == [
        "Acties: 1 klaar · 1 open · 1 te laat",
        "Om te beslissen",
        "Sinds de vorige samenvatting van dinsdag 1 december",
        "Interessant gevonden in stap 4",
    ]
    assert parts[-1][1] == ("Buitenlandstage (3)",)
    unchanged = brief_texts.brief_sections(brief([OPEN], TODAY, previous={"2": "open"}))
    assert unchanged[-1] == ("Sinds de vorige samenvatting", ("Geen veranderingen.",))
    first_run = brief_texts.brief_sections(brief([], TODAY))
    assert first_run[0][0] == "Acties" and "/actie" in first_run[0][1][0]
