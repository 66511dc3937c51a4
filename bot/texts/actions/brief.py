"""The action plan in words: an action on one line, the /acties list, and the sections of
the chair's brief (bot.core.actions.brief decides what goes in)."""

from __future__ import annotations

from datetime import date

from bot.core.actions.brief import ActionItem, Brief, Change, Counts, Decision, Decisions, State
from bot.texts.actions.actions import (
    NEEDS,
    NO_ACTIONS_YET,
    NO_OWNER,
    days_left,
    leerjaar_label,
    needs_text,
)
from bot.texts.calendar.dates import format_date_nl
from bot.texts.formatting import esc

Section = tuple[str, tuple[str, ...]]  # (heading, plain-text lines)

ICONS = {State.DONE: "✅", State.OPEN: "⏳", State.LATE: "⚠️"}
HELP_ICON = "🆘"
LIST_HEADINGS = {State.LATE: "⚠️ Te laat", State.OPEN: "⏳ Open", State.DONE: "✅ Klaar"}
NO_CHANGES = "Geen veranderingen."
NOTHING_TO_DECIDE = "Niets: alles loopt volgens plan."


def action_line(item: ActionItem, today: date) -> str:
    """One action on one line, plain text: icon, number, what, who, when, needs."""
    state = item.state(today)
    parts = [f"{ICONS[state]} #{item.number} {item.what}", item.owner or NO_OWNER]
    if state == State.DONE:
        parts.append("klaar")
    else:
        when = format_date_nl(item.deadline, today=today)
        parts.append(f"{when} ({days_left(item.deadline, today)})")
    needs = needs_text(item.needs, item.needs_note)
    if needs and state != State.DONE:
        parts.append(f"nodig: {needs}")
    if item.leerjaar:
        parts.append(leerjaar_label(item.leerjaar).lower())
    if item.activity:
        parts.append(f"activiteit: {' '.join(item.activity.split())}")
    line = " · ".join(parts)
    if item.help_asked and state != State.DONE:
        line += f" · {HELP_ICON} hulp gevraagd"
    return line


def counts_text(counts: Counts) -> str:
    parts = [f"{counts.done} klaar", f"{counts.open} open", f"{counts.late} te laat"]
    if counts.help_asked:
        parts.append(f"{counts.help_asked} hulp gevraagd")
    return " · ".join(parts)


def list_blocks(groups: dict[State, list[ActionItem]], today: date) -> list[str]:
    """The /acties list as HTML blocks, one per state (see bot.core.actions.brief.ordered)."""
    blocks = []
    for state, group in groups.items():
        if group:
            lines = [f"<b>{LIST_HEADINGS[state]} ({len(group)})</b>"]
            lines += [esc(action_line(item, today)) for item in group]
            blocks.append("\n".join(lines))
    return blocks


def change_line(change: Change, item: ActionItem, today: date) -> str:
    what = f"#{item.number} {item.what}"
    if change == Change.NEW_DEADLINE:
        return f"Nieuwe deadline ({format_date_nl(item.deadline, today=today)}): {what}"
    label = {
        Change.NEW: "Nieuw",
        Change.DONE: "Klaar",
        Change.LATE: "Te laat geraakt",
        Change.HELP: "Hulp gevraagd",
        Change.REOPENED: "Weer open",
    }[change]
    return f"{label}: {what}"


def decision_lines(decisions: Decisions, today: date) -> tuple[str, ...]:
    lines = []
    for decision, item in decisions.items:
        what = f"#{item.number} {item.what}"
        if decision == Decision.HELP:
            needs = needs_text(item.needs, item.needs_note)
            lines.append(
                f"{HELP_ICON} {what}: {item.owner or 'De trekker'} vraagt hulp"
                + (f" (nodig: {needs})." if needs else ".")
            )
        elif decision == Decision.LATE:
            when = format_date_nl(item.deadline, today=today)
            lines.append(
                f"⚠️ {what} is te laat (deadline {when}): een nieuwe datum, hulp of schrappen?"
            )
        else:
            lines.append(f"👤 {what} heeft nog geen trekker.")
    if decisions.needed:
        needed = ", ".join(f"{NEEDS.get(key, key)} ({n})" for key, n in decisions.needed)
        lines.append(f"🧰 Nodig voor de open acties: {needed}.")
    return tuple(lines) or (NOTHING_TO_DECIDE,)


def brief_sections(brief: Brief) -> tuple[Section, ...]:
    """The brief's first part, before the answers per step."""
    today = brief.today
    result: list[Section] = []
    if brief.items:
        lines = tuple(action_line(item, today) for item in brief.items)
        result.append((f"Acties: {counts_text(brief.counts)}", lines))
        result.append(("Om te beslissen", decision_lines(brief.decisions, today)))
        if brief.changes is not None:
            since = (
                f" van {format_date_nl(brief.previous_on, today=today)}"
                if brief.previous_on
                else ""
            )
            changed = tuple(change_line(change, item, today) for change, item in brief.changes)
            result.append((f"Sinds de vorige samenvatting{since}", changed or (NO_CHANGES,)))
    else:
        result.append(("Acties", (NO_ACTIONS_YET,)))
    if brief.chosen_activities:
        chosen = tuple(f"{label} ({count})" for label, count in brief.chosen_activities)
        result.append(("Interessant gevonden in stap 4", chosen))
    return tuple(result)
