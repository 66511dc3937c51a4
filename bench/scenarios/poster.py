"""6. Poster: time to render a full poster. Measured once the poster (issue 9) exists."""

from __future__ import annotations

import importlib.util


def _poster_available() -> bool:
    return any(
        importlib.util.find_spec(name) is not None
        for name in ("bot.core.poster", "bot.services.poster", "bot.poster")
    )


async def run(*, runs: int) -> list[str]:
    if not _poster_available():
        return ["Not yet measured: the poster (issue 9) has not landed."]
    return ["Not yet measured: the poster exists but its render is not wired into the benchmark."]
