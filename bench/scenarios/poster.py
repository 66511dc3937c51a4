"""6. Poster: time to render a full poster (issue 9), PNG and A3 PDF, for a realistic
session and for the extreme one the poster's own tests use (every panel full)."""

from __future__ import annotations

import time

from bench.report import fig, table
from bot.services.documents.attachments import render_poster_pdf, render_poster_png
from tests.documents import samples


def _seconds(render, facts) -> float:
    started = time.perf_counter()
    render(facts)
    return time.perf_counter() - started


async def run(*, runs: int) -> list[str]:
    cases = {"realistic": samples.realistic(), "extreme": samples.extreme()}
    # The first render loads the typesetter and its fonts; a running bot has done so already.
    render_poster_png(cases["realistic"])
    rows = []
    for name, facts in cases.items():
        png = [_seconds(render_poster_png, facts) for _ in range(runs)]
        pdf = [_seconds(render_poster_pdf, facts) for _ in range(runs)]
        rows.append((name, fig(png, 2), fig(pdf, 2)))
        print(f"  poster {name}: png {min(png):.2f} s, pdf {min(pdf):.2f} s", flush=True)
    return [
        "One render each, in this process, after a first render that loads the typesetter. "
        "The bot renders in a thread when the outbox sends the file (bot.telegram.delivery), "
        "so the event loop does not wait for it.",
        "",
        *table(["Poster", "PNG s", "A3 PDF s"], rows),
    ]
