"""One member cannot drown a session, and an edited command never runs twice (issue 17):
the session's own messages go before answers to commands, a command repeated by one member
gets one answer, the heavy ones (/poster, /export, /samenvatting) go once in a short while,
and a queued file holds what to build, not the file.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from storage.models import Action, OutboxMessage, WorkSession
from tests.documents.read import docx_text
from tests.e2e.harness import BotUnderTest
from tests.e2e.helpers import count_bot, last_bot, say, start_session

# --- edits ------------------------------------------------------------------------------


async def test_an_edited_actie_changes_the_action_it_made_and_makes_no_second(bot, joined):
    group, anna, bram, carla, *_ = joined
    command = await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    card = last_bot(group, "Actie #1")
    await anna.edit(command, "/actie @carla 18 december: Engelstalig lesmateriaal zoeken")
    await bot.settle()

    (stored,) = bot.rows(Action)
    assert (stored.text, stored.owner_id, stored.deadline) == (
        "Engelstalig lesmateriaal zoeken",
        carla.id,
        date(2026, 12, 18),
    )
    note = group.bot_messages()[-1]
    assert note.reply_to is command
    assert "Actie #1 aangepast" in note.text and "Carla" in note.text
    # The card shows the action as it is now; no second card.
    shown = group.message(card.message_id)
    assert "Engelstalig lesmateriaal zoeken" in shown.text and "👤 Carla" in shown.text
    assert count_bot(group, "Actie #2") == 0


async def test_an_edit_that_cannot_be_read_keeps_the_action_and_says_why(bot, joined):
    group, anna, *_ = joined
    command = await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    await anna.edit(command, "/actie @bram 31 februari: Lesmateriaal zoeken")
    await bot.settle()
    (stored,) = bot.rows(Action)
    assert stored.deadline == date(2026, 12, 15)
    note = group.bot_messages()[-1]
    assert note.reply_to is command
    assert "Actie #1 blijft zoals hij was" in note.text and "niet als datum" in note.text


async def test_edited_commands_are_not_run_again(bot, joined):
    group, anna, *_ = joined
    status = await say(bot, anna, group, "/status")
    answers = len(group.bot_messages())
    await anna.edit(status, "/status nu")
    await bot.settle()
    # One short note, not a second status.
    assert len(group.bot_messages()) == answers + 1
    assert "niet nog een keer" in group.bot_messages()[-1].text

    # An /actie whose dialog is still asking is left alone, with a note.
    bare = await say(bot, anna, group, "/actie")
    await anna.edit(bare, "/actie ik morgen: Bellen")
    await bot.settle()
    assert bot.rows(Action) == []
    assert "neem ik niet over" in group.bot_messages()[-1].text


# --- one member's stream of commands ----------------------------------------------------


@pytest.fixture
async def paced(fake, clock, database_url):
    """The bot with Telegram's pace: one message a second per chat, 20 a minute per group."""
    bot = BotUnderTest(
        fake=fake,
        clock=clock,
        database_url=database_url,
        extra_settings={"chat_min_interval_seconds": 1, "group_messages_per_minute": 20},
    )
    await bot.start()
    yield bot
    await bot.stop()


async def test_thirty_status_commands_do_not_hold_up_the_next_step_card(paced, fake, clock):
    bot = paced
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await anna.send(group, "/sessie 150")
    await anna.send(group, "/begin")
    await bot.settle()
    await bot.tick(seconds=2)
    assert count_bot(group, "Stap 1 van 5") == 1
    (session,) = bot.rows(WorkSession)
    assert session.step_started_at is not None
    step_two = session.step_started_at + timedelta(seconds=session.step_seconds[0])

    # The half minute before step 2 is due: Bram asks /status every second. Thirty answers
    # would fill the group's twenty a minute, and the card would wait for the minute to pass.
    clock.set(step_two - timedelta(seconds=30))
    await bot.tick()
    before = len(group.bot_messages())
    for _ in range(30):
        await bram.send(group, "/status")
        await bot.tick(seconds=1)
    assert clock.now() == step_two

    for _ in range(5):
        if count_bot(group, "Stap 2 van 5"):
            break
        await bot.tick(seconds=1)
    card = last_bot(group, "Stap 2 van 5")
    sent_at = datetime.fromtimestamp(card.date, UTC)
    assert sent_at - step_two <= timedelta(seconds=3)
    # Bram got his answer, once per change, not thirty times.
    answers = [m for m in group.bot_messages()[before:] if m.reply_to is not None]
    assert 1 <= len(answers) <= 3


async def test_a_second_poster_just_after_the_first_is_refused_kindly(bot, team):
    group, anna, bram, *_ = team
    await start_session(bot, group, anna)
    await say(bot, anna, group, "/poster")
    await say(bot, anna, group, "/poster")
    assert len([m for m in group.bot_messages() if m.photo]) == 1
    refusal = group.bot_messages()[-1]
    assert "net gestuurd" in refusal.text and "2 minuten" in refusal.text
    # Per member: Bram may have his own; and Anna again once the two minutes are over.
    await say(bot, bram, group, "/poster")
    await bot.tick(minutes=2)
    await say(bot, anna, group, "/poster")
    assert len([m for m in group.bot_messages() if m.photo]) == 3


# --- files built when they are sent -----------------------------------------------------


async def test_a_queued_export_holds_no_file_and_still_arrives(bot, fake, step5):
    group, anna, bram, *_, card = step5
    await say(bot, bram, group, "Uitwisseling met Gent", reply_to=card)
    fake.fail_next("sendMessage", retry_after=30, chat_id=group.id)
    await say(bot, anna, group, "/export")

    rows = bot.rows(OutboxMessage, OutboxMessage.family == "export", OutboxMessage.ref.is_not(None))
    assert [r.status for r in rows] == ["pending"] * 4
    for row in rows:
        assert row.attachment is not None and row.attachment["build"]
        stored = json.dumps(row.attachment)
        assert "Gent" not in stored and "data" not in row.attachment
        assert "Gent" not in row.text

    # Meanwhile Bram adds to his answer: the file shows the database as it is when sent.
    await say(bot, bram, group, "Stage in Keulen", reply_to=card)
    await bot.tick(seconds=31)
    files = {m.document[0].rsplit(".", 1)[1]: m.document[1] for m in group.bot_messages()[-4:]}
    assert set(files) == {"pdf", "docx", "csv", "ics"}
    document = docx_text(files["docx"])
    assert "Uitwisseling met Gent" in document and "Stage in Keulen" in document


async def test_a_file_that_cannot_be_built_is_named_and_the_rest_goes(bot, team):
    group, anna, *_ = team
    await start_session(bot, group, anna)
    with bot.db() as db:
        db.add(
            OutboxMessage(
                chat_id=group.id,
                family="poster",
                ref="png",
                text="Jullie poster",
                document_name="poster-2026-11-24.png",
                attachment={"build": "poster_png", "as": "photo", "session_id": 999_999},
                created_at=bot.clock.now(),
            )
        )
        db.commit()
    await bot.tick(seconds=1)
    assert "poster-2026-11-24.png kon ik niet maken" in group.bot_messages()[-1].text
    await say(bot, anna, group, "/status")
    assert "Stap 1 van 5" in group.bot_messages()[-1].text
