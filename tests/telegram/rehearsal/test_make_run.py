"""`make run` without a token and `python -m rehearsal` open the room; `python -m bot` never does."""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.e2e.processes import free_port
from tests.telegram.rehearsal.page import RoomProcess, room_env, wait_for_page


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_without_a_token_serves_the_room_and_says_how_to_go_live(tmp_path):
    port = free_port()
    room = RoomProcess(
        ["make", "--no-print-directory", "run"], room_env(tmp_path, port), tmp_path / "run.log"
    )
    try:
        page = wait_for_page(f"http://127.0.0.1:{port}/", room.process, timeout=60)
        assert "<title>Oefenruimte" in page
        output = room.output()
        assert f"http://127.0.0.1:{port}/" in output
        assert "@BotFather" in output and "TELEGRAM_BOT_TOKEN" in output
        assert "Traceback" not in output
    finally:
        assert room.stop() in (0, -15, 143), room.output()
    assert not (tmp_path / "productie.db").exists(), "the room never opens the real database"
    assert (tmp_path / "oefenruimte.db").exists()


def test_python_m_rehearsal_serves_the_room_even_with_a_token(tmp_path):
    port = free_port()
    room = RoomProcess(
        [sys.executable, "-m", "rehearsal"],
        room_env(
            tmp_path, port, TELEGRAM_BOT_TOKEN="123456789:AAHnot-a-real-token-for-the-room-000"
        ),
        tmp_path / "room.log",
    )
    try:
        page = wait_for_page(f"http://127.0.0.1:{port}/", room.process, timeout=30)
        assert "<title>Oefenruimte" in page
        assert "Traceback" not in room.output()
    finally:
        assert room.stop() in (0, -15, 143), room.output()
    assert not (tmp_path / "productie.db").exists(), "the room never opens the real database"
    assert (tmp_path / "oefenruimte.db").exists()
