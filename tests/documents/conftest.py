"""Render times are reported at the end of the run, never failed on: `make bench` measures."""

from __future__ import annotations

import pytest

RENDER_TIMES: list[tuple[str, float]] = []


@pytest.fixture
def render_times() -> list[tuple[str, float]]:
    return RENDER_TIMES


def pytest_terminal_summary(terminalreporter) -> None:
    if RENDER_TIMES:
        terminalreporter.write_line(
            "render times: "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in RENDER_TIMES)
        )
