"""No typed word lost or misfiled (issue 18, item 5): a plain message while a member's
/actie dialog waits, a one-line /actie that names someone without @, a typo in a command,
free text and /start in the private chat.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

from datetime import date

import pytest

from storage.models import Action, ActionDraft, Answer
from tests.e2e.conftest import session_at_step_five
from tests.e2e.helpers import last_bot, say


@pytest.fixture
async def seeing(bot, fake):
    """A team in step 5 whose group has the bot as admin: it reads every message, as the
    privacy-mode rules say, not only replies and commands."""
    anna = fake.add_user("Anna", username="anna", last_name="de Vries")
    bram = fake.add_user("Bram", username="bram")
    fatima = fake.add_user("Fatima", last_name="el Amrani")  # no username
    group = fake.add_group("Team Zorg", members=[anna, bram, fatima], bot_is_admin=True)
    await session_at_step_five(bot, group, anna, bram, fatima)
    return group, anna, bram, fatima


async def test_a_date_typed_without_replying_while_the_dialog_waits_ends_in_the_action(bot, seeing):
    group, anna, bram, _ = seeing
    await say(bot, anna, group, "/actie @bram: Gastles over Erasmus plannen")
    assert "wanneer moet het klaar zijn" in group.bot_messages()[-1].text

    # Bram's plain message is his answer to step 5; Anna's is the date her dialog waits for.
    await say(bot, bram, group, "Ik wil graag een gastles over stages in Duitsland")
    typed = await say(bot, anna, group, "woensdag 13 januari")

    (stored,) = bot.rows(Action)
    assert (stored.text, stored.owner_id, stored.deadline) == (
        "Gastles over Erasmus plannen",
        bram.id,
        date(2027, 1, 13),
    )
    card = last_bot(group, "Actie #1")
    assert card.reply_to is typed
    assert "woensdag 13 januari" in card.text
    assert [a.text for a in bot.rows(Answer)] == [
        "Ik wil graag een gastles over stages in Duitsland"
    ]
    await say(bot, anna, group, "/samenvatting")
    summary = last_bot(group, "Samenvatting")
    assert "Bram: Ik wil graag een gastles over stages in Duitsland" in summary.text
    assert "Anna de Vries: woensdag 13 januari" not in summary.text
    assert "Bram · woensdag 13 januari 2027" in summary.text


async def test_a_plain_message_that_is_no_date_gets_a_one_line_hint_and_is_no_answer(bot, seeing):
    group, anna, bram, _ = seeing
    await say(bot, anna, group, "/actie @bram: Gastles plannen")
    question = group.bot_messages()[-1]
    chat = await say(bot, anna, group, "Goed idee van Bram trouwens")

    hint = group.bot_messages()[-1]
    assert hint.reply_to is chat
    assert hint.text == (
        "Anna de Vries, reageer op mijn vraag hierboven als dat een antwoord voor je actie is."
    )
    assert not bot.rows(Answer), "not misfiled as an answer to step 5"
    assert not bot.rows(Action)
    (draft,) = bot.rows(ActionDraft)
    assert (draft.text, draft.owner_id, draft.stage) == ("Gastles plannen", bram.id, "deadline")

    # The question still works; after saving, plain messages are answers to step 5 again.
    await say(bot, anna, group, "15 december", reply_to=question)
    assert bot.rows(Action)[0].deadline == date(2026, 12, 15)
    await say(bot, anna, group, "Ik zoek ook een partnerschool")
    assert [a.text for a in bot.rows(Answer)] == ["Ik zoek ook een partnerschool"]


async def test_a_name_without_at_and_a_date_are_understood_and_the_rest_is_asked(bot, seeing):
    group, anna, _, fatima = seeing
    command = await say(bot, anna, group, "/actie Fatima morgen")

    assert not bot.rows(Action), "nothing is saved from a guess"
    question = group.bot_messages()[-1]
    assert question.reply_to is command
    assert "wat ga je doen?" in question.text
    assert "👤 Fatima el Amrani" in question.text
    assert "woensdag 25 november (morgen)" in question.text

    await say(bot, anna, group, "Stagebedrijven in Duitsland bellen", reply_to=question)
    (stored,) = bot.rows(Action)
    assert (stored.text, stored.owner_id, stored.deadline) == (
        "Stagebedrijven in Duitsland bellen",
        fatima.id,
        date(2026, 11, 25),
    )


async def test_a_name_nobody_in_the_group_has_is_asked_with_owner_buttons(bot, seeing):
    group, anna, bram, _ = seeing
    await say(bot, anna, group, "/actie Piet morgen")

    assert not bot.rows(Action)
    question = group.bot_messages()[-1]
    assert "Ik weet niet wie je met ‘Piet’ bedoelt" in question.text
    assert "woensdag 25 november (morgen)" in question.text
    labels = [label for row in question.buttons for label, _ in row]
    assert {"Bram", "Fatima el Amrani", "🙋 Ik"} <= set(labels)
    await anna.press(question, "Bram")
    await bot.settle()
    assert "wat ga je doen?" in group.bot_messages()[-1].text
    (draft,) = bot.rows(ActionDraft)
    assert (draft.owner_id, draft.deadline, draft.text) == (bram.id, date(2026, 11, 25), None)


async def test_a_command_with_a_typo_gets_the_closest_one(bot, team):
    group, anna, *_ = team
    typo = await say(bot, anna, group, "/sesie")
    hint = group.bot_messages()[-1]
    assert hint.reply_to is typo
    assert "Bedoel je /sessie?" in hint.text

    await say(bot, anna, group, "/internationalisering")
    assert "/help" in group.bot_messages()[-1].text


async def test_the_private_chat_greets_briefly_and_answers_free_text(bot, fake, team):
    _, anna, *_ = team
    await anna.start_private()
    await bot.settle()
    chat = anna.private_chat
    greeting = chat.bot_messages()[-1].text
    assert len(greeting.splitlines()) == 2
    assert "/help" in greeting

    await say(bot, anna, chat, "Wanneer is mijn actie ook alweer?")
    hint = chat.bot_messages()[-1].text
    assert "/mijnacties" in hint and len(hint) < 200

    await say(bot, anna, chat, "/mijnactie")
    assert "Bedoel je /mijnacties?" in chat.bot_messages()[-1].text
