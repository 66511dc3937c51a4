"""Render times are recorded, never failed on (`make bench` measures): tests record them as
user properties, which pytest-xdist carries back from its workers, and the root conftest
reports them at the end of the run."""

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
