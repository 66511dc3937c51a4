"""Texts for the boards of steps 3 and 4: competences grouped by the three components of
Nuffic's model, activities abroad and in eigen land, members' own items, and the ranking."""

from __future__ import annotations

from collections.abc import Sequence

from bot.texts.formatting import esc

# Where an activity happens (prompts.WHERE), as members read it.
WHERE_LABELS = {
    "buitenland": "In het buitenland",
    "eigen_land": "In eigen land (internationalisation at home)",
}
UNMARK_HINT = "Nog een keer tikken haalt je markering weg."
MARK_HOWTO = f"Tik de competenties aan die jij belangrijk vindt. {UNMARK_HINT}"
OWN_COMPETENCE_HOWTO = (
    "Mist er een competentie? Reageer op dit bericht met jouw competentie. De voorzitter kan "
    "hem dan toevoegen."
)
OWN_ACTIVITY_HOWTO = (
    "Mist er een activiteit? Reageer op dit bericht met je eigen idee. De voorzitter kan het "
    "dan toevoegen."
)
MARKS_HEADING = {"al": "Doen we al", "nieuw": "Lijkt ons interessant"}


def _who_marked(marked: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    """The marked items of a board, each with who marked it."""
    if not marked:
        return []
    return [""] + [
        f"• {esc(label)}: {len(who)} ({', '.join(esc(n) for n in who)})" for label, who in marked
    ]


def competence_board(
    *, component: str, description: str, marked: Sequence[tuple[str, Sequence[str]]]
) -> str:
    """One component of the model with its competences; who marked what."""
    lines = [f"🖍 <b>{esc(component)}</b>", f"<i>{esc(description)}</i>", "", MARK_HOWTO]
    lines += _who_marked(marked)
    lines += ["", OWN_COMPETENCE_HOWTO]
    return "\n".join(lines)


ACTIVITY_HOWTO = f"Tik op het nummer van wat past. {UNMARK_HINT}"
ACTIVITY_QUESTION = {
    "al": "Welke activiteiten doen jullie al?",
    "nieuw": "Welke activiteiten lijken jullie interessant en relevant?",
}
STAR_LEGEND = "⭐ = bouwt aan jullie belangrijkste competenties uit stap 3"


def activity_board(
    *,
    where: str,
    mark: str,
    page: int,
    pages: int,
    items: Sequence[tuple[int, str, bool, Sequence[str]]],
    elsewhere: int,
) -> str:
    """One page of a question's board: (number, label, star, who marked it) per item."""
    lines = [
        f"🖍 <b>{MARKS_HEADING[mark]} · {esc(where)}</b>",
        f"<i>Blad {page} van {pages}</i>",
        ACTIVITY_QUESTION[mark],
        ACTIVITY_HOWTO,
    ]
    if any(star for _, _, star, _ in items):
        lines.append(STAR_LEGEND)
    lines.append("")
    for number, label, star, who in items:
        line = f"{number}. {'⭐ ' if star else ''}{esc(label)}"
        if who:
            line += f" · <b>{len(who)}</b> ({', '.join(esc(n) for n in who)})"
        lines.append(line)
    if elsewhere:
        lines += ["", f"Op de andere bladen: {elsewhere} gemarkeerd. Blader met ◀ ▶."]
    lines += ["", OWN_ACTIVITY_HOWTO]
    return "\n".join(lines)


def activity_button(number: int, label: str, *, fits: bool) -> str:
    return f"{'⭐ ' if fits else ''}{number} {label}"


def page_button(page: int, *, back: bool) -> str:
    return f"◀ blad {page}" if back else f"blad {page} ▶"


def board_button(label: str, count: int) -> str:
    return f"{label} · {count}" if count else label


def own_item_proposed(name: str, label: str, *, competence: bool) -> str:
    what = "competentie" if competence else "activiteit"
    return (
        f"💡 {esc(name)} stelt een eigen {what} voor: <b>{esc(label)}</b>\n"
        "Voorzitter, voeg het voorstel toe met een knop hieronder."
    )


def own_item_added(label: str, group: str) -> str:
    return f"✅ <b>{esc(label)}</b> is toegevoegd bij {esc(group)}."


ONLY_CHAIR_ADDS = "Alleen de voorzitter voegt een eigen voorstel toe."
OWN_ITEM_ALREADY_ADDED = "Dat voorstel is al toegevoegd."
OWN_ITEM_TOO_LONG = "Houd het kort (hooguit 40 tekens), dan past het op een knop."


def ranking(entries: Sequence[tuple[str, str, int, Sequence[str]]]) -> str:
    """The ranking at the end of step 3: (label, component, count, who), most marked first."""
    if not entries:
        return "🏆 Er zijn geen competenties gemarkeerd."
    lines = ["🏆 <b>Jullie belangrijkste competenties</b>"]
    for place, (label, component, count, who) in enumerate(entries, start=1):
        lines.append(
            f"{place}. {esc(label)} <i>({esc(component)})</i>: {count} – "
            + ", ".join(esc(name) for name in who)
        )
    return "\n".join(lines)
