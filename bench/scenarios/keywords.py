"""7. Steekwoorden: time to propose keywords from a step's answers (bot.core.session.keywords caps
its input, so a step far longer than a real one costs the same). The bot proposes them while
it closes the step, in the database thread (bot.telegram.offload), not on the event loop."""

from __future__ import annotations

import time

from bench.report import fig, table
from bot.core.session.keywords import MAX_INPUT_CHARACTERS, propose
from tests.core.test_keywords import ANSWERS

# Above this, closing a step would hold every other team's next transaction noticeably (on
# SQLite there is one database thread).
TARGET_MS = 100


def _milliseconds(answers: list[str]) -> float:
    started = time.perf_counter()
    propose(answers)
    return (time.perf_counter() - started) * 1000


async def run(*, runs: int) -> tuple[list[str], list[float]]:
    cases = {"one step": ANSWERS * 10, "far over the cap": ANSWERS * 200}
    propose(ANSWERS)  # the first call loads simplemma's Dutch dictionary
    rows, worst = [], []
    for name, answers in cases.items():
        ms = [_milliseconds(answers) for _ in range(runs)]
        worst += ms
        rows.append((name, f"{len(chr(10).join(answers)):,}", fig(ms, 1)))
        print(f"  keywords {name}: {min(ms):.1f} ms", flush=True)
    lines = [
        f"One proposal each, in this process; the input is capped at "
        f"{MAX_INPUT_CHARACTERS:,} characters.",
        "",
        *table(["Answers", "Characters", "ms"], rows),
    ]
    return lines, worst
