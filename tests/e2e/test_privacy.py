"""Privacy as members and hosts meet it: /privacy, /vergeetmij (answers, marks and name gone
from every group; their actions without owner, the chair told) and DATA_RETENTION_DAYS
(finished sessions removed once a day, open actions kept).

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import String, cast
from sqlmodel import select

from storage.models import (
    Action,
    ActionDraft,
    Answer,
    BotSetting,
    GroupMember,
    Mark,
    Member,
    OutboxMessage,
    Participant,
    Question,
    Reminder,
    WorkSession,
)
from tests.clock import TickingClock
from tests.e2e.harness import BotUnderTest
from tests.e2e.helpers import forge, last_bot


async def say(bot, member, chat, text, **kwargs):
    sent = await member.send(chat, text, **kwargs)
    await bot.settle()
    return sent


async def say_privately(bot, member, text):
    await member.send_private(text)
    await bot.settle()
    return member.private_chat.bot_messages()[-1]


# --- /privacy ----------------------------------------------------------------------------


async def test_privacy_tells_what_is_stored_how_long_and_how_to_be_forgotten(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await say(bot, anna, group, "/privacy")
    in_group = group.bot_messages()[-1].text
    for told in (
        "naam en gebruikersnaam",
        "antwoorden en je markeringen",
        "acties die je oppakt, met hun herinneringen",
        "wanneer je iets deed",
        "begeleiden en de afspraken daarna op te volgen",
        "Een afgeronde sessie wis ik na ongeveer twee jaar",
        "Je team in de groep, en de school of organisatie die deze bot beheert",
        "/vergeetmij in een privéchat met mij",
    ):
        assert told in in_group, told
    assert await say_privately(bot, anna, "/privacy") is not None
    assert anna.private_chat.bot_messages()[-1].text == in_group

    group_menu = [c["command"] for c in fake.commands({"type": "all_group_chats"})]
    private_menu = [c["command"] for c in fake.commands({"type": "all_private_chats"})]
    assert "privacy" in group_menu and "vergeetmij" not in group_menu
    assert {"privacy", "vergeetmij"} <= set(private_menu)
    await say(bot, anna, group, "/help")
    assert "/privacy" in group.bot_messages()[-1].text
    assert "/vergeetmij" in group.bot_messages()[-1].text


# --- /vergeetmij -------------------------------------------------------------------------


@pytest.fixture
async def two_teams(bot, fake):
    """Anna takes part in Zorg (Bram chairs) and chairs Techniek (with Carla). In Zorg she
    answered, marked a competence and owns actions #1 (open) and #2 (done)."""
    anna = fake.add_user("Anna", username="anna", last_name="de Vries")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    zorg = fake.add_group("Team Zorg", members=[anna, bram])
    techniek = fake.add_group("Team Techniek", members=[anna, carla])

    await say(bot, bram, zorg, "/sessie 3")
    await say(bot, anna, zorg, "/doemee")
    await say(bot, bram, zorg, "/begin")
    card = last_bot(zorg, "Stap 1 van 5")
    await say(bot, anna, zorg, "Wij hebben veel internationale stagebedrijven", reply_to=card)
    await say(bot, bram, zorg, "Onze studenten komen uit de hele wereld", reply_to=card)
    await say(bot, bram, zorg, "/volgende")
    await say(bot, bram, zorg, "/volgende")
    board = last_bot(zorg, "Interculturele competenties")
    await anna.press(board, "Openstaan")
    await bram.press(board, "Openstaan")
    await bot.settle()
    await say(bot, bram, zorg, "/actie @anna 15 december: Engelstalig lesmateriaal zoeken")
    await say(bot, bram, zorg, "/actie @anna morgen: Teamleider informeren")
    await say(bot, anna, zorg, "/klaar 2")
    await say(bot, bram, zorg, "/actie ik 16 december: Gastles plannen")
    await say(bot, anna, zorg, "/actie")  # an unfinished dialog of hers

    await say(bot, anna, techniek, "/sessie 3")
    await say(bot, carla, techniek, "/doemee")
    await say(bot, anna, techniek, "/begin")
    card = last_bot(techniek, "Stap 1 van 5")
    await say(bot, anna, techniek, "Ik geef les in het Engels", reply_to=card)
    await say(bot, carla, techniek, "Wij doen uitwisselingen", reply_to=card)
    await anna.start_private()
    await bot.settle()
    return zorg, techniek, anna, bram, carla


def bot_says(chat) -> str:
    return chat.bot_messages()[-1].text


async def test_vergeetmij_is_for_a_private_chat(bot, two_teams):
    zorg, _techniek, anna, *_ = two_teams
    before = len(bot.rows(Answer))
    await say(bot, anna, zorg, "/vergeetmij")
    assert bot_says(zorg) == (
        "Dat regelen we liever onder vier ogen: stuur /vergeetmij in een privéchat met mij."
    )
    assert len(bot.rows(Answer)) == before


async def test_vergeetmij_removes_answers_marks_and_name_from_every_group(bot, fake, two_teams):
    zorg, techniek, anna, bram, carla = two_teams
    bram_answers = [a.text for a in bot.rows(Answer, Answer.user_id == bram.id)]
    assert bot.rows(GroupMember, GroupMember.user_id == anna.id), "seen in her groups"
    (open_action,) = bot.rows(Action, Action.number == 1)

    # Asked first, with buttons; "Nee" keeps everything.
    prompt = await say_privately(bot, anna, "/vergeetmij")
    assert "Wil je dat ik je vergeet?" in prompt.text
    assert [label for row in prompt.buttons for label, _ in row] == ["Ja, vergeet mij", "Nee"]
    await anna.press(prompt, "Nee")
    await bot.settle()
    assert prompt.text == "Prima, ik laat alles zoals het is." and prompt.buttons == []
    assert len(bot.rows(Answer, Answer.user_id == anna.id)) == 2

    # Only Anna herself can confirm: a press under her prompt by anyone else does nothing.
    prompt = await say_privately(bot, anna, "/vergeetmij")
    forged = await forge(bot, fake, bram, prompt, "vergeet:ja")
    assert forged.show_alert and "eigen privéchat" in forged.answer_text
    assert len(bot.rows(Answer, Answer.user_id == anna.id)) == 2
    assert len(bot.rows(Answer, Answer.user_id == bram.id)) == 1

    await anna.press(prompt, "Ja, vergeet mij")
    await bot.settle()
    assert prompt.text == (
        "✅ Klaar, ik ben je vergeten. Gewist: 2 antwoorden en 1 markering uit 2 groepen, "
        "en je naam. 1 open actie van jou staat nu zonder trekker. De voorzitter weet ervan."
    )
    assert prompt.buttons == []

    # What was hers is gone; what is the team's stays, without her.
    assert bot.rows(Answer, Answer.user_id == anna.id) == []
    assert bot.rows(Mark, Mark.user_id == anna.id) == []
    assert bot.rows(Participant, Participant.user_id == anna.id) == []
    assert bot.rows(ActionDraft, ActionDraft.user_id == anna.id) == []
    assert bot.rows(GroupMember, GroupMember.user_id == anna.id) == []
    (member,) = bot.rows(Member, Member.id == anna.id)
    assert (member.first_name, member.last_name, member.username, member.private_chat) == (
        "Oud-deelnemer",
        None,
        None,
        False,
    )
    actions = {a.number: a for a in bot.rows(Action)}
    assert (actions[1].owner_id, actions[1].status) == (None, "open")
    assert (actions[2].owner_id, actions[2].status) == (None, "done")
    assert (
        bot.rows(Reminder, Reminder.action_id == open_action.id, Reminder.status == "pending") == []
    )
    assert bot.rows(Reminder, Reminder.action_id == actions[3].id, Reminder.status == "pending")

    # Nothing of anyone else changed.
    assert [a.text for a in bot.rows(Answer, Answer.user_id == bram.id)] == bram_answers
    assert len(bot.rows(Answer, Answer.user_id == carla.id)) == 1
    assert len(bot.rows(Mark, Mark.user_id == bram.id)) == 1
    assert actions[3].owner_id == bram.id

    # Zorg's chair hears which action lost its owner; Techniek gets Carla as chair.
    told = bot_says(zorg)
    assert told.startswith("🔒 Een deelnemer heeft gevraagd om vergeten te worden.")
    assert "Actie #1 is nu zonder trekker. Bram, wil je een nieuwe trekker kiezen?" in told
    assert "Carla is nu de voorzitter." in bot_says(techniek)
    (techniek_session,) = bot.rows(WorkSession, WorkSession.chat_id == techniek.id)
    assert (techniek_session.chair_id, techniek_session.status) == (carla.id, "running")

    # Her name is nowhere the bot looks, nor in its record of sent messages.
    await say(bot, bram, zorg, "/status")
    assert "Anna" not in bot_says(zorg)
    await say(bot, bram, zorg, "/samenvatting")
    summary = bot_says(zorg)
    assert "Anna" not in summary and "zonder trekker" in summary
    with bot.db() as db:
        named = db.exec(
            select(OutboxMessage).where(
                OutboxMessage.text.contains("Anna")
                | cast(OutboxMessage.reply_markup, String).contains("Anna")
                | OutboxMessage.text.contains(f'tg://user?id={anna.id}"')
            )
        ).all()
    assert named == []

    # Doing something again is starting afresh.
    await say(bot, anna, techniek, "/doemee")
    assert "Welkom, Anna de Vries!" in bot_says(techniek)


async def test_a_chair_left_alone_stops_the_session(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    solo = fake.add_group("Team Solo", members=[anna])
    await say(bot, anna, solo, "/sessie")
    await say(bot, anna, solo, "/begin")
    prompt = await say_privately(bot, anna, "/vergeetmij")
    await anna.press(prompt, "Ja, vergeet mij")
    await bot.settle()
    assert "Gewist: 0 antwoorden en 0 markeringen uit 1 groep, en je naam." in prompt.text
    assert "De sessie is gestopt, want verder deed er niemand mee." in bot_says(solo)
    (session,) = bot.rows(WorkSession)
    assert session.status == "stopped"
    # The group can start over.
    await say(bot, anna, solo, "/sessie")
    assert "Anna is de voorzitter" in bot_says(solo)


async def test_forgetting_someone_the_bot_never_met_only_says_so(bot, fake):
    eva = fake.add_user("Eva")
    prompt = await say_privately(bot, eva, "/vergeetmij")
    await eva.press(prompt, "Ja, vergeet mij")
    await bot.settle()
    assert prompt.text == "Ik had niets van je bewaard, dus er valt niets te vergeten."


# --- DATA_RETENTION_DAYS ----------------------------------------------------------------


def retention_runs(caplog) -> int:
    return sum(
        r.name == "bot.services.privacy.privacy" and "retention" in r.message
        for r in caplog.records
    )


async def test_finished_sessions_are_removed_after_the_retention_period(
    bot_keeping_30_days, fake, clock, caplog
):
    bot = bot_keeping_30_days
    caplog.set_level(logging.INFO, logger="bot.services.privacy.privacy")
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await say(bot, anna, group, "/privacy")
    assert "Een afgeronde sessie wis ik na 30 dagen" in bot_says(group)

    # The first session, stopped on 24 November: one open and one finished action.
    await say(bot, anna, group, "/sessie")
    await say(bot, bram, group, "/doemee")
    await say(bot, anna, group, "/begin")
    await say(bot, bram, group, "Eerste sessie", reply_to=last_bot(group, "Stap 1 van 5"))
    await say(bot, anna, group, "/actie @bram 15 januari: Partnerschool zoeken")
    await say(bot, anna, group, "/actie ik morgen: Teamleider informeren")
    await say(bot, anna, group, "/klaar 2")
    await say(bot, anna, group, "/stop")
    (first,) = bot.rows(WorkSession)
    done = bot.rows(Action, Action.number == 2)[0]

    # A second session, twenty days later.
    await bot.tick(days=20)
    await say(bot, bram, group, "/sessie")
    await say(bot, bram, group, "/begin")
    await say(bot, anna, group, "Tweede sessie", reply_to=last_bot(group, "Stap 1 van 5"))
    await say(bot, bram, group, "/stop")

    # Thirty days after the first one stopped it is still there...
    await bot.tick(days=10)
    assert bot.rows(WorkSession, WorkSession.id == first.id)
    # ...and a day later it is gone, with everything of it but the open action.
    await bot.tick(days=1)
    assert bot.rows(WorkSession, WorkSession.id == first.id) == []
    for model in (Answer, Question, Participant, Mark, OutboxMessage):
        assert bot.rows(model, model.session_id == first.id) == [], model.__name__
    assert bot.rows(Action, Action.id == done.id) == []
    assert bot.rows(Reminder, Reminder.action_id == done.id) == []
    assert (
        bot.rows(OutboxMessage, OutboxMessage.family == "action", OutboxMessage.ref == str(done.id))
        == []
    )
    (kept,) = bot.rows(Action)
    assert (kept.number, kept.status, kept.session_id) == (1, "open", None)
    assert bot.rows(Reminder, Reminder.action_id == kept.id, Reminder.status == "pending")
    assert [a.text for a in bot.rows(Answer)] == ["Tweede sessie"]
    last_log = [r.message for r in caplog.records if r.name == "bot.services.privacy.privacy"][-1]
    assert "removed 1 session(s) (1 answers, 0 marks, 1 actions; 1 open actions kept)" in last_log

    # The team still sees its open action and its latest session.
    await say(bot, anna, group, "/acties alle")
    assert "#1 Partnerschool zoeken" in bot_says(group)
    await say(bot, anna, group, "/samenvatting")
    assert "Tweede sessie" in bot_says(group)

    # Once a day at 03:00: a restart neither repeats today's run nor skips a missed one.
    runs = retention_runs(caplog)
    (last_run,) = bot.rows(BotSetting, BotSetting.key == "retention_last_run")
    await bot.restart()
    assert retention_runs(caplog) == runs
    assert bot.rows(BotSetting, BotSetting.key == "retention_last_run") == [last_run]
    assert bot.services.wakeups.next_at("retention") == datetime(2026, 12, 26, 2, 0, tzinfo=UTC)
    await bot.stop()
    clock.advance(days=3)
    await bot.start()
    assert retention_runs(caplog) == runs + 1


async def test_the_first_retention_run_happens_with_a_clock_that_moves(fake, database_url, caplog):
    # A real clock reads later at every call; a first run that compared two readings never
    # happened, and its wake-up fired again and again, keeping a core busy.
    caplog.set_level(logging.INFO, logger="bot.services.privacy.privacy")
    clock = TickingClock()
    bot = BotUnderTest(fake=fake, clock=clock, database_url=database_url)
    await bot.start()
    try:
        assert retention_runs(caplog) == 1
        assert bot.rows(BotSetting, BotSetting.key == "retention_last_run")
        # The next run is tomorrow at 03:00 Amsterdam time, not now.
        assert bot.services.wakeups.next_at("retention") == datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    finally:
        await bot.stop()
