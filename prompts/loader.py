"""Load and validate the card deck from a directory of YAML files.

Layout of a deck directory (the default one is ``prompts/deck``; a school can
point ``PROMPTS_DIR`` at its own copy):

* ``stap1.yaml`` ... ``stapN.yaml``: one step each (see :class:`~prompts.models.Step`);
* ``competenties.yaml``: ``items:`` list of competences (optional file);
* ``activiteiten.yaml``: ``items:`` list of activities (optional file);
* ``hulpbronnen.yaml``: ``resources:`` list of Nuffic's materials with a key, an optional
  ``url`` and, without one, what to ``search`` for (optional file). A step lists one as
  ``- ref: <key>`` among its resources.

Every problem raises :class:`DeckError` with one English line of the form
``<file>: <field>: <problem>`` so the host's IT person can fix it quickly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError, field_validator

from .models import MARKS, Activity, Competence, Component, Deck, Resource, Step, _Frozen

DEFAULT_DECK_DIR: Path = Path(__file__).resolve().parent / "deck"

STEP_GLOB = "stap*.yaml"
COMPETENCES_FILE = "competenties.yaml"
ACTIVITIES_FILE = "activiteiten.yaml"
RESOURCES_FILE = "hulpbronnen.yaml"


class DeckError(ValueError):
    """The deck on disk is not usable. ``str(err)`` is one readable line."""

    def __init__(self, file: str, field: str | None, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        parts = [file, field, problem] if field else [file, problem]
        super().__init__(": ".join(parts))


class _CompetenceFile(_Frozen):
    components: tuple[Component, ...]
    items: tuple[Competence, ...]


class _ActivityFile(_Frozen):
    items: tuple[Activity, ...]


class _ResourceFile(_Frozen):
    resources: tuple[Resource, ...]

    @field_validator("resources")
    @classmethod
    def _check_resources(cls, value: tuple[Resource, ...]) -> tuple[Resource, ...]:
        for index, resource in enumerate(value):
            if resource.key is None:
                raise ValueError(f"[{index}] needs a key (a step names it with ref)")
            if resource.url is None and resource.search is None:
                raise ValueError(
                    f"[{index}] ({resource.key}) needs a url or, when the address is not "
                    "known, what to search for (search)"
                )
        return value


# --------------------------------------------------------------------------- YAML


# libyaml's parser when PyYAML has it (its wheels do): the deck is read at every start, and
# the pure-Python parser took a fifth of a second of it.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses a field written twice in the same mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            continue  # SafeLoader reports unhashable keys itself
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"field {key!r} appears twice (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> Any:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DeckError(name, None, f"not valid UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise DeckError(name, None, f"cannot read file ({exc.strerror or exc})") from exc
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - safe subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise DeckError(name, None, f"YAML syntax error{where}: {problem}") from exc
    except yaml.YAMLError as exc:
        raise DeckError(name, None, f"YAML syntax error: {exc}") from exc
    if data is None:
        raise DeckError(name, None, "file is empty")
    if not isinstance(data, dict):
        raise DeckError(
            name, None, f"expected a mapping of fields at the top level, found {_kind(data)}"
        )
    return data


# --------------------------------------------------------------------- messages


def _kind(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"true/false ({value!r})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"text ({_short(value)})"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _short(value: Any, limit: int = 50) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _loc(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # Drop pydantic's union/function tags such as 'function-after[...]' or 'str'.
    return tuple(
        part
        for part in loc
        if isinstance(part, int) or not ("[" in part or part in {"str", "int", "none"})
    )


def _describe(err: Mapping[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        hint = f" (known fields: {', '.join(known)})" if known else ""
        return f"unknown field{hint}"
    if kind in {"string_type", "str_type"}:
        return f"expected text, found {_kind(value)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, found {_kind(value)}"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list, found {_kind(value)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        known = _fields_at(model, loc)
        hint = f" with {', '.join(known)}" if known else ""
        return f"expected a mapping{hint}, found {_kind(value)}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{_short(value)} is not one of: {expected.replace(' or ', ', ')}"
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    return err["msg"]


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model found at ``loc``, for hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _validate(model: type[BaseModel], data: dict[str, Any], file: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # Report a missing/unknown field before its consequences.
        errors.sort(key=lambda e: e["type"] not in {"missing", "extra_forbidden"})
        first = errors[0]
        loc = _clean_loc(tuple(first["loc"]))
        problem = _describe(first, model, loc)
        if len(errors) > 1:
            more = len(errors) - 1
            problem += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
        raise DeckError(file, _loc(loc) or None, problem) from None


# ------------------------------------------------------------------------ load


def _step_number_for_sort(path: Path, data: dict[str, Any]) -> tuple[int, str]:
    number = data.get("number")
    return (number if isinstance(number, int) else 0, path.name)


def _load_file(directory: Path, filename: str, model: type[BaseModel]) -> Any | None:
    path = directory / filename
    if not path.exists():
        return None
    parsed = _validate(model, _read_yaml(path), filename)
    for field in ("components", "items", "resources"):
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(parsed, field, ())):
            if item.key in seen:
                raise DeckError(
                    filename,
                    f"{field}[{index}].key",
                    f"{item.key!r} is already used by {field}[{seen[item.key]}]",
                )
            seen[item.key] = index
    return parsed


def _check_components(
    components: tuple[Component, ...],
    competences: tuple[Competence, ...],
    activities: tuple[Activity, ...],
) -> None:
    """Every competence and activity names components that exist; every component has
    competences to mark."""
    known = {component.key for component in components}
    hint = f"known components: {', '.join(sorted(known))}" if known else "no components defined"
    for index, competence in enumerate(competences):
        if competence.component not in known:
            raise DeckError(
                COMPETENCES_FILE,
                f"items[{index}].component",
                f"{competence.component!r} is not a component ({hint})",
            )
    for index, activity in enumerate(activities):
        for key in activity.components:
            if key not in known:
                raise DeckError(
                    ACTIVITIES_FILE,
                    f"items[{index}].components",
                    f"{key!r} is not a component of {COMPETENCES_FILE} ({hint})",
                )
    for index, component in enumerate(components):
        if not any(c.component == component.key for c in competences):
            raise DeckError(
                COMPETENCES_FILE,
                f"components[{index}]",
                f"{component.key!r} has no competences in items",
            )


def _with_resources(
    file: str, data: dict[str, Any], resources: tuple[Resource, ...]
) -> dict[str, Any]:
    """The step's data with each ``ref: <key>`` replaced by that resource of
    hulpbronnen.yaml, so a url set there reaches every step that names it."""
    items = data.get("resources")
    if not isinstance(items, list):
        return data
    known = {r.key: r for r in resources}
    resolved: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and "ref" in item:
            if set(item) != {"ref"}:
                raise DeckError(file, f"resources[{index}]", "ref stands alone (no other fields)")
            resource = known.get(item["ref"])
            if resource is None:
                hint = ", ".join(sorted(k for k in known if k)) or f"no {RESOURCES_FILE}"
                raise DeckError(
                    file,
                    f"resources[{index}].ref",
                    f"{item['ref']!r} is not in {RESOURCES_FILE} (known: {hint})",
                )
            item = resource.model_dump(exclude_defaults=True)
        resolved.append(item)
    return {**data, "resources": resolved}


def load_deck(directory: Path | str | None = None) -> Deck:
    """Load and validate the deck in ``directory`` (default: the built-in deck).

    ``directory`` may be ``None`` or an empty string (both mean the default
    deck), a ``Path`` or a string; ``~`` is expanded. Raises :class:`DeckError`.
    """
    if directory is None or (isinstance(directory, str) and not directory.strip()):
        path = DEFAULT_DECK_DIR
    else:
        path = Path(directory).expanduser()
    if not path.exists():
        raise DeckError(str(path), None, "deck directory does not exist")
    if not path.is_dir():
        raise DeckError(str(path), None, "is not a directory")

    step_files = sorted(p for p in path.glob(STEP_GLOB) if p.is_file())
    if not step_files:
        raise DeckError(
            str(path), None, "no step files found (expected stap1.yaml, stap2.yaml, ...)"
        )

    resource_file = _load_file(path, RESOURCES_FILE, _ResourceFile)
    resources: tuple[Resource, ...] = resource_file.resources if resource_file else ()
    raw = [(p, _with_resources(p.name, _read_yaml(p), resources)) for p in step_files]
    loaded: list[tuple[str, Step]] = [
        (p.name, _validate(Step, data, p.name))
        for p, data in sorted(raw, key=lambda pd: _step_number_for_sort(*pd))
    ]

    by_number: dict[int, str] = {}
    by_key: dict[str, str] = {}
    for expected, (name, step) in enumerate(loaded, start=1):
        if step.number in by_number:
            raise DeckError(
                name, "number", f"{step.number} is already used by {by_number[step.number]}"
            )
        if step.number != expected:
            raise DeckError(
                name,
                "number",
                f"step numbers must run 1..{len(loaded)} without gaps; "
                f"expected {expected}, found {step.number}",
            )
        if step.key in by_key:
            raise DeckError(name, "key", f"{step.key!r} is already used by {by_key[step.key]}")
        by_number[step.number] = name
        by_key[step.key] = name

    competence_file = _load_file(path, COMPETENCES_FILE, _CompetenceFile)
    activity_file = _load_file(path, ACTIVITIES_FILE, _ActivityFile)
    competences = competence_file.items if competence_file else None
    activities = activity_file.items if activity_file else None

    targets = {
        "competenties": (COMPETENCES_FILE, competences),
        "activiteiten": (ACTIVITIES_FILE, activities),
    }
    assert set(targets) == set(MARKS)
    for name, step in loaded:
        if step.marks is None:
            continue
        filename, items = targets[step.marks]
        if items is None:
            raise DeckError(
                name, "marks", f"{step.marks!r} needs {filename}, but that file is missing"
            )
        if not items:
            raise DeckError(
                name, "marks", f"{step.marks!r} needs items in {filename}, but it has none"
            )

    components = competence_file.components if competence_file else ()
    _check_components(components, competences or (), activities or ())

    return Deck(
        steps=tuple(step for _, step in loaded),
        components=components,
        competences=competences or (),
        activities=activities or (),
        resources=resources,
    )


# ------------------------------------------------------------------------- CLI


def validate_deck_cli(argv: Sequence[str] | None = None) -> int:
    """``python -m prompts [dir]``: check a deck and print one line.

    Without ``dir`` the ``PROMPTS_DIR`` environment variable is used when set,
    otherwise the built-in deck. Returns the exit code (0 ok, 1 error).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in {"-h", "--help"}):
        print("usage: python -m prompts [deck-directory]", file=sys.stderr)
        return 0 if args and args[0] in {"-h", "--help"} else 2
    directory = args[0] if args else os.environ.get("PROMPTS_DIR") or None
    try:
        deck = load_deck(directory)
    except DeckError as exc:
        print(f"Deck error: {exc}", file=sys.stderr)
        return 1
    print(
        f"Deck OK: {len(deck.steps)} steps, {deck.hulpvragen_count} hulpvragen, "
        f"{len(deck.competences)} competenties, {len(deck.activities)} activiteiten"
    )
    return 0
