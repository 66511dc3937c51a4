"""Callback data carries no trust: a modified client can send any data under any of the
bot's messages. Every press is checked against the database (the chat it was pressed in,
who pressed it); a press naming another group's session or action, or an id that does not
exist, gets a short notice and changes nothing.

Two teams: Zorg (Anna chairs, Bram) and Techniek (Carla chairs, Dirk)."""

from __future__ import annotations

import pytest

from bot.telegram.redaction import HIDDEN
from prompts import load_deck
from storage.models import Action, ActionDraft, Answer, Mark, Participant, Reminder, WorkSession
from tests.e2e.harness import sqlite_url
from tests.e2e.helpers import forge, last_bot
from tests.e2e.processes import BotProcess, SharedClock, free_port

UNKNOWN = "9" * 9  # a row id no row has
HUGE = "9" * 12  # fits callback data and a BIGINT, but no row id (32 bits)


@pytest.fixture
async def teams(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    dirk = fake.add_user("Dirk", username="dirk")
    zorg = fake.add_group("Team Zorg", members=[anna, bram])
    techniek = fake.add_group("Team Techniek", members=[carla, dirk])
    await anna.send(zorg, "/sessie")
    await bram.send(zorg, "/doemee")
    await carla.send(techniek, "/sessie")
    await bot.settle()
    (zorg_session,) = bot.rows(WorkSession, WorkSession.chat_id == zorg.id)
    return zorg, techniek, anna, bram, carla, dirk, zorg_session


async def assert_refused(bot, fake, user, message, data: str, notice: str) -> None:
    said_before = len(message.chat.bot_messages())
    callback = await forge(bot, fake, user, message, data)
    assert callback.answered and callback.show_alert, data
    assert notice in callback.answer_text, (data, callback.answer_text)
    assert len(message.chat.bot_messages()) == said_before, f"{data}: nothing is posted"


async def test_session_buttons_naming_another_groups_session_change_nothing(bot, fake, teams):
    zorg, techniek, anna, bram, carla, dirk, zorg_session = teams
    opening = last_bot(techniek, "Aan de slag met internationalisering")
    sid = zorg_session.id
    await assert_refused(bot, fake, dirk, opening, f"join:{sid}", "geen sessie")
    await assert_refused(bot, fake, carla, opening, f"begin:{sid}", "geen sessie")
    competence = load_deck().competences[0].key
    await assert_refused(
        bot, fake, dirk, opening, f"mk:{sid}:competenties:{competence}", "hoort niet bij"
    )
    await assert_refused(bot, fake, dirk, opening, f"bp:{sid}:nieuw:1", "hoort niet bij")
    # In a private chat no session runs at all.
    await dirk.start_private()
    await bot.settle()
    private = dirk.private_chat.bot_messages()[-1]
    await assert_refused(bot, fake, dirk, private, f"join:{sid}", "geen sessie")

    (session,) = bot.rows(WorkSession, WorkSession.id == sid)
    assert session.status == "gathering", "Zorg's session did not begin"
    assert {p.user_id for p in bot.rows(Participant, Participant.session_id == sid)} == {
        anna.id,
        bram.id,
    }
    assert bot.rows(Mark) == []


async def test_action_buttons_naming_another_groups_action_change_nothing(bot, fake, teams):
    zorg, techniek, anna, bram, carla, dirk, _ = teams
    await anna.send(zorg, "/actie @bram 15 december: Lesmateriaal zoeken")
    await anna.send(zorg, "/actie")  # Anna's dialog stays open
    await bot.settle()
    (action,) = bot.rows(Action)
    (draft,) = bot.rows(ActionDraft)
    reminders_before = len(bot.rows(Reminder, Reminder.status == "pending"))
    techniek_message = last_bot(techniek, "Aan de slag met internationalisering")

    # Carla chairs Techniek, not Zorg: none of these reach Zorg's action or Anna's dialog.
    for data in (
        f"ac:{action.id}:del",
        f"ao:{action.id}:{carla.id}",
        f"ao:{action.id}:me",
        f"ax:{action.id}:2027-01-08",
    ):
        await assert_refused(bot, fake, carla, techniek_message, data, "hoort niet bij deze groep")
    await assert_refused(bot, fake, carla, techniek_message, f"dr:{draft.id}:c:save", "al afgerond")
    await assert_refused(bot, fake, carla, techniek_message, f"rm:{action.id}:done", "bestaat niet")
    # In her own private chat: she is no member of Zorg, so the policy refuses her (without
    # naming Zorg's people to an outsider).
    await carla.start_private()
    await bot.settle()
    private = carla.private_chat.bot_messages()[-1]
    for op in ("done", "later", "help"):
        await assert_refused(
            bot, fake, carla, private, f"rm:{action.id}:{op}", "alleen wie nu in de groep zit"
        )

    (unchanged,) = bot.rows(Action)
    assert (unchanged.status, unchanged.owner_id, unchanged.deadline, unchanged.help_asked_at) == (
        "open",
        bram.id,
        action.deadline,
        None,
    )
    assert len(bot.rows(Reminder, Reminder.status == "pending")) == reminders_before
    (still,) = bot.rows(ActionDraft)
    assert (still.status, still.user_id) == ("open", anna.id)


async def test_unknown_and_impossible_ids_get_a_notice_not_an_error(bot, fake, teams):
    zorg, _techniek, anna, *_ = teams
    await anna.send(zorg, "/actie ik morgen: Stagebedrijven bellen")
    await bot.settle()
    card = last_bot(zorg, "Actie #1")
    for data, notice in (
        ("ac:999:del", "hoort niet bij deze groep"),
        (f"ac:{UNKNOWN}:del", "hoort niet bij deze groep"),
        (f"ao:{UNKNOWN}:me", "hoort niet bij deze groep"),
        (f"rm:{UNKNOWN}:done", "bestaat niet"),
        (f"dr:{UNKNOWN}:c:save", "al afgerond"),
        (f"join:{UNKNOWN}", "geen sessie"),
        (f"begin:{UNKNOWN}", "geen sessie"),
        (f"mk:{UNKNOWN}:competenties:{load_deck().competences[0].key}", "hoort niet bij"),
        (f"mk:{UNKNOWN}:al:x", "ken ik niet"),
        (f"bp:{UNKNOWN}:al:1", "hoort niet bij"),
        (f"bp:{UNKNOWN}:competenties:1", "ken ik niet"),
        *(
            (f"{prefix}:{HUGE}{rest}", "werkt niet")
            for prefix, rest in (
                ("ac", ":del"),
                ("ao", ":me"),
                ("rm", ":done"),
                ("dr", ":c:save"),
                ("join", ""),
                ("begin", ""),
                ("mk", ":al:x"),
                ("bp", ":al:1"),
            )
        ),
        ("onzin", "werkt niet"),
        ("ac:1:nonsense:extra", "ken ik niet"),
    ):
        await assert_refused(bot, fake, anna, card, data, notice)
    # A typed number too long for any action is an unknown number, not an error.
    await anna.send(zorg, f"/klaar {HUGE}")
    await bot.settle()
    assert "bijvoorbeeld /klaar 3" in zorg.bot_messages()[-1].text
    (action,) = bot.rows(Action)
    assert action.status == "open"


async def test_an_answer_never_lands_in_another_groups_session(bot, fake, clock, teams):
    zorg, techniek, anna, _bram, carla, *_ = teams
    await anna.send(zorg, "/begin")
    await bot.settle()
    card = last_bot(zorg, "Stap 1 van 5")
    # Telegram numbers messages per chat, so Techniek may have a message with the card's id.
    # A reply to it there, even one quoting the card's text, is no answer to Zorg's card.
    lookalike = card.to_dict(with_reply=False) | {"chat": techniek.to_dict()}
    await fake.send_raw_update(
        {
            "message": {
                "message_id": 999,
                "from": carla.to_dict(),
                "chat": techniek.to_dict(),
                "date": int(clock.now().timestamp()),
                "text": "Mijn antwoord",
                "reply_to_message": lookalike,
            }
        }
    )
    await bot.settle()
    assert bot.rows(Answer) == []


async def test_only_the_owner_or_chair_may_use_a_reminder_in_the_group(bot, fake, teams):
    zorg, _techniek, anna, bram, *_ = teams
    await bram.send(zorg, "/actie @anna morgen: Stagebedrijven bellen")
    await bot.settle()
    await bot.tick(days=1)  # Wednesday 14:00: the reminder goes to the group
    reminder = last_bot(zorg, "dit is een herinnering voor jou")
    pressed = await bram.press(reminder, "Klaar")  # Bram made it, but owns nor chairs it
    await bot.settle()
    assert pressed.show_alert and "Alleen Anna (trekker) of de voorzitter" in pressed.answer_text
    (action,) = bot.rows(Action)
    assert action.status == "open"
    await anna.press(reminder, "Klaar")
    await bot.settle()
    (action,) = bot.rows(Action)
    assert action.status == "done"


async def test_a_debug_log_never_shows_the_token_or_the_webhook_secret(fake, clock, tmp_path):
    """The real bot at LOG_LEVEL=DEBUG, where python-telegram-bot logs its API URL (with the
    token) and every call's parameters (setWebhook's secret), and httpx every request."""
    secret = "webhook_secret-0123456789"
    log = tmp_path / "bot.log"
    process = BotProcess(
        fake,
        SharedClock(clock, tmp_path / "clock.txt"),
        sqlite_url(tmp_path),
        log,
        LOG_LEVEL="DEBUG",
        WEBHOOK_URL="https://bot.school.example/telegram/hook",
        WEBHOOK_SECRET=secret,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(free_port()),
    )
    try:
        await process.start()
        anna = fake.add_user("Anna", username="anna")
        group = fake.add_group("Team Zorg", members=[anna])
        await anna.send(group, "/sessie")
        (update,) = fake.pop_updates()
        assert await process.post(update, secret) == 200
        process.terminate()
        assert await process.wait() == 0
    finally:
        await process.ensure_stopped()
    written = log.read_text()
    assert "Calling Bot API endpoint `setWebhook`" in written and "HTTP Request: POST" in written
    assert fake.token.split(":")[1] not in written
    assert secret not in written
    assert HIDDEN in written
