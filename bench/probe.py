"""What a bot process under test records about itself: how late its event loop wakes,
when each stored answer was committed, marks such as "all wake-ups scheduled", its CPU
time and memory. The driver asks for a report with SIGUSR1; the process writes it as JSON
to BENCH_OUT and starts counting afresh."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import time
from pathlib import Path

# How often the watcher wakes. Its lateness is how long the loop was busy elsewhere.
LAG_INTERVAL = 0.01


def _proc_status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Probe:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.lags: list[float] = []
        self.commits: list[tuple[str, float]] = []
        self.marks: dict[str, float] = {}
        self._task: asyncio.Task | None = None

    def install_signal(self) -> None:
        signal.signal(signal.SIGUSR1, lambda *_: self.dump())

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.time())

    def committed(self, key: str) -> None:
        self.commits.append((key, time.time()))

    def start_lag_watch(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch(), name="bench-lag")

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            expected = loop.time() + LAG_INTERVAL
            await asyncio.sleep(LAG_INTERVAL)
            self.lags.append(max(0.0, loop.time() - expected))

    def dump(self) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        report = {
            "lags": self.lags,
            "commits": self.commits,
            "marks": self.marks,
            "cpu": usage.ru_utime + usage.ru_stime,
            "rss_kib": _proc_status_kib("VmRSS"),
            "peak_rss_kib": _proc_status_kib("VmHWM"),
            "time": time.time(),
        }
        self.lags, self.commits = [], []
        tmp = self.out.with_suffix(".tmp")
        tmp.write_text(json.dumps(report))
        os.replace(tmp, self.out)
