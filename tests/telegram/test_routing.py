"""Every button's data reaches its own handler and reads back as the same button; forged
data stops at the routing (ids over 9 digits) or at its format (a Refusal in Dutch)."""

from __future__ import annotations

import re

import pytest

from bot.core.domain import Leerjaar, Need
from bot.services.buttons import (
    AddOwnItem,
    AskHulpvraag,
    BeginSession,
    CardOp,
    CardPress,
    ChairPick,
    Confirm,
    DeadlinePick,
    DialogActivity,
    DialogConfirm,
    DialogDeadline,
    DialogLeerjaar,
    DialogNeeds,
    DialogOwner,
    DialogResume,
    ForgetAnswer,
    ForgetPress,
    JoinSession,
    MarkItem,
    NeedsMove,
    OpenHulpvragen,
    OwnerPick,
    ReminderOp,
    ReminderPress,
    Resume,
    Skip,
    ToggleKeyword,
    TurnPage,
    decode_dialog,
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
    DialogResume(3, Resume.START_OVER),
    DialogOwner(3, "123456789012"),
    DialogDeadline(3, "2026-12-15"),
    DialogActivity(3, "eigen123456789"),
    DialogActivity(3, Skip.SKIP),
    DialogNeeds(3, Need.HULPMIDDELEN),
    DialogNeeds(3, NeedsMove.NEXT),
    DialogLeerjaar(3, Leerjaar.ALL),
    DialogConfirm(3, Confirm.SAVE),
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
    if data.startswith("dr:"):
        assert decode_dialog(data) == button


def test_every_button_type_is_routed() -> None:
    assert {type(b).ROUTE for b in EXAMPLES} == {route for route, _ in BUTTONS}


@pytest.mark.parametrize("data", ["ac:1234567890:del", "join:1234567890", "mk:0123456789:al:x"])
def test_ids_over_nine_digits_reach_no_handler(data: str) -> None:
    assert routes_of(data) == []


@pytest.mark.parametrize(
    ("decode", "data"),
    [
        (CardPress.decode, "ac:1:nonsense:extra"),
        (CardPress.decode, "ac:1:"),
        (JoinSession.decode, "join:5:x"),
        (decode_dialog, "dr:1:z:save"),
        (decode_dialog, "dr:1:c:nonsense"),
        (decode_dialog, "dr:1:n:vakantie"),
        (decode_dialog, "dr:1"),
        (DialogConfirm.decode, "dr:1:save"),
        (DialogConfirm.decode, "dr:1:o:save"),
        (ReminderPress.decode, "rm:1:snooze"),
    ],
)
def test_a_malformed_rest_is_refused_in_dutch(decode, data: str) -> None:
    assert routes_of(data), "it gets past the routing"
    with pytest.raises(Refusal, match="Die knop ken ik niet"):
        decode(data)


@pytest.mark.parametrize(
    ("data", "button"),
    [
        ("dr:3:r:go", DialogResume(3, Resume.GO_ON)),
        ("dr:3:o:me", DialogOwner(3, "me")),
        ("dr:3:d:type", DialogDeadline(3, "type")),
        ("dr:3:a:skip", DialogActivity(3, Skip.SKIP)),
        ("dr:3:n:note", DialogNeeds(3, NeedsMove.NOTE)),
        ("dr:3:l:2", DialogLeerjaar(3, Leerjaar.TWO)),
        ("dr:3:c:cancel", DialogConfirm(3, Confirm.CANCEL)),
    ],
)
def test_a_dialog_button_already_in_a_chat_reads_as_its_operation(data: str, button) -> None:
    """The dialog's buttons were one format, "dr:<draft>:<op>:<arg>"; each operation's
    own data keeps it, so buttons sent before still work."""
    assert decode_dialog(data) == button
    assert button.encode() == data
