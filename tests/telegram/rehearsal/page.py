"""Running the room as a real process (`python -m bot oefen`, or `make run`) for the page."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.e2e.processes import ROOT, bot_env

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "Chromium is missing: `make test` installs it (apt-get install chromium)"


def room_env(tmp_path: Path, port: int, **values: str) -> dict[str, str]:
    return bot_env(
        REHEARSAL_PORT=str(port),
        REHEARSAL_DATABASE=str(tmp_path / "oefenruimte.db"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'productie.db'}",
        **values,
    )


def wait_for_page(url: str, process: subprocess.Popen, timeout: float) -> str:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the room stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"no page at {url} within {timeout} s")


class RoomProcess:
    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        # A session of its own, so `make` and the Python it starts stop together.
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode
