"""Figures as the report shows them: the median of the runs with their min and max, and
percentiles of latency samples."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank; NaN without samples."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass(frozen=True)
class Figure:
    """One measured quantity over several runs."""

    runs: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Figure:
        return cls(tuple(values))

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    @property
    def low(self) -> float:
        return min(self.runs, default=float("nan"))

    @property
    def high(self) -> float:
        return max(self.runs, default=float("nan"))

    def show(self, digits: int = 1) -> str:
        if not self.runs:
            return "n/a"
        if len(self.runs) == 1:
            return f"{self.median:.{digits}f} (1 run)"
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}–{self.high:.{digits}f})"
