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
    """One item on the poster: a keyword, a competence or activity with its marks, an action."""

    text: str
    who: str | None = None  # an action's owner: the only name the poster shows
    note: str | None = None  # what an action needs
    marks: int = 0  # how many members marked it, shown as a number in a badge
    when: str | None = None  # an action's deadline, as shown
    tag: str | None = None  # an action's leerjaar
    link: str | None = None  # the activity an action carries out
    done: bool = False  # an action that is done
    own: bool = False  # an item the team added to a board itself


@dataclass(frozen=True)
class Group:
    """A heading with its entries. `style` tells the template how to draw them:
    "chips" (keywords side by side), "marks" (with their count), "model" (one component
    of Nuffic's model, every competence with its marks), "actions" (the action plan),
    "done" (the actions that are done, one a line with their owner).
    Groups with a `column` (1, 2, ...) stand side by side, each column stacking its groups;
    the others (column 0) follow at full width."""

    heading: str | None
    entries: tuple[Entry, ...]
    style: str = "marks"
    more: int = 0  # entries left out for lack of room
    column: int = 0
    keep_empty: bool = False  # drawn even without entries (a component of the model)


@dataclass(frozen=True)
class PosterResource:
    """One of Nuffic's materials: a QR code and a short address when its URL is known,
    otherwise where to find it."""

    title: str
    url: str | None = None
    find: str | None = None


@dataclass(frozen=True)
class StepContent:
    number: int
    title: str
    central_question: str
    groups: tuple[Group, ...]
    placeholder: str = ""  # shown when the step has nothing to show
    resources: tuple[PosterResource, ...] = ()


@dataclass(frozen=True)
class Labels:
    """The words the poster's structure needs (bot.texts has them; the core has none)."""

    keywords: str
    plan: str
    current: str  # "doen we al"
    wished: str  # "lijkt ons interessant"
    done: str  # heading of the actions that are done
    where: dict[str, str]  # "buitenland" / "eigen_land" -> caption
    placeholders: dict[int, str]  # per step number
    placeholder: str  # for any other step


@dataclass(frozen=True)
class PosterData:
    title: str
    team: str
    day: date
    participants: int
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
    resources: tuple[PosterResource, ...] = ()


@dataclass(frozen=True)
class Poster:
    title: str
    team: str
    day: date
    participants: int
    panels: tuple[Panel, ...]


# The template's grid (A3 landscape): steps 1, 2 and 3 on the top row (3 the widest, for
# the model), steps 4 and 5 on the bottom row. Counted for 12 pt Noto Sans (body text,
# readable from a metre) in each panel's width, with a margin for wide letters and
# capitals; resources take their lines from this room (`resource_lines`).
PANEL_SIZES: dict[int, PanelSize] = {
    1: PanelSize(lines=19, chars=28),
    2: PanelSize(lines=19, chars=40),
    3: PanelSize(lines=19, chars=96),
    4: PanelSize(lines=25, chars=62),
    5: PanelSize(lines=25, chars=114),
}
DEFAULT_SIZE = PanelSize(lines=17, chars=40)

# Longest entry, in lines, so one long item never takes a whole panel.
MAX_ENTRY_LINES = 3
MAX_KEYWORD_CHARS = 40
# A resource with a QR code is a square of this many body lines; one without is a line of
# smaller text per this many characters of the panel's width.
QR_LINES = 3.6
RESOURCE_TEXT_SHARE = 1.1
MAX_RESOURCE_CHARS = 90
QR_CHARS = 13  # the code's width, in characters of the text beside it
SMALL = 0.85  # height of a line of the strip's smaller text, in body lines
WIDE_CHARS = 60  # from this width on, the template sets codes and text side by side


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
ACTION_COLUMNS = {"who": 0.15, "what": 0.48, "note": 0.18}


def _entry_lines(entry: Entry, group: Group, chars: int) -> float:
    if group.style == "actions":
        widths = {k: math.floor(chars * share) for k, share in ACTION_COLUMNS.items()}
        # A table row has a little padding; the linked activity is a line of its own
        # under the action.
        return 0.25 + max(
            1.8 if entry.tag else 1,  # the deadline with the (smaller) leerjaar under it
            math.ceil(len(entry.who or "") / widths["who"]),
            math.ceil(len(entry.text) / widths["what"])
            + (math.ceil(len(entry.link) / widths["what"]) if entry.link else 0),
            math.ceil(len(entry.note or "") / widths["note"]),
        )
    if group.style == "done":
        return math.ceil((len(entry.text) + len(entry.who or "") + 6) / chars) or 1
    # Room for the marks (a number in a badge) beside the label, and the "eigen" tag.
    extra = 4 + (7 if entry.own else 0)
    return math.ceil((len(entry.text) + extra) / chars) or 1


def _chip_lines(entries: Iterable[Entry], chars: int) -> int:
    """Lines a row of chips takes, flowed greedily as the template does."""
    lines, used = 0, chars
    for entry in entries:
        width = len(entry.text) + 5
        if used + width > chars:
            lines += 1
            used = 0
        used += width
    # Chips are taller than a text line.
    return math.ceil(lines * 1.6)


def _trimmed(entry: Entry, group: Group, chars: int) -> Entry:
    if group.style == "chips":
        return replace(entry, text=shorten(entry.text, MAX_KEYWORD_CHARS))
    if group.style == "actions":
        widths = {k: math.floor(chars * share) for k, share in ACTION_COLUMNS.items()}
        return replace(
            entry,
            who=shorten(entry.who or "", widths["who"] * 2),
            text=shorten(entry.text, widths["what"] * 2),
            note=shorten(entry.note, widths["note"] * 2) if entry.note else None,
            link=shorten(entry.link, widths["what"]) if entry.link else None,
        )
    return replace(entry, text=shorten(entry.text, max(12, chars * MAX_ENTRY_LINES - 9)))


def _column_chars(groups: Sequence[Group], chars: int) -> int:
    columns = len({g.column for g in groups if g.column})
    # Each column loses a little to the gutter and, for the model, the component's box.
    return max(12, math.floor(chars / columns) - 4) if columns else chars


def _group_cost(group: Group, entries: Sequence[Entry], left_out: int, chars: int) -> float:
    cost: float = 0
    if group.heading:
        # A component's heading sits in its box; a long one wraps.
        cost += 1.5 if group.style == "model" else 1
        cost += max(0, math.ceil(len(group.heading) / chars) - 1)
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
    the panel is full; what is left out is counted on a "+N meer" line. Columns stand side
    by side, so the tallest one counts."""
    narrow = _column_chars(groups, size.chars)
    widths = [narrow if g.column else size.chars for g in groups]
    trimmed = [[_trimmed(e, g, w) for e in g.entries] for g, w in zip(groups, widths, strict=True)]
    taken = [0] * len(groups)
    # Empty groups are not shown at all, unless they are part of the drawing.
    shown = [i for i, entries in enumerate(trimmed) if entries or groups[i].keep_empty]

    def cost_with(counts: list[int]) -> float:
        costs = {
            i: _group_cost(groups[i], trimmed[i][: counts[i]], len(trimmed[i]) - counts[i],
                           widths[i])
            for i in shown
        }  # fmt: skip
        columns: dict[int, float] = {}
        for i in shown:
            if groups[i].column:
                columns[groups[i].column] = columns.get(groups[i].column, 0) + costs[i]
        full = sum(costs[i] for i in shown if not groups[i].column)
        return full + max(columns.values(), default=0)

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


def resource_lines(resources: Sequence[PosterResource], chars: int) -> float:
    """Body lines the panel's strip of Nuffic's materials takes: a row per QR code (its
    title and address beside it), a line or two of smaller text for each one without; a
    wide panel puts the two side by side."""
    if not resources:
        return 0
    coded = [r for r in resources if r.url]
    plain = [r for r in resources if not r.url]
    side_by_side = chars >= WIDE_CHARS and bool(coded) and bool(plain)
    room = math.floor(chars * RESOURCE_TEXT_SHARE / (2 if side_by_side else 1))
    beside = max(8, room - QR_CHARS)
    # Their text is smaller than the body: a line of it takes less height.
    code_lines = sum(
        max(
            QR_LINES,
            SMALL * (math.ceil(len(r.title) / beside) + math.ceil(len(r.url or "") / beside)),
        )
        for r in coded
    )
    text = SMALL * sum(math.ceil((len(r.title) + len(r.find or "") + 3) / room) for r in plain)
    # The heading, and a little air above it.
    return 1.4 + (max(code_lines, text) if side_by_side else code_lines + text)


def layout(data: PosterData) -> Poster:
    """Decide what each panel shows."""
    panels = []
    for step in data.steps:
        size = PANEL_SIZES.get(step.number, DEFAULT_SIZE)
        # A narrow panel gets shorter titles, so its materials never crowd out its content;
        # what to search for stays whole, or it would not be found.
        resources = tuple(
            replace(
                r,
                title=shorten(r.title, min(MAX_RESOURCE_CHARS, 2 * size.chars)),
                find=shorten(r.find, MAX_RESOURCE_CHARS) if r.find else None,
            )
            for r in step.resources
        )
        room = math.floor(size.lines - resource_lines(resources, size.chars))
        groups = fit_groups(step.groups, replace(size, lines=max(3, room)))
        # A step whose items did not fit still says how many there are, never "nothing".
        empty = not any(g.entries or g.more for g in groups)
        panels.append(
            Panel(
                number=step.number,
                title=step.title,
                central_question=step.central_question,
                groups=() if empty else groups,
                placeholder=step.placeholder if empty else None,
                resources=resources,
            )
        )
    return Poster(
        title=data.title,
        team=shorten(data.team, 80),
        day=data.day,
        participants=data.participants,
        panels=tuple(panels),
    )


@dataclass(frozen=True)
class PosterAction:
    owner: str
    what: str
    deadline: date | None = None
    leerjaar: str | None = None
    needs: str | None = None
    activity: str | None = None
    done: bool = False


@dataclass(frozen=True)
class MarkedItem:
    label: str
    marks: int
    area: str = ""  # competence area, or "buitenland" / "eigen_land" for an activity
    own: bool = False  # proposed by a member and put on the board by the chair


@dataclass(frozen=True)
class SessionFacts:
    """What a session produced, as the poster needs it (built by the service). No member's
    answers and no names but the actions' owners: the poster hangs on the team room's wall."""

    team: str
    day: date
    # step number -> (title, central question)
    steps: tuple[tuple[int, str, str], ...]
    participant_count: int = 0
    keywords: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # The competence model's areas in their order, and every competence with its marks.
    competence_areas: tuple[str, ...] = ()
    competences: tuple[MarkedItem, ...] = ()
    activities_current: tuple[MarkedItem, ...] = ()
    activities_new: tuple[MarkedItem, ...] = ()
    actions: tuple[PosterAction, ...] = ()
    # step number -> Nuffic's materials for that step
    resources: dict[int, tuple[PosterResource, ...]] = field(default_factory=dict)


def _marked(items: Iterable[MarkedItem], *, every: bool = False) -> tuple[Entry, ...]:
    """Most marked first; `every` keeps the unmarked ones too (the model shows them all),
    after the marked ones in the deck's order."""
    chosen = [i for i in items if every or i.marks > 0]
    ordered = sorted(chosen, key=lambda i: -i.marks)
    return tuple(Entry(text=i.label, marks=i.marks, own=i.own) for i in ordered)


def step_groups(number: int, facts: SessionFacts, labels: Labels) -> tuple[Group, ...]:
    """Per step what the paper poster holds: the team's own steekwoorden (1, 2, 5), Nuffic's
    model with every competence and its marks (3), the activities done and found
    interesting, abroad and in eigen land (4), the action plan (5). Never a member's answer:
    step 1 is a conversation, and the answers with their authors are in the documents."""
    keywords = tuple(Entry(text=k) for k in facts.keywords.get(number, ()) if k.strip())
    keyword_group = Group(labels.keywords, keywords, style="chips")
    if number == 3:
        areas = facts.competence_areas or tuple(dict.fromkeys(c.area for c in facts.competences))
        model = tuple(
            Group(
                area,
                _marked((c for c in facts.competences if c.area == area), every=True),
                "model",
                column=column,
                keep_empty=True,
            )
            for column, area in enumerate(areas, start=1)
        )
        # Drawn even before anything is marked: the model is printed on the toolkit's
        # poster, and a team can mark it by hand.
        return (*model, keyword_group)
    if number == 4:
        return (
            *(
                Group(
                    f"{heading} · {labels.where[where]}",
                    _marked(a for a in items if a.area == where),
                    "marks",
                    column=column,
                )
                for column, (heading, items) in enumerate(
                    (
                        (labels.current, facts.activities_current),
                        (labels.wished, facts.activities_new),
                    ),
                    start=1,
                )  # fmt: skip
                for where in ("buitenland", "eigen_land")
            ),
            keyword_group,
        )
    if number == 5:
        by_deadline = sorted(facts.actions, key=lambda a: (a.deadline or date.max, a.what))
        plan = tuple(
            Entry(
                text=a.what,
                who=a.owner,
                note=a.needs,
                when=a.deadline.strftime("%d-%m-%Y") if a.deadline else None,
                tag=a.leerjaar,
                link=a.activity,
            )
            for a in by_deadline
            if not a.done
        )
        # The done ones get their own short list: a long plan never pushes them off.
        done = tuple(Entry(text=a.what, who=a.owner, done=True) for a in by_deadline if a.done)
        return (
            keyword_group,
            Group(labels.plan, plan, style="actions"),
            Group(labels.done, done, style="done"),
        )
    return (keyword_group,)


def poster_data(facts: SessionFacts, *, title: str, labels: Labels) -> PosterData:
    return PosterData(
        title=title,
        team=facts.team,
        day=facts.day,
        participants=facts.participant_count,
        steps=tuple(
            StepContent(
                number,
                step_title,
                question,
                step_groups(number, facts, labels),
                labels.placeholders.get(number, labels.placeholder),
                facts.resources.get(number, ()),
            )
            for number, step_title, question in facts.steps
        ),
    )
