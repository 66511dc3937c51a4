"""Issue 20, item 4: folders by feature, the same in every layer, and no facades.

Run once from the repository root on the flat layout: `.venv/bin/python scripts/by_feature.py`
(`--dry-run` only reports). It moves each module of bot/core, bot/services, bot/texts and
bot/telegram/handlers into its feature's folder (`git mv`, so history follows), rewrites every
import and every dotted or slashed mention of a moved module (code, comments, docstrings, patch
strings, docs, pyproject.toml, Makefile), replaces the two facades (`from bot import texts` ...
`texts.X`, `from storage import repo` ... `repo.x(...)`) by imports of the module that holds the
name, under that module's alias below, empties both facades' __init__.py, and runs ruff.

It changes nothing and exits 1 when a module of those folders is in neither table below (a new
module: add it to MOVES or SHARED and run again), when an alias would clash with a name the file
already uses, or when a facade is used other than as `facade.name`.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

# --- the table ---------------------------------------------------------------------------
# Features, the same folder names in bot/core, bot/services, bot/texts, bot/telegram/handlers.
FEATURES = {
    "session": "The work session: its steps and clock, hulpvragen, steekwoorden, the boards "
    "and their marks, and members' answers.",
    "actions": "The action plan: actions, the /actie dialog, how an action is shown, the plan "
    "per leerjaar, and the reminders that follow an action up.",
    "calendar": "The team's calendar: Dutch dates and deadlines, the school calendar, "
    "/vakantie, and the team meeting (/teamoverleg).",
    "documents": "What the team keeps: /poster, /export, the summary (/samenvatting) and the "
    "files they are rendered to.",
    "privacy": "/privacy, /vergeetmij and how long data is kept.",
    "team": "The groups and who is in them, who may do what (the policy), and a team split "
    "into linked sub-groups (/koppel).",
}

# Old path -> new path. A module a folder's own name already says drops that prefix.
MOVES = {
    # bot/core: pure rules
    "bot/core/action_line.py": "bot/core/actions/action_line.py",
    "bot/core/brief.py": "bot/core/actions/brief.py",
    "bot/core/leerjaar_plan.py": "bot/core/actions/leerjaar_plan.py",
    "bot/core/reminders.py": "bot/core/actions/reminders.py",
    "bot/core/deadlines.py": "bot/core/calendar/deadlines.py",
    "bot/core/dutch_dates.py": "bot/core/calendar/dutch_dates.py",
    "bot/core/meeting_times.py": "bot/core/calendar/meeting_times.py",
    "bot/core/school_calendar.py": "bot/core/calendar/school_calendar.py",
    "bot/core/vacation_range.py": "bot/core/calendar/vacation_range.py",
    "bot/core/poster.py": "bot/core/documents/poster.py",
    "bot/core/summary.py": "bot/core/documents/summary.py",
    "bot/core/boards.py": "bot/core/session/boards.py",
    "bot/core/keywords.py": "bot/core/session/keywords.py",
    "bot/core/ranking.py": "bot/core/session/ranking.py",
    "bot/core/timeline.py": "bot/core/session/timeline.py",
    "bot/core/feedback.py": "bot/core/team/feedback.py",
    "bot/core/policy.py": "bot/core/team/policy.py",
    # bot/services: use cases (bot/services/documents/* already is the documents feature)
    "bot/services/actions.py": "bot/services/actions/actions.py",
    "bot/services/action_dialog.py": "bot/services/actions/dialog.py",
    "bot/services/action_view.py": "bot/services/actions/view.py",
    "bot/services/reminding.py": "bot/services/actions/reminders.py",
    "bot/services/calendars.py": "bot/services/calendar/calendars.py",
    "bot/services/meetings.py": "bot/services/calendar/meetings.py",
    "bot/services/vacations.py": "bot/services/calendar/vacations.py",
    "bot/services/exports.py": "bot/services/documents/exports.py",
    "bot/services/summaries.py": "bot/services/documents/summaries.py",
    "bot/services/privacy.py": "bot/services/privacy/privacy.py",
    "bot/services/sessions.py": "bot/services/session/sessions.py",
    "bot/services/hulpvragen.py": "bot/services/session/hulpvragen.py",
    "bot/services/keywords.py": "bot/services/session/keywords.py",
    "bot/services/marks.py": "bot/services/session/marks.py",
    "bot/services/groups.py": "bot/services/team/groups.py",
    "bot/services/links.py": "bot/services/team/links.py",
    "bot/services/membership.py": "bot/services/team/membership.py",
    "bot/services/policy.py": "bot/services/team/policy.py",
    # bot/texts: every Dutch text
    "bot/texts/actions.py": "bot/texts/actions/actions.py",
    "bot/texts/brief.py": "bot/texts/actions/brief.py",
    "bot/texts/plan.py": "bot/texts/actions/plan.py",
    "bot/texts/reminders.py": "bot/texts/actions/reminders.py",
    "bot/texts/dates.py": "bot/texts/calendar/dates.py",
    "bot/texts/meetings.py": "bot/texts/calendar/meetings.py",
    "bot/texts/vacations.py": "bot/texts/calendar/vacations.py",
    "bot/texts/exports.py": "bot/texts/documents/exports.py",
    "bot/texts/summary.py": "bot/texts/documents/summary.py",
    "bot/texts/privacy.py": "bot/texts/privacy/privacy.py",
    "bot/texts/session.py": "bot/texts/session/session.py",
    "bot/texts/boards.py": "bot/texts/session/boards.py",
    "bot/texts/hulpvragen.py": "bot/texts/session/hulpvragen.py",
    "bot/texts/keywords.py": "bot/texts/session/keywords.py",
    "bot/texts/marks.py": "bot/texts/session/marks.py",
    "bot/texts/links.py": "bot/texts/team/links.py",
    "bot/texts/membership.py": "bot/texts/team/membership.py",
    # bot/telegram/handlers: the shell (bot/telegram/app.py registers them all)
    "bot/telegram/handlers/actions.py": "bot/telegram/handlers/actions/actions.py",
    "bot/telegram/handlers/meetings.py": "bot/telegram/handlers/calendar/meetings.py",
    "bot/telegram/handlers/vacations.py": "bot/telegram/handlers/calendar/vacations.py",
    "bot/telegram/handlers/exports.py": "bot/telegram/handlers/documents/exports.py",
    "bot/telegram/handlers/privacy.py": "bot/telegram/handlers/privacy/privacy.py",
    "bot/telegram/handlers/session.py": "bot/telegram/handlers/session/session.py",
    "bot/telegram/handlers/answers.py": "bot/telegram/handlers/session/answers.py",
    "bot/telegram/handlers/hulpvragen.py": "bot/telegram/handlers/session/hulpvragen.py",
    "bot/telegram/handlers/keywords.py": "bot/telegram/handlers/session/keywords.py",
    "bot/telegram/handlers/chats.py": "bot/telegram/handlers/team/chats.py",
    "bot/telegram/handlers/links.py": "bot/telegram/handlers/team/links.py",
    "bot/telegram/handlers/members.py": "bot/telegram/handlers/team/members.py",
}

# Shared by every feature: they stay at their layer's top (a folder may be listed too).
SHARED = {
    "bot/core/commands.py",  # which command a member meant
    "bot/core/domain.py",  # the stored keys
    "bot/core/mentions.py",  # who a message names: every queued message (services/common.py)
    "bot/core/message_length.py",
    "bot/core/requests.py",  # one member's stream of commands
    "bot/services/buttons.py",
    "bot/services/common.py",
    "bot/services/replies.py",
    "bot/texts/formatting.py",
    "bot/texts/help.py",
    "bot/texts/requests.py",
    "bot/telegram/handlers/common.py",
    "bot/telegram/handlers/edits.py",  # edited commands, any command
    "bot/telegram/handlers/private.py",  # the private chat and unknown commands
}
# Folders whose modules must each be in MOVES or SHARED (subfolders are features already).
LAYERS = ["bot/core", "bot/services", "bot/texts", "bot/telegram/handlers"]

# The two facades. Each name a facade re-exports is imported from its module under the alias
# given here (keyed by the module's old name): `from bot.texts.session import marks as mark_texts`
# ... `mark_texts.MARK_HOWTO`, `from storage.repo import outbox as outbox_rows` ...
# `outbox_rows.claim_outbox(...)`. A module not listed gets `<module>_texts` or `<module>_rows`.
FACADES = {
    "bot.texts": {
        "actions": "action_texts",
        "boards": "board_texts",
        "brief": "brief_texts",
        "dates": "date_texts",
        "exports": "export_texts",
        "formatting": "formatting",  # helpers, not texts: `formatting.esc(name)`
        "help": "help_texts",
        "hulpvragen": "hulpvraag_texts",
        "keywords": "keyword_texts",
        "links": "link_texts",
        "marks": "mark_texts",
        "meetings": "meeting_texts",
        "membership": "membership_texts",
        "plan": "plan_texts",
        "privacy": "privacy_texts",
        "reminders": "reminder_texts",
        "requests": "request_texts",
        "session": "session_texts",
        "summary": "summary_texts",
        "vacations": "vacation_texts",
    },
    "storage.repo": {
        "actions": "action_rows",
        "groups": "group_rows",
        "links": "link_rows",
        "meetings": "meeting_rows",
        "members": "member_rows",
        "outbox": "outbox_rows",
        "poster": "poster_rows",
        "privacy": "privacy_rows",
        "sessions": "session_rows",
        "updates": "update_rows",
        "vacations": "vacation_rows",
    },
}
FACADE_SUFFIX = {"bot.texts": "_texts", "storage.repo": "_rows"}
FACADE_DOCSTRINGS = {
    "bot.texts": '"""Every text a member sees, in Dutch, as Telegram HTML: one folder per '
    "feature (as in\nbot/services and bot/telegram/handlers), shared helpers at the top. Anything "
    "a member typed, or\nthat comes from a deck, passes through `esc` (formatting.py) before it "
    'goes into a message."""\n',
    "storage.repo": '"""Data access: small keyword-only functions over one SQLModel session, '
    'one module per\ngroup of tables; callers import the module they need."""\n',
}

# Where imports and mentions are rewritten.
PYTHON_ROOTS = [
    "bot",
    "storage",
    "prompts",
    "rehearsal",
    "telegram_stand_in",
    "tests",
    "bench",
    "scripts",
]
TEXT_FILES = ["pyproject.toml", "Makefile", "README.md"]
TEXT_ROOTS = ["docs", "bench"]
THIS = "scripts/by_feature.py"


# --- the work ----------------------------------------------------------------------------
def dotted(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


MODULES = {dotted(old): dotted(new) for old, new in MOVES.items()}
SLASHED = {old: new for old, new in MOVES.items()}
problems: list[str] = []


def known_modules() -> set[str]:
    found = set()
    for root in PYTHON_ROOTS:
        for path in Path(root).rglob("*.py"):
            found.add(dotted(path.as_posix()))
            if path.name == "__init__.py":
                found.add(dotted(path.parent.as_posix()))
    return found


def unplaced() -> list[str]:
    """Modules (or packages) of the layers that neither table places, and moves whose module
    is gone."""
    missing = []
    for layer in LAYERS:
        for path in sorted(Path(layer).iterdir()):
            name = path.as_posix()
            if name in MOVES or name in SHARED or path.name == "__init__.py":
                continue
            if path.suffix == ".py" or (path / "__init__.py").exists():
                if path.name not in FEATURES:
                    missing.append(f"UNPLACED: {name} (add it to MOVES or SHARED in {THIS})")
    for old in MOVES:
        if not Path(old).exists():
            missing.append(f"MISSING: {old} is in MOVES but not in the tree (fix {THIS})")
    return missing


def facade_names(package: str) -> dict[str, str]:
    """Each name the facade re-exports -> the (old) module that defines it."""
    init = Path(package.replace(".", "/")) / "__init__.py"
    names = {}
    for node in ast.parse(init.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{package}.{node.module}"
    return names


def alias_of(module: str) -> str:
    package, _, name = module.rpartition(".")
    return FACADES[package].get(name, name + FACADE_SUFFIX[package])


def new_name(module: str) -> str:
    return MODULES.get(module, module)


_dotted_old = sorted(MODULES, key=len, reverse=True)
DOTTED = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, _dotted_old)) + r")(?!\w)")
SLASH = re.compile(r"(?<![\w/])(" + "|".join(map(re.escape, sorted(SLASHED))) + r")(?!\w)")


def mentions(text: str) -> str:
    text = DOTTED.sub(lambda m: MODULES[m.group(1)], text)
    return SLASH.sub(lambda m: SLASHED[m.group(1)], text)


def import_line(module: str, name: str, asname: str | None) -> str:
    suffix = f" as {asname}" if asname and asname != name else ""
    return f"from {module} import {name}{suffix}"


def module_import(full: str, asname: str) -> str:
    parent, _, last = full.rpartition(".")
    return import_line(parent, last, asname)


class Rewrite:
    """The edits of one Python file, made on its bytes (ast offsets count UTF-8 bytes)."""

    def __init__(self, path: Path, facades: dict[str, dict[str, str]], modules: set[str]):
        self.path = path
        self.source = path.read_bytes()
        self.tree = ast.parse(self.source)
        self.facades = facades
        self.modules = modules
        starts = [0]
        for line in self.source.splitlines(keepends=True):
            starts.append(starts[-1] + len(line))
        self.starts = starts
        self.edits: list[tuple[int, int, str]] = []
        self.package = dotted(path.as_posix())
        if path.name != "__init__.py":
            self.package = self.package.rpartition(".")[0]

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.starts[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
        end = self.starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
        return start, end

    def bound_names(self) -> set[str]:
        names = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
        return names

    def absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = self.package.split(".")
        base = base[: len(base) - node.level + 1]
        return ".".join(base + ([node.module] if node.module else []))

    def run(self) -> str:
        facade_vars: dict[str, str] = {}  # local name -> facade package
        imports = [n for n in ast.walk(self.tree) if isinstance(n, ast.ImportFrom)]
        for node in imports:
            for alias in node.names:
                full = f"{self.absolute(node)}.{alias.name}"
                if full in self.facades:
                    facade_vars[alias.asname or alias.name] = full
        needed: dict[str, str] = {}  # alias -> new module
        if facade_vars:
            self.facade_uses(facade_vars, needed)
        self.keep_other_bots()
        for node in imports:
            self.import_from(node, needed)
        return self.apply()

    def keep_other_bots(self) -> None:
        """`bot.services.exports` in a test whose `bot` is a fixture (the running bot, its
        services) names no module: unless the file binds the name with `import bot...`, the
        dotted mentions after such a name are left as they are."""
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.asname is None
        }
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and node.id in {"bot", "storage"} - imported:
                start, end = self.span(node)
                self.edits.append((start, end, node.id))

    def import_from(self, node: ast.ImportFrom, needed: dict[str, str]) -> None:
        base = self.absolute(node)
        lines = []
        moves = self.path.as_posix() in MOVES
        changed = False
        for alias in node.names:
            full = f"{base}.{alias.name}"
            local = alias.asname or alias.name
            if full in self.facades:  # `from bot import texts`: its uses import their modules
                changed = True
                lines += [
                    module_import(module, name)
                    for name, module in sorted(needed.items())
                    if module.startswith(full + ".")
                ]
            elif full in self.modules:  # a module: keep the name it is bound to
                changed |= full in MODULES or bool(node.level) and (moves or base in MODULES)
                lines.append(module_import(new_name(full), local))
            elif base in self.facades:  # `from bot.texts import esc`
                owner = self.facades[base].get(alias.name)
                if owner is None:
                    problems.append(f"{self.path}:{node.lineno}: {base} has no {alias.name}")
                    return
                changed = True
                lines.append(import_line(new_name(owner), alias.name, alias.asname))
            else:
                changed |= base in MODULES or bool(node.level) and moves
                lines.append(import_line(new_name(base), alias.name, alias.asname))
        if not changed:
            return
        start, end = self.span(node)
        if b"#" in self.source[start:end]:
            problems.append(f"{self.path}:{node.lineno}: a comment inside an import is lost")
        indent = "\n" + " " * node.col_offset
        self.edits.append(
            (start, end, indent.join(lines) if lines else "pass" * bool(node.col_offset))
        )

    def facade_uses(self, facade_vars: dict[str, str], needed: dict[str, str]) -> None:
        bound = self.bound_names()
        aliased: set[int] = set()

        def use(name_node: ast.Name, attr: str, where: ast.AST) -> None:
            package = facade_vars[name_node.id]
            owner = self.facades[package].get(attr)
            if owner is None:
                problems.append(f"{self.path}:{where.lineno}: {package} has no {attr}")  # type: ignore[attr-defined]
                return
            alias = alias_of(owner)
            full = new_name(owner)
            if needed.get(alias, full) != full or (alias in bound and alias not in needed):
                if not self.imports_module(alias, owner):
                    problems.append(f"{self.path}: the alias {alias} is taken")
                    return
            else:
                needed[alias] = full
            aliased.add(id(name_node))
            start, end = self.span(name_node)
            self.edits.append((start, end, alias))

        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in facade_vars
            ):
                use(node.value, node.attr, node)
            elif (  # monkeypatch.setattr(repo, "name", ...)
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setattr"
                and len(node.args) >= 2
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in facade_vars
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                use(node.args[0], node.args[1].value, node)
        for node in ast.walk(self.tree):
            if (
                isinstance(node, ast.Name)
                and node.id in facade_vars
                and id(node) not in aliased
                and isinstance(node.ctx, ast.Load)
            ):
                problems.append(f"{self.path}:{node.lineno}: {node.id} used as a whole")

    def imports_module(self, alias: str, module: str) -> bool:
        """Whether the file already binds `alias` to `module` (then its import is reused)."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom):
                for name in node.names:
                    if name.asname == alias and f"{self.absolute(node)}.{name.name}" == module:
                        return True
        return False

    def apply(self) -> str:
        out, done = [], 0
        for start, end, new in sorted(self.edits):
            if start < done:
                continue  # a name inside an import that is rewritten whole
            out.append(mentions(self.source[done:start].decode()))
            out.append(new)
            done = end
        out.append(mentions(self.source[done:].decode()))
        return "".join(out)


def python_files() -> list[Path]:
    files = []
    for root in PYTHON_ROOTS:
        files += sorted(p for p in Path(root).rglob("*.py") if p.as_posix() != THIS)
    return files


def text_files() -> list[Path]:
    files = [Path(name) for name in TEXT_FILES if Path(name).exists()]
    for root in TEXT_ROOTS:
        files += sorted(p for p in Path(root).rglob("*") if p.suffix in {".md", ".toml", ".txt"})
    return files


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True)


def main() -> int:
    dry_run = "--dry-run" in sys.argv[1:]
    if not Path("bot/texts/__init__.py").exists() or not Path("scripts").is_dir():
        print("Run from the repository root.")
        return 1
    facades = {package: facade_names(package) for package in FACADES}
    if not all(facades.values()):
        print("A facade is already empty: this tree was moved already.")
        return 1
    missing = unplaced()
    for line in missing:
        print(line)
    if missing:
        return 1
    modules = known_modules()
    new_texts = {path: Rewrite(path, facades, modules).run() for path in python_files()}
    for path in text_files():
        new_texts[path] = mentions(path.read_text())
    for package in FACADES:
        new_texts[Path(package.replace(".", "/")) / "__init__.py"] = FACADE_DOCSTRINGS[package]
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if problems:
        return 1
    changed = {p: t for p, t in new_texts.items() if t.encode() != p.read_bytes()}
    print(f"{len(MOVES)} modules to move, {len(changed)} files to rewrite.")
    if dry_run:
        return 0
    for path, text in changed.items():
        path.write_text(text)
    for old, new in MOVES.items():
        init = Path(new).parent / "__init__.py"
        if not init.exists() or not init.read_text().strip():
            init.parent.mkdir(parents=True, exist_ok=True)
            doc = textwrap.fill(FEATURES[init.parent.name], width=95)
            init.write_text(f'"""{doc}"""\n')
            git("add", str(init))
        git("mv", old, new)
    ruff = [sys.executable, "-m", "ruff"]
    subprocess.run([*ruff, "check", "--fix", "--quiet", "."], check=False)
    subprocess.run([*ruff, "format", "--quiet", "."], check=True)
    git("add", "-A", *PYTHON_ROOTS, *TEXT_FILES, *TEXT_ROOTS)
    print("Done: review `git status`, then run `make check` and the tests.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
