"""A session's status, step, clock, chair and `next_due_at` change only through its state
machine (bot/services/session/state.py), so `next_due_at`, which the wake-ups read, is kept
by construction (issue 20)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_MACHINE = ROOT / "bot" / "services" / "session" / "state.py"

SESSION_FIELD_SET = re.compile(
    r"\.(?:current_step|step_started_at|step_extra_seconds|step_paused_seconds|paused_at"
    r"|hulpvragen_posted|warned|next_due_at|chair_id|started_at|finished_at)\s*=(?!=)"
    r"|\.status\s*=\s*SessionStatus\."
)


def session_field_sets(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if SESSION_FIELD_SET.search(line)]


def test_only_the_state_machine_changes_a_session() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for folder in ("bot", "rehearsal")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != STATE_MACHINE
        if (lines := session_field_sets(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_state_machine_is_where_they_change() -> None:
    assert session_field_sets(STATE_MACHINE.read_text(encoding="utf-8"))


def test_the_check_finds_a_field_set_by_hand() -> None:
    source = """
session.status = SessionStatus.STOPPED
session.next_due_at = None
row.paused_at=now
if session.warned == True:
    pass
draft.status = DraftStatus.OPEN
"""
    assert session_field_sets(source) == [
        "session.status = SessionStatus.STOPPED",
        "session.next_due_at = None",
        "row.paused_at=now",
    ]
