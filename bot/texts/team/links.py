"""Texts for a team split into linked sub-groups: /koppel, /ontkoppel and /terugkoppeling."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.team.feedback import Combined, Feedback, SubgroupState
from bot.texts.calendar.dates import format_date_nl
from bot.texts.formatting import esc, listing

LINK_EXAMPLE = "/koppel K7P-2QX"
NEW_CODE_HINT = "Vraag de voorzitter van de andere groep om een nieuwe code, met /koppel."


def link_code_made(code: str, hours: int) -> str:
    return (
        f"🔗 <b>Jullie koppelcode: {esc(code)}</b>\n"
        "Geef deze code aan de voorzitter van de andere groep. Die typt in die groep: "
        f"<code>/koppel {esc(code)}</code>\n"
        f"De code werkt {hours} uur en één keer."
    )


def titles(names: Sequence[str]) -> str:
    return listing([esc(name) for name in names])


def titles_plain(names: Sequence[str]) -> str:
    """The groups' names for a document (no HTML)."""
    return listing(list(names))


UNNAMED_GROUP = "Naamloze groep"


def linked(others: Sequence[str]) -> str:
    return (
        f"🔗 Deze groep is nu gekoppeld aan {titles(others)}.\n"
        "Jullie conclusies komen samen in één terugkoppeling: de steekwoorden, de markeringen "
        "en de acties. Jullie eigen antwoorden blijven in deze groep.\n"
        "Vraag de terugkoppeling op met /terugkoppeling. Als de laatste sessie klaar is, stuur "
        "ik hem vanzelf."
    )


def unlinked(others: Sequence[str]) -> str:
    return (
        f"✂️ De koppeling met {titles(others)} is opgeheven. Jullie conclusies blijven vanaf "
        "nu in deze groep."
    )


LINK_NEEDS_SESSION = (
    "Koppelen doet de voorzitter. Open eerst een sessie met /sessie: wie die opent, is de "
    "voorzitter."
)
LINK_IN_PRIVATE = "Koppelen doe je in de groep van je team, met /koppel."
CODE_UNKNOWN = f"Die koppelcode ken ik niet. {NEW_CODE_HINT}"
CODE_EXPIRED = f"Die koppelcode is verlopen, want hij werkt maar een dag. {NEW_CODE_HINT}"
CODE_USED = f"Die koppelcode is al gebruikt. {NEW_CODE_HINT}"
CODE_OWN_GROUP = (
    "Die koppelcode komt uit deze groep zelf. Typ hem in de groep waarmee jullie willen koppelen."
)
NOT_LINKED = "Deze groep is aan geen andere groep gekoppeld. De voorzitter koppelt met /koppel."


def already_linked(others: Sequence[str]) -> str:
    return f"Deze groep is al gekoppeld aan {titles(others)}."


def linked_elsewhere(others: Sequence[str]) -> str:
    return (
        f"Deze groep is al gekoppeld aan {titles(others)}. Wil je met een ander team koppelen? "
        "Ontkoppel dan eerst met /ontkoppel."
    )


# --- the terugkoppeling ----------------------------------------------------------------

STATE_WORDS = {
    SubgroupState.NO_SESSION: "nog geen sessie gehouden",
    SubgroupState.GATHERING: "sessie nog niet begonnen",
    SubgroupState.RUNNING: "sessie loopt nog",
}


def _ranked(items: Sequence[Combined], where: dict[str, str] | None = None) -> list[str]:
    lines = []
    for place, item in enumerate(items, start=1):
        area = where.get(item.area, item.area) if where else item.area
        groups = "" if item.groups < 2 else f", in {item.groups} groepen"
        lines.append(f"{place}. {esc(item.label)} <i>({esc(area)})</i>: {item.count}{groups}")
    return lines


def feedback_blocks(feedback: Feedback, *, today: date, where: dict[str, str]) -> list[str]:
    """The terugkoppeling as HTML blocks, each valid on its own (they are packed into as few
    messages as fit)."""
    blocks = [
        f"🔁 <b>Terugkoppeling · {titles(feedback.groups)}</b>\n"
        "De conclusies van alle groepen samen. Wie wat antwoordde, blijft in de eigen groep."
    ]
    if feedback.keywords:
        lines = ["🏷 <b>Steekwoorden</b>"]
        lines += [
            f"• <i>{esc(group)}</i>: " + ", ".join(esc(word) for word in words)
            for group, words in feedback.keywords
        ]
        blocks.append("\n".join(lines))
    if feedback.competences:
        lines = ["🏆 <b>Competenties, alle markeringen samen</b>"]
        blocks.append("\n".join(lines + _ranked(feedback.competences)))
    for heading, items in (
        ("Activiteiten die jullie al doen", feedback.activities_current),
        ("Activiteiten die jullie interessant vinden", feedback.activities_new),
    ):
        if items:
            blocks.append("\n".join([f"🎯 <b>{heading}</b>", *_ranked(items, where)]))
    if feedback.actions:
        lines = ["📝 <b>Acties</b>"]
        for title, action in feedback.actions:
            when = "klaar" if action.done else format_date_nl(action.deadline, today=today)
            icon = "✅" if action.done else ("⚠️" if action.deadline < today else "⏳")
            owner = esc(action.owner) if action.owner else "nog zonder trekker"
            lines.append(
                f"{icon} {esc(' '.join(action.what.split()))} · {owner} · {when} · "
                f"<i>{esc(title)}</i>"
            )
        blocks.append("\n".join(lines))
    else:
        blocks.append("📝 <b>Acties</b>\nNog geen acties vastgelegd.")
    lines = ["⏳ <b>Nog open per groep</b>"]
    for group in feedback.still_open:
        parts = [f"{group.open} open"]
        if group.late:
            parts.append(f"{group.late} te laat")
        if group.state in STATE_WORDS:
            parts.append(STATE_WORDS[group.state])
        lines.append(f"• {esc(group.title)}: {', '.join(parts)}")
    blocks.append("\n".join(lines))
    return blocks


def brief_linked_line(others: Sequence[tuple[str, int, int]]) -> str:
    """One line in a linked group's team-meeting brief: the other sub-groups' open actions,
    counted (no names)."""
    parts = [
        f"{esc(title)}: {open_count} open" + (f", {late} te laat" if late else "")
        for title, open_count, late in others
    ]
    return "🔗 De andere groepen van het team · " + " · ".join(parts)


TEAM_POSTER_CAPTION = (
    "🖼 <b>De poster van het hele team</b> · de conclusies van alle gekoppelde groepen samen. "
    "De poster van alleen deze groep krijg je met /poster eigen."
)
TEAM_POSTER_PDF_CAPTION = "De poster van het hele team als PDF, op A3 liggend te printen."
OWNER_IN_GROUP = "{owner} · {group}"
OWN_POSTER_WORDS = ("eigen", "groep")
