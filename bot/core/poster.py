"""What goes on the filled-in poster: which items fit each of the five panels, shortened how.

Pure: plain dataclasses in, plain dataclasses out. The typesetter (bot.services.documents)
only draws what this decides. The panel sizes below are the template's geometry, counted
in lines and characters of its body text; the estimate is conservative and the template
clips as a last resort, so a panel never overflows (the layout tests check both).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

ELLIPSIS = "…"


@dataclass(frozen=True)
class Entry:
    """One item on the poster: an answer, a keyword, a marked competence, an action."""

    text: str
    who: str | None = None  # the author or owner, shown in bold before the text
    note: str | None = None  # a small second line (deadline, leerjaar, what is needed)
    marks: int = 0  # how many members marked it, shown as dots
    when: str | None = None  # an action's deadline, as shown
    tag: str | None = None  # an action's leerjaar


@dataclass(frozen=True)
class Group:
    """A heading with its entries. `style` tells the template how to draw them:
    "list" (one entry a line), "chips" (keywords side by side), "marks" (with dots),
    "actions" (who, what, and a note line)."""

    heading: str | None
    entries: tuple[Entry, ...]
    style: str = "list"
    more: int = 0  # entries left out for lack of room


@dataclass(frozen=True)
class StepContent:
    number: int
    title: str
    central_question: str
    groups: tuple[Group, ...]
    placeholder: str = ""  # shown when the step has nothing to show


@dataclass(frozen=True)
class Labels:
    """The words the poster's structure needs (bot.texts has them; the core has none)."""

    keywords: str
    from_talk: str  # heading of the answers beside the keywords of step 2
    plan: str
    current: str  # "doen we al"
    wished: str  # "lijkt ons interessant"
    where: dict[str, str]  # "buitenland" / "eigen_land" -> caption
    placeholders: dict[int, str]  # per step number
    placeholder: str  # for any other step


@dataclass(frozen=True)
class PosterData:
    title: str
    team: str
    day: date
    chair: str
    participants: tuple[str, ...]
    steps: tuple[StepContent, ...]


@dataclass(frozen=True)
class PanelSize:
    """Room for content in a panel, in body lines of `chars` average characters."""

    lines: int
    chars: int


@dataclass(frozen=True)
class Panel:
    number: int
    title: str
    central_question: str
    groups: tuple[Group, ...]
    placeholder: str | None = None
    # Grid placement, from the template's point of view: column span of the panel.
    span: int = 1


@dataclass(frozen=True)
class Poster:
    title: str
    team: str
    day: date
    chair: str
    participants: str
    panels: tuple[Panel, ...]


# The template's grid (A3 landscape): steps 1-3 on the top row, one column each; step 4 one
# column and step 5 two columns on the bottom row. Counted for 11 pt Noto Sans in a
# 120 mm column, with a margin for wide letters and capitals.
PANEL_SIZES: dict[int, PanelSize] = {
    1: PanelSize(lines=18, chars=60),
    2: PanelSize(lines=18, chars=60),
    3: PanelSize(lines=18, chars=60),
    4: PanelSize(lines=22, chars=60),
    5: PanelSize(lines=22, chars=140),
}
DEFAULT_SIZE = PanelSize(lines=18, chars=60)
SPANS = {5: 2}

# Longest entry, in lines, so one long answer never takes a whole panel.
MAX_ENTRY_LINES = 3
MAX_KEYWORD_CHARS = 40
MAX_PARTICIPANTS_CHARS = 160


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters on one line, cut at a word boundary with an ellipsis.
    A single word longer than the limit (a URL) is the only thing cut inside a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    room = max(1, limit - len(ELLIPSIS))
    cut = flat[: room + 1]
    space = cut.rfind(" ")
    if space > room // 3:
        cut = cut[:space]
    else:
        cut = cut[:room]
    return cut.rstrip(" ,.;:-–") + ELLIPSIS


# Share of a panel's width per column of the action table (who, what, what is needed).
ACTION_COLUMNS = {"who": 0.13, "what": 0.45, "note": 0.22}


def _entry_lines(entry: Entry, group: Group, chars: int) -> float:
    if group.style == "actions":
        widths = {k: math.floor(chars * share) for k, share in ACTION_COLUMNS.items()}
        # A table row has padding: half a line more than its text.
        return 0.5 + max(
            1,
            math.ceil(len(entry.who or "") / widths["who"]),
            math.ceil(len(entry.text) / widths["what"]),
            math.ceil(len(entry.note or "") / widths["note"]),
        )
    head = f"{entry.who}: " if entry.who else ""
    dots = 6 if entry.marks else 0
    lines = math.ceil((len(head) + len(entry.text) + dots) / chars) or 1
    if entry.note:
        lines += math.ceil(len(entry.note) / math.floor(chars * 1.15)) or 1
    return lines


def _chip_lines(entries: Iterable[Entry], chars: int) -> int:
    """Lines a row of chips takes, flowed greedily as the template does."""
    lines, used = 0, chars
    for entry in entries:
        width = len(entry.text) + 4
        if used + width > chars:
            lines += 1
            used = 0
        used += width
    # Chips are taller than a text line.
    return math.ceil(lines * 1.4)


def _trimmed(entry: Entry, group: Group, chars: int) -> Entry:
    if group.style == "actions":
        widths = {k: math.floor(chars * share) for k, share in ACTION_COLUMNS.items()}
        return replace(
            entry,
            who=shorten(entry.who or "", widths["who"]),
            text=shorten(entry.text, widths["what"] * 2),
            note=shorten(entry.note, widths["note"] * 2) if entry.note else None,
        )
    head = len(entry.who) + 2 if entry.who else 0
    text_room = max(12, chars * MAX_ENTRY_LINES - head)
    return replace(
        entry,
        text=shorten(entry.text, text_room),
        who=shorten(entry.who, 40) if entry.who else None,
        note=shorten(entry.note, chars) if entry.note else None,
    )


def _group_cost(group: Group, entries: Sequence[Entry], left_out: int, chars: int) -> float:
    cost: float = 1 if group.heading else 0
    if group.style == "actions" and entries:
        cost += 1.5  # the table's header row
    if group.style == "chips":
        cost += _chip_lines(entries, chars)
    else:
        cost += sum(_entry_lines(e, group, chars) for e in entries)
    if left_out:
        cost += 1
    return cost


def fit_groups(groups: Sequence[Group], size: PanelSize) -> tuple[Group, ...]:
    """Take entries from every group in turn (so each heading shows its first items) until
    the panel is full; what is left out is counted on a "+N meer" line."""
    trimmed = [
        [
            replace(e, text=shorten(e.text, MAX_KEYWORD_CHARS))
            if g.style == "chips"
            else _trimmed(e, g, size.chars)
            for e in g.entries
        ]
        for g in groups
    ]
    taken = [0] * len(groups)
    # Empty groups are not shown at all.
    shown = [i for i, entries in enumerate(trimmed) if entries]

    def cost_with(counts: list[int]) -> float:
        return sum(
            _group_cost(groups[i], trimmed[i][: counts[i]], len(trimmed[i]) - counts[i], size.chars)
            for i in shown
        )

    progressed = True
    while progressed:
        progressed = False
        for i in shown:
            if taken[i] >= len(trimmed[i]):
                continue
            trial = list(taken)
            trial[i] += 1
            if cost_with(trial) <= size.lines:
                taken = trial
                progressed = True
    return tuple(
        replace(
            groups[i],
            entries=tuple(trimmed[i][: taken[i]]),
            more=len(trimmed[i]) - taken[i],
        )
        for i in shown
    )


def telling_answers(answers: Sequence[tuple[str, str]], *, short: int = 180) -> tuple[Entry, ...]:
    """The most telling short answers first: each member's fullest answer that is still
    short, so every voice is heard before anyone's second answer; long ones come last."""

    def rank(item: tuple[str, str]) -> tuple[int, int]:
        text = " ".join(item[1].split())
        fits = len(text) <= short
        return (0 if fits else 1, -len(text) if fits else len(text))

    by_author: dict[str, list[tuple[str, str]]] = {}
    for author, text in answers:
        if text.strip():
            by_author.setdefault(author, []).append((author, text))
    for items in by_author.values():
        items.sort(key=rank)
    rounds: list[tuple[str, str]] = []
    depth = 0
    while any(len(items) > depth for items in by_author.values()):
        layer = [items[depth] for items in by_author.values() if len(items) > depth]
        rounds += sorted(layer, key=rank)
        depth += 1
    return tuple(Entry(text=" ".join(text.split()), who=author) for author, text in rounds)


def layout(data: PosterData) -> Poster:
    """Decide what each panel shows."""
    panels = []
    for step in data.steps:
        size = PANEL_SIZES.get(step.number, DEFAULT_SIZE)
        groups = fit_groups(step.groups, size)
        empty = not any(g.entries for g in groups)
        panels.append(
            Panel(
                number=step.number,
                title=step.title,
                central_question=step.central_question,
                groups=() if empty else groups,
                placeholder=step.placeholder if empty else None,
                span=SPANS.get(step.number, 1),
            )
        )
    names = ", ".join(" ".join(name.split()) for name in data.participants)
    return Poster(
        title=data.title,
        team=shorten(data.team, 80),
        day=data.day,
        chair=shorten(data.chair, 40),
        participants=shorten(names, MAX_PARTICIPANTS_CHARS) if names else "–",
        panels=tuple(panels),
    )


@dataclass(frozen=True)
class PosterAction:
    owner: str
    what: str
    deadline: date | None = None
    leerjaar: str | None = None
    needs: str | None = None


@dataclass(frozen=True)
class MarkedItem:
    label: str
    marks: int
    area: str = ""  # competence area, or "buitenland" / "eigen_land" for an activity


@dataclass(frozen=True)
class SessionFacts:
    """What a session produced, as the poster needs it (built by the service)."""

    team: str
    day: date
    chair: str
    participants: tuple[str, ...]
    # step number -> (title, central question)
    steps: tuple[tuple[int, str, str], ...]
    answers: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    keywords: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # The competence model's areas in their order, each with its marked competences.
    competence_areas: tuple[str, ...] = ()
    competences: tuple[MarkedItem, ...] = ()
    activities_current: tuple[MarkedItem, ...] = ()
    activities_new: tuple[MarkedItem, ...] = ()
    actions: tuple[PosterAction, ...] = ()


def _marked(items: Iterable[MarkedItem]) -> tuple[Entry, ...]:
    ordered = sorted((i for i in items if i.marks > 0), key=lambda i: (-i.marks, i.label))
    return tuple(Entry(text=i.label, marks=i.marks) for i in ordered)


def step_groups(number: int, facts: SessionFacts, labels: Labels) -> tuple[Group, ...]:
    """Per step what the paper poster holds: answers (1), keywords (2, 5), marked
    competences per area (3), activities done and wished, abroad and at home (4), the
    action plan (5). Without keywords a step shows its telling answers instead."""
    keywords = tuple(Entry(text=k) for k in facts.keywords.get(number, ()) if k.strip())
    answers = telling_answers(facts.answers.get(number, ()))
    keyword_group = Group(labels.keywords, keywords, style="chips")
    if number == 1:
        return (Group(None, answers), keyword_group)
    if number == 2:
        return (keyword_group, Group(labels.from_talk if keywords else None, answers))
    if number == 3:
        areas = facts.competence_areas or tuple(dict.fromkeys(c.area for c in facts.competences))
        return (
            *(
                Group(area, _marked(c for c in facts.competences if c.area == area), "marks")
                for area in areas
            ),
            keyword_group,
        )
    if number == 4:
        return (
            *(
                Group(
                    f"{heading} · {labels.where[where]}",
                    _marked(a for a in items if a.area == where),
                    "marks",
                )
                for heading, items in (
                    (labels.current, facts.activities_current),
                    (labels.wished, facts.activities_new),
                )
                for where in ("buitenland", "eigen_land")
            ),
            keyword_group,
        )
    if number == 5:
        plan = tuple(
            Entry(
                text=a.what,
                who=a.owner,
                note=a.needs,
                when=a.deadline.strftime("%d-%m-%Y") if a.deadline else None,
                tag=a.leerjaar,
            )
            for a in sorted(facts.actions, key=lambda a: (a.deadline or date.max, a.what))
        )
        return (keyword_group, Group(labels.plan, plan, style="actions"))
    return (keyword_group, Group(None, answers))


def poster_data(facts: SessionFacts, *, title: str, labels: Labels) -> PosterData:
    return PosterData(
        title=title,
        team=facts.team,
        day=facts.day,
        chair=facts.chair,
        participants=facts.participants,
        steps=tuple(
            StepContent(
                number,
                step_title,
                question,
                step_groups(number, facts, labels),
                labels.placeholders.get(number, labels.placeholder),
            )
            for number, step_title, question in facts.steps
        ),
    )
