"""An outbox message's kind lives in columns (family, ref, detail): nothing in bot/ or
storage/ may build, parse or match it as text again (issue 20)."""

import re
from pathlib import Path

from storage.models import OutboxMessage
from storage.values import Kind

ROOT = Path(__file__).resolve().parent.parent
# The migration that split the old strings is the one place allowed to read them.
MIGRATIONS = ROOT / "storage" / "migrations"

KIND_PARSING = re.compile(
    r"Kind\.parse\b"
    r"|OutboxMessage\.kind\b"
    r"|\bkind\)?\.(?:startswith|endswith|split|rsplit|partition)\("
    r"|OutboxMessage\.(?:family|ref|detail)\)?\.(?:startswith|endswith|like|ilike|contains)\("
)


def kind_parsing(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if KIND_PARSING.search(line)]


def test_bot_and_storage_never_parse_or_match_kinds_as_text() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("bot", "storage")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if MIGRATIONS not in path.parents
        if (lines := kind_parsing(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_kind_is_stored_in_columns_not_one_string() -> None:
    assert not hasattr(OutboxMessage, "kind")
    assert not hasattr(Kind, "parse")
    columns = set(OutboxMessage.__table__.columns.keys())  # type: ignore[attr-defined]
    assert {"family", "ref", "detail"} <= columns and "kind" not in columns


def test_the_check_finds_string_matching_on_kinds() -> None:
    source = """
kind = Kind.parse(row.kind)
rows = select(OutboxMessage).where(col(OutboxMessage.kind).startswith("edit:7:"))
old = col(OutboxMessage.family).like("dialog%")
family, *rest = row.kind.split(":", 2)
if build.startswith("poster"):
    pass
"""
    assert kind_parsing(source) == [
        "kind = Kind.parse(row.kind)",
        'rows = select(OutboxMessage).where(col(OutboxMessage.kind).startswith("edit:7:"))',
        'old = col(OutboxMessage.family).like("dialog%")',
        'family, *rest = row.kind.split(":", 2)',
    ]
