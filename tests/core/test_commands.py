import pytest

from bot.core.commands import closest_command

KNOWN = ["sessie", "doemee", "begin", "status", "actie", "acties", "klaar", "help", "start"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("/sesie", "sessie"),
        ("sessei", "sessie"),
        ("/SESSIE", "sessie"),
        ("/actei", "actie"),
        ("/doemeee", "doemee"),
        ("/klar@aandeslag_bot", "klaar"),
        ("/hlep", "help"),
    ],
)
def test_a_typo_points_to_the_command_meant(typed: str, meant: str) -> None:
    assert closest_command(typed, KNOWN) == meant


@pytest.mark.parametrize("typed", ["/foto", "/x", "/", "/internationalisering", ""])
def test_nothing_close_suggests_nothing(typed: str) -> None:
    assert closest_command(typed, KNOWN) is None
