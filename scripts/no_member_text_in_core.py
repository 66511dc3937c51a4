"""`make check`: no string literal in bot/core is text a member reads.

Every Dutch text a member sees lives in bot/texts; the core returns reason codes and data.
A string literal in bot/core fails this check when it reads as words: it has two letters in
a row, and two words (letters or digits) with only spaces between them, or a letter that
ends a sentence (. ! ? at the end or before a space). Exempt are:
docstrings; the input vocabulary, i.e. whatever is assigned to a name ending in `_WORDS`
(the Dutch words the parsers must read, never shown to members); regular expressions, i.e.
the arguments of a call to a function of `re`; and the messages of Python's built-in
exceptions (`raise ValueError("...")`), which are for developers.

Usage: python scripts/no_member_text_in_core.py [folder ...]   (default: bot/core)
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from collections.abc import Iterator
from pathlib import Path

LETTERS = re.compile(r"[^\W\d_]{2}")
WORDS = re.compile(r"[^\W_] +[^\W_]|[^\W\d_][.!?](?:\s|$)")
BUILTIN_EXCEPTIONS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _exempt_roots(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes whose strings are not member text (see the module's docstring)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id.endswith("_WORDS") for t in targets):
                yield node
        elif isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "re"
            ):
                yield node
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id in BUILTIN_EXCEPTIONS:
                yield node


def member_texts(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string literal in `source` that reads as member text."""
    tree = ast.parse(source)
    skipped = _docstrings(tree)
    for root in _exempt_roots(tree):
        skipped.update(id(node) for node in ast.walk(root))
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and LETTERS.search(node.value)
        and WORDS.search(node.value)
    )


def main(folders: list[str]) -> int:
    failures = [
        f"{path}:{line}: {text!r}"
        for folder in folders
        for path in sorted(Path(folder).rglob("*.py"))
        for line, text in member_texts(path.read_text(encoding="utf-8"))
    ]
    for failure in failures:
        print(failure)
    if failures:
        print(
            f"{len(failures)} string(s) in the core read as member text: render them in "
            "bot/texts from a reason code, or name an input vocabulary *_WORDS."
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["bot/core"]))
