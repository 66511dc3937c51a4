"""7. Steekwoorden: time to propose keywords from a step's answers on the event loop
(bot.core.keywords caps its input, so a step far longer than a real one costs the same)."""

from __future__ import annotations

import time

from bench.report import fig, table
from bot.core.keywords import MAX_INPUT_CHARACTERS, propose
from tests.core.test_keywords import ANSWERS

# Above this, proposing on the event loop would delay every other team's messages noticeably.
TARGET_MS = 100


def _milliseconds(answers: list[str]) -> float:
    started = time.perf_counter()
    propose(answers)
    return (time.perf_counter() - started) * 1000


async def run(*, runs: int) -> tuple[list[str], list[float]]:
    cases = {"one step": ANSWERS * 10, "far over the cap": ANSWERS * 200}
    propose(ANSWERS)  # the first call loads YAKE's stop words
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
