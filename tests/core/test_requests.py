from datetime import UTC, datetime, timedelta

from bot.core.requests import (
    HEAVY_WINDOW,
    command_of,
    files_key,
    reply_key,
    wait_left,
    whole_minutes,
)

NOW = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def test_a_command_is_read_without_the_bots_name_and_with_its_arguments_tidied():
    assert command_of("/Status@aandeslag_bot") == ("status", "")
    assert command_of("/acties   alle\n") == ("acties", "alle")
    assert command_of("Stage in Gent") is None


def test_the_same_command_by_the_same_member_has_the_same_key_and_no_member_text():
    assert reply_key(7, "/status") == reply_key(7, "/status@aandeslag_bot")
    assert reply_key(7, "/status") != reply_key(8, "/status")
    assert reply_key(7, "/acties") != reply_key(7, "/acties alle")
    key = reply_key(7, "/actie @bram morgen: geheim plan")
    assert key is not None and "geheim" not in key and len(key) <= 120
    assert reply_key(7, "gewoon een antwoord") is None
    assert files_key(7, "poster") != reply_key(7, "/poster")


def test_a_heavy_command_waits_out_its_window_said_in_whole_minutes():
    assert wait_left(None, NOW, HEAVY_WINDOW) is None
    assert wait_left(NOW - HEAVY_WINDOW, NOW, HEAVY_WINDOW) is None
    left = wait_left(NOW - timedelta(seconds=30), NOW, HEAVY_WINDOW)
    assert left == timedelta(seconds=90)
    assert whole_minutes(left) == 2
    assert whole_minutes(timedelta(seconds=5)) == 1
