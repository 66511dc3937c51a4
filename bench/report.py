"""The table `make bench` prints and bench/results.md: every figure the median of its runs
with min–max, the targets of issue 10 next to them."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.stats import Figure


def fig(values: Iterable[float], digits: int = 1) -> str:
    kept = [v for v in values if not (isinstance(v, float) and math.isnan(v))]
    return Figure.of(kept).show(digits) if kept else "n/a"


def med(values: Iterable[float]) -> float:
    kept = [v for v in values if not (isinstance(v, float) and math.isnan(v))]
    return Figure.of(kept).median if kept else float("nan")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


@dataclass
class Target:
    goal: str
    measured: str
    met: bool | None  # None: not measured

    @property
    def verdict(self) -> str:
        return "not measured" if self.met is None else ("met" if self.met else "**missed**")


@dataclass
class Report:
    title: str
    header: list[tuple[str, str]]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def section(self, heading: str, lines: list[str]) -> None:
        self.sections.append((heading, lines))

    def markdown(self, analysis: str = "") -> str:
        out = [f"# {self.title}", ""]
        out += table(["", ""], self.header)
        out.append("")
        if self.targets:
            out += ["## Targets (issue 10)", ""]
            out += table(
                ["Target", "Measured (median)", "Verdict"],
                [(t.goal, t.measured, t.verdict) for t in self.targets],
            )
            out.append("")
        for heading, lines in self.sections:
            out += [f"## {heading}", "", *lines, ""]
        if analysis:
            out += [analysis.strip(), ""]
        return "\n".join(out)

    def write(self, path: Path, analysis: str = "") -> str:
        text = self.markdown(analysis)
        path.write_text(text)
        return text
