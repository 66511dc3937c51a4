"""Render times are reported at the end of the run, never failed on: `make bench` measures.
Tests record them as user properties, which pytest-xdist carries back from its workers."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

PROPERTY = "render_seconds"


@pytest.fixture
def timed(record_property) -> Callable:
    """Run `render()` and record how long it took under `name`."""

    def run(name: str, render: Callable[[], bytes]) -> bytes:
        started = time.perf_counter()
        result = render()
        record_property(PROPERTY, (name, time.perf_counter() - started))
        return result

    return run


def pytest_terminal_summary(terminalreporter) -> None:
    times = [
        value
        for report in terminalreporter.stats.get("passed", [])
        for key, value in report.user_properties
        if key == PROPERTY
    ]
    if times:
        terminalreporter.write_line(
            "render times: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times)
        )
