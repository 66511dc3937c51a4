"""The action plan as plain data: each action's state, the /acties list, and the sections of
the chair's brief for the team meeting (what is done, open and late, what changed since the
last summary, what needs a decision). Pure: the caller passes `today`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot import texts
from bot.core.deadlines import format_date_nl

Section = tuple[str, tuple[str, ...]]  # (heading, plain-text lines)

DONE, OPEN, LATE, HELP = "done", "open", "late", "help"
ICONS = {DONE: "✅", OPEN: "⏳", LATE: "⚠️"}
HELP_ICON = "🆘"


@dataclass(frozen=True)
class ActionItem:
    number: int
    text: str
    owner: str | None  # display name; None when nobody owns it
    deadline: date
    done: bool = False
    help_asked: bool = False
    needs: tuple[str, ...] = ()  # keys of texts.NEEDS
    needs_note: str | None = None
    leerjaar: str | None = None

    @classmethod
    def of(cls, action, *, owner: str | None) -> ActionItem:
        """From a stored action (anything with the fields of storage.models.Action)."""
        return cls(
            number=action.number,
            text=action.text,
            owner=owner,
            deadline=action.deadline,
            done=action.status == "done",
            help_asked=action.help_asked_at is not None,
            needs=tuple(action.needs or ()),
            needs_note=action.needs_note,
            leerjaar=action.leerjaar,
        )

    def state(self, today: date) -> str:
        if self.done:
            return DONE
        return LATE if self.deadline < today else OPEN

    def snapshot_state(self, today: date) -> str:
        """What a summary remembers: help asked counts as its own state until done."""
        state = self.state(today)
        return HELP if state != DONE and self.help_asked else state


needs_text = texts.needs_text


def action_line(item: ActionItem, today: date) -> str:
    """One action on one line, plain text: icon, number, what, who, when, needs."""
    state = item.state(today)
    parts = [f"{ICONS[state]} #{item.number} {' '.join(item.text.split())}"]
    parts.append(item.owner or texts.NO_OWNER)
    if state == DONE:
        parts.append("klaar")
    else:
        when = format_date_nl(item.deadline, today=today)
        parts.append(f"{when} ({texts.days_left(item.deadline, today)})")
    needs = needs_text(item.needs, item.needs_note)
    if needs and state != DONE:
        parts.append(f"nodig: {needs}")
    if item.leerjaar:
        parts.append(texts.leerjaar_label(item.leerjaar).lower())
    line = " · ".join(parts)
    if item.help_asked and state != DONE:
        line += f" · {HELP_ICON} hulp gevraagd"
    return line


def _ordered(items: Sequence[ActionItem], today: date) -> dict[str, list[ActionItem]]:
    groups: dict[str, list[ActionItem]] = {LATE: [], OPEN: [], DONE: []}
    for item in items:
        groups[item.state(today)].append(item)
    groups[LATE].sort(key=lambda i: (i.deadline, i.number))
    groups[OPEN].sort(key=lambda i: (i.deadline, i.number))
    groups[DONE].sort(key=lambda i: i.number)
    return groups


def counts_text(items: Sequence[ActionItem], today: date) -> str:
    states = Counter(item.state(today) for item in items)
    helped = sum(1 for i in items if i.help_asked and i.state(today) != DONE)
    parts = [f"{states[DONE]} klaar", f"{states[OPEN]} open", f"{states[LATE]} te laat"]
    if helped:
        parts.append(f"{helped} hulp gevraagd")
    return " · ".join(parts)


def list_blocks(items: Sequence[ActionItem], today: date) -> list[str]:
    """The /acties list as HTML blocks: late first, then open, then done."""
    headings = {LATE: "⚠️ Te laat", OPEN: "⏳ Open", DONE: "✅ Klaar"}
    blocks = []
    for state, group in _ordered(items, today).items():
        if group:
            lines = [f"<b>{headings[state]} ({len(group)})</b>"]
            lines += [texts.esc(action_line(item, today)) for item in group]
            blocks.append("\n".join(lines))
    return blocks


def snapshot(items: Sequence[ActionItem], today: date) -> dict[str, str]:
    return {str(item.number): item.snapshot_state(today) for item in items}


def changes(
    items: Sequence[ActionItem], today: date, previous: Mapping[str, str]
) -> tuple[str, ...]:
    lines = []
    for item in sorted(items, key=lambda i: i.number):
        before, now = previous.get(str(item.number)), item.snapshot_state(today)
        what = " ".join(item.text.split())
        if before is None:
            lines.append(f"Nieuw: #{item.number} {what}")
        elif before == now:
            continue
        elif now == DONE:
            lines.append(f"Klaar: #{item.number} {what}")
        elif now == LATE:
            lines.append(f"Te laat geraakt: #{item.number} {what}")
        elif now == HELP:
            lines.append(f"Hulp gevraagd: #{item.number} {what}")
        elif before == DONE:
            lines.append(f"Weer open: #{item.number} {what}")
        elif before == LATE:
            when = format_date_nl(item.deadline, today=today)
            lines.append(f"Nieuwe deadline ({when}): #{item.number} {what}")
    return tuple(lines) or ("Geen veranderingen.",)


def decisions(items: Sequence[ActionItem], today: date) -> tuple[str, ...]:
    lines = []
    open_items = [i for i in items if i.state(today) != DONE]
    for item in sorted(open_items, key=lambda i: (i.deadline, i.number)):
        what = " ".join(item.text.split())
        if item.help_asked:
            who = item.owner or "De eigenaar"
            needs = needs_text(item.needs, item.needs_note)
            lines.append(
                f"{HELP_ICON} #{item.number} {what}: {who} vraagt hulp"
                + (f" (nodig: {needs})." if needs else ".")
            )
        if item.state(today) == LATE:
            when = format_date_nl(item.deadline, today=today)
            lines.append(
                f"⚠️ #{item.number} {what} is te laat (deadline {when}): "
                "een nieuwe datum, hulp of schrappen?"
            )
        if item.owner is None:
            lines.append(f"👤 #{item.number} {what} heeft nog geen eigenaar.")
    needed = Counter(key for item in open_items for key in item.needs)
    if needed:
        lines.append(
            "🧰 Nodig voor de open acties: "
            + ", ".join(f"{texts.NEEDS.get(k, k)} ({n})" for k, n in needed.most_common())
            + "."
        )
    return tuple(lines) or ("Niets: alles loopt volgens plan.",)


def sections(
    items: Sequence[ActionItem],
    today: date,
    *,
    chosen_activities: Sequence[tuple[str, int]] = (),
    previous: Mapping[str, str] | None = None,
    previous_on: date | None = None,
) -> tuple[Section, ...]:
    """The brief's first part, before the answers per step."""
    result: list[Section] = []
    if items:
        ordered = _ordered(items, today)
        lines = tuple(action_line(item, today) for group in ordered.values() for item in group)
        result.append((f"Acties: {counts_text(items, today)}", lines))
        result.append(("Om te beslissen", decisions(items, today)))
        if previous is not None:
            since = f" van {format_date_nl(previous_on, today=today)}" if previous_on else ""
            result.append((f"Sinds de vorige samenvatting{since}", changes(items, today, previous)))
    else:
        result.append(("Acties", (texts.NO_ACTIONS_YET,)))
    if chosen_activities:
        result.append(
            (
                "Activiteiten die jullie interessant vinden",
                tuple(f"{label} ({count})" for label, count in chosen_activities),
            )
        )
    return tuple(result)
