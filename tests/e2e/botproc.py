"""Starts the real bot (`bot.main.main`) in its own process with a clock read from a file,
so a test can kill it with SIGKILL and move time without sleeping."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path


class FileClock:
    def __init__(self, path: Path) -> None:
        self.path = path

    def now(self) -> datetime:
        return datetime.fromisoformat(self.path.read_text().strip())


if __name__ == "__main__":
    import gc

    gc.disable()  # as bot/__main__.py: bot.main turns it on again once the bot is built
    from bot.main import main

    sys.exit(main(clock=FileClock(Path(os.environ["TEST_CLOCK_FILE"]))))
