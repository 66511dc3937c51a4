"""Data models for the card deck of the work session.

The deck is plain data (YAML files in ``prompts/deck``); these models define
its shape and the per-field rules. Cross-file rules (step numbering, unique
keys, ``marks`` pointing at a non-empty list) live in :mod:`prompts.loader`,
which also turns validation errors into one readable line per problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictInt,
    StrictStr,
    field_validator,
)

MIN_HULPVRAGEN = 5
MAX_HULPVRAGEN = 8
MAX_KEY_LENGTH = 16  # keys end up in Telegram callback data (64 bytes max)
MAX_LABEL_LENGTH = 40  # labels end up on inline keyboard buttons

MARKS = ("competenties", "activiteiten")
WHERE = ("buitenland", "eigen_land")

_SLUG_RE = re.compile(rf"[a-z0-9_]{{1,{MAX_KEY_LENGTH}}}")
_URL_RE = re.compile(r"https?://[^\s/]+\.[^\s]+")


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a slug (lowercase letters, digits, underscore; "
            f"at most {MAX_KEY_LENGTH} characters)"
        )
    return value


MAX_SHORT_LABEL_LENGTH = 16


def _at_most(limit: int, why: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = _text(value)
        if len(value) > limit:
            raise ValueError(
                f"too long ({len(value)} characters, at most {limit} so {why}): {value!r}"
            )
        return value

    return check


_label = _at_most(MAX_LABEL_LENGTH, "it fits on a button")
_short_label = _at_most(MAX_SHORT_LABEL_LENGTH, "two fit side by side on a phone")


def _positive(value: int) -> int:
    if value < 1:
        raise ValueError(f"must be a positive whole number, found {value}")
    return value


def _url(value: str) -> str:
    value = value.strip()
    if not _URL_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not a web address (should start with https://)")
    return value


Text = Annotated[StrictStr, AfterValidator(_text)]
Slug = Annotated[StrictStr, AfterValidator(_slug)]
Label = Annotated[StrictStr, AfterValidator(_label)]
ShortLabel = Annotated[StrictStr, AfterValidator(_short_label)]
PositiveInt = Annotated[StrictInt, AfterValidator(_positive)]
Url = Annotated[StrictStr, AfterValidator(_url)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Resource(_Frozen):
    """A hulpbron: something the team can look at or use during a step.

    Nuffic's own materials live in the deck's ``hulpbronnen.yaml`` with a key, and a step
    names them with ``ref``; a host fills in the ``url`` of those it knows. Without a url,
    ``search`` says what to look for on ``site``, so the team can still find it: the bot
    never makes up an address."""

    key: Slug | None = None
    title: Text
    url: Url | None = None
    search: Text | None = None
    site: Text = "nuffic.nl"

    @property
    def nuffic(self) -> bool:
        """One of Nuffic's materials (from hulpbronnen.yaml), not a local one such as the
        teamplan."""
        return self.key is not None


class Step(_Frozen):
    """One of the steps (cards) of the work session."""

    number: PositiveInt
    key: Slug
    title: Text
    central_question: Text
    minutes: PositiveInt
    goal: Text
    instruction: Text
    instruction_text: Text
    resources: tuple[Resource, ...]
    hulpvragen: tuple[Text, ...]
    marks: Literal["competenties", "activiteiten"] | None = None
    # The outcomes go "in steekwoorden op de poster": keywords are proposed at its end.
    steekwoorden: bool = False
    # Agreements are recorded as actions (/actie); the plan per leerjaar closes the step.
    actions: bool = False
    tips: tuple[Text, ...] = ()

    @field_validator("hulpvragen")
    @classmethod
    def _check_hulpvragen(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) < MIN_HULPVRAGEN:
            raise ValueError(f"needs at least {MIN_HULPVRAGEN} questions, found {len(value)}")
        if len(value) > MAX_HULPVRAGEN:
            raise ValueError(f"allows at most {MAX_HULPVRAGEN} questions, found {len(value)}")
        seen: dict[str, int] = {}
        for index, question in enumerate(value):
            norm = " ".join(question.lower().split())
            if norm in seen:
                raise ValueError(
                    f"question [{index}] is a duplicate of question [{seen[norm]}]: {question!r}"
                )
            seen[norm] = index
        return value


class Component(_Frozen):
    """One of the three components of Nuffic's model of international competences."""

    key: Slug
    label: Text
    description: Text


class Competence(_Frozen):
    """An internationale competentie a team can mark in the competences step."""

    key: Slug
    label: Label
    component: Slug


class Activity(_Frozen):
    """An internationaliseringsactiviteit a team can mark in the activities step."""

    key: Slug
    label: Label
    # On its button (the board lists the label in full). Without one the button shows the
    # label, on a row of its own when it is too long to share one.
    short: ShortLabel | None = None
    where: Literal["buitenland", "eigen_land"]
    # The components of the model it builds most, strongest first.
    components: tuple[Slug, ...]
    for_teachers: bool = False

    @field_validator("components")
    @classmethod
    def _check_components(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("needs at least one component")
        if len(set(value)) != len(value):
            raise ValueError("names a component twice")
        return value


class Deck(_Frozen):
    """The whole card deck. Build it with :func:`prompts.load_deck`."""

    steps: tuple[Step, ...]
    components: tuple[Component, ...] = ()
    competences: tuple[Competence, ...] = ()
    activities: tuple[Activity, ...] = ()
    resources: tuple[Resource, ...] = ()

    def step(self, number: int) -> Step:
        """Return the step with this number; ``KeyError`` if there is none."""
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(f"no step {number} in the deck (steps 1..{len(self.steps)})")

    @property
    def hulpvragen_count(self) -> int:
        return sum(len(step.hulpvragen) for step in self.steps)

    def component(self, key: str) -> Component:
        """Return the component with this key; ``KeyError`` if unknown."""
        for item in self.components:
            if item.key == key:
                return item
        raise KeyError(f"unknown component key {key!r}")
