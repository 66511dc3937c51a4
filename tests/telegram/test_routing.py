"""Every button's data reaches its own handler and reads back as the same button; forged
data stops at the routing (ids over 9 digits) or at its format (a Refusal in Dutch)."""

from __future__ import annotations

import re

import pytest

from bot.services.buttons import (
    AddOwnItem,
    AskHulpvraag,
    BeginSession,
    CardOp,
    CardPress,
    ChairPick,
    DeadlinePick,
    DialogOp,
    DialogPress,
    ForgetAnswer,
    ForgetPress,
    JoinSession,
    MarkItem,
    OpenHulpvragen,
    OwnerPick,
    ReminderOp,
    ReminderPress,
    ToggleKeyword,
    TurnPage,
)
from bot.services.common import Refusal
from bot.telegram.app import BUTTONS

EXAMPLES = [
    JoinSession(7),
    BeginSession(7),
    ChairPick(7, "1234567890123"),
    MarkItem(7, "nieuw", "bpv_europa"),
    MarkItem(7, "competenties", "eigen123456789"),
    TurnPage(7, "nieuw", 4),
    OpenHulpvragen(7, 3),
    AskHulpvraag(7, 3, 5),
    AddOwnItem(12, "intercultureel"),
    AddOwnItem(12, "eigen_land"),
    ToggleKeyword(40),
    CardPress(12, CardOp.DELETE),
    OwnerPick(12, "123456789012"),
    DeadlinePick(12, "2026-12-15"),
    DialogPress(3, DialogOp.CONFIRM, "save"),
    DialogPress(3, DialogOp.ACTIVITY, "eigen123456789"),
    ReminderPress(12, ReminderOp.LATER),
    ForgetPress(ForgetAnswer.YES),
]


def routes_of(data: str) -> list[str]:
    return [handler.__name__ for route, handler in BUTTONS if re.search(route, data)]


@pytest.mark.parametrize("button", EXAMPLES, ids=lambda b: type(b).__name__)
def test_a_button_reaches_one_handler_and_reads_back_the_same(button) -> None:
    data = button.encode()
    assert len(data.encode()) <= 64, "Telegram's limit for callback data"
    assert len(routes_of(data)) == 1, data
    assert type(button).decode(data) == button


def test_every_button_type_is_routed() -> None:
    assert {type(b).ROUTE for b in EXAMPLES} == {route for route, _ in BUTTONS}


@pytest.mark.parametrize("data", ["ac:1234567890:del", "join:1234567890", "mk:0123456789:al:x"])
def test_ids_over_nine_digits_reach_no_handler(data: str) -> None:
    assert routes_of(data) == []


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (CardPress, "ac:1:nonsense:extra"),
        (CardPress, "ac:1:"),
        (JoinSession, "join:5:x"),
        (DialogPress, "dr:1:z:save"),
        (ReminderPress, "rm:1:snooze"),
    ],
)
def test_a_malformed_rest_is_refused_in_dutch(button, data: str) -> None:
    assert routes_of(data), "it gets past the routing"
    with pytest.raises(Refusal, match="Die knop ken ik niet"):
        button.decode(data)
