"""A whole short session as members live it, against the fake Bot API."""

from __future__ import annotations

import pytest
from alembic import command

from prompts import load_deck
from storage.db import alembic_config
from storage.models import Answer, Mark, OutboxMessage, WorkSession
from tests.e2e.helpers import count_bot, last_bot, start_session

TRICKY = "<b>x</b> & 1<2"


@pytest.fixture
def team(fake):
    anna = fake.add_user("Anna", username="anna", last_name="de Vries")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    dirk = fake.add_user("Dirk")  # no username
    eva = fake.add_user("Eva", username="eva")
    members = [anna, bram, carla, dirk, eva]
    group = fake.add_group("Team Zorg", members=members)
    return group, members


async def answer_everyone(bot, group, members, question, label: str, expected: list[str]) -> None:
    for member in members:
        text = f"{member.first_name} over {label}"
        if member.first_name == "Dirk" and label == "stap 1 kaart":
            text = TRICKY
        sent = await member.send(group, text, reply_to=question)
        expected.append(text)
        await bot.settle()
        assert sent.bot_reactions == ["✍"], "a stored answer is acknowledged"


async def test_whole_short_session_with_five_members_and_a_restart(bot, fake, team):
    group, members = team
    anna, bram, carla, dirk, eva = members
    said: list[str] = []

    # Opening: the sender becomes chair; the message explains the five steps.
    await anna.send(group, "/sessie 3")
    await bot.settle()
    opening = last_bot(group, "Aan de slag met internationalisering")
    assert "Anna de Vries is de voorzitter" in opening.text
    for title in ("Betekenis", "Relevantie", "Competenties", "Activiteiten", "Aan de slag"):
        assert title in opening.text
    assert "kwalificatiedossier" in opening.text

    # Joining by command and by button; the opening message keeps count.
    await bram.send(group, "/doemee")
    await carla.press(opening, "Doe mee")
    await dirk.press(opening, "Doe mee")
    await eva.send(group, "/doemee")
    await bot.settle()
    assert "Deelnemers (5)" in opening.text
    assert "Dirk" in opening.text

    # A second /sessie is refused; /begin is for the chair only.
    await bram.send(group, "/sessie")
    await bram.send(group, "/begin")
    await bot.settle()
    assert "Er loopt hier al een sessie" in group.bot_messages()[-2].text
    assert "Alleen de voorzitter (Anna de Vries)" in group.bot_messages()[-1].text
    assert count_bot(group, "Stap 1 van 5") == 0

    await anna.press(opening, "Begin")
    await bot.settle()
    card1 = last_bot(group, "Stap 1 van 5")
    assert "Wat betekent internationalisering voor jou?" in card1.text
    await answer_everyone(bot, group, members, card1, "stap 1 kaart", said)

    # Step 1 lasts 24 s of the 3 minutes: one hulpvraag, a warning, then the wrap-up.
    await bot.tick(seconds=11)
    hulpvraag1 = last_bot(group, "Hulpvraag · stap 1")
    await answer_everyone(bot, group, members, hulpvraag1, "stap 1 hulpvraag", said)
    await bot.tick(seconds=10)
    assert "Nog " in last_bot(group, "in stap 1").text
    await bot.tick(seconds=4)
    wrap1 = last_bot(group, "Stap 1 · Betekenis is klaar")
    assert "10 antwoorden van 5 deelnemers" in wrap1.text
    assert TRICKY in wrap1.text  # escaped on the way in, shown as typed
    card2 = last_bot(group, "Stap 2 van 5")
    await answer_everyone(bot, group, members, card2, "stap 2 kaart", said)

    # /status during step 2.
    await carla.send(group, "/status")
    await bot.settle()
    status = group.bot_messages()[-1].text
    assert "Stap 2 van 5 · Relevantie" in status
    assert "stap 1: 10" in status and "stap 2: 5" in status

    await bot.tick(seconds=36)
    card3 = last_bot(group, "Stap 3 van 5")
    board = last_bot(group, "Interculturele competenties")
    await bram.press(board, "Openstaan")  # a competence whose label starts with "Openstaan"
    await eva.press(board, "Openstaan")
    await bot.settle()
    await answer_everyone(bot, group, members[:3], card3, "stap 3 kaart", said)

    # Killed mid step 3 and started again 5 s later: it carries on.
    await bot.tick(seconds=16)
    assert count_bot(group, "Hulpvraag · stap 3") == 1
    await bot.stop()
    bot.clock.advance(seconds=5)
    await bot.start()
    await answer_everyone(bot, group, members[3:], card3, "stap 3 kaart", said)
    hulpvraag3 = last_bot(group, "Hulpvraag · stap 3")
    await answer_everyone(bot, group, members, hulpvraag3, "stap 3 hulpvraag", said)
    assert count_bot(group, "Stap 3 van 5") == 1, "the step card was posted twice"
    assert count_bot(group, "Hulpvraag · stap 3") == 1, "a hulpvraag was posted twice"
    await anna.send(group, "/status")
    await bot.settle()
    assert "Nog minder dan een minuut in deze stap" in group.bot_messages()[-1].text
    (session,) = bot.rows(WorkSession)
    assert session.current_step == 3

    # The rest of the session, to the end.
    await bot.tick(seconds=25)
    assert "Stap 3 · Competenties is klaar" in last_bot(group, "Competenties is klaar").text
    ranking = last_bot(group, "Jullie belangrijkste competenties").text
    assert (
        "1. Openstaan voor andere gewoontes (Interculturele competenties): 2 – Bram, Eva" in ranking
    )
    card4 = last_bot(group, "Stap 4 van 5")
    await answer_everyone(bot, group, members, card4, "stap 4 kaart", said)
    await bot.tick(seconds=36)
    card5 = last_bot(group, "Stap 5 van 5")
    await answer_everyone(bot, group, members, card5, "stap 5 kaart", said)
    await bot.tick(seconds=48)
    assert last_bot(group, "De werksessie is klaar")
    final = last_bot(group, "Samenvatting")

    # Everything stored once, and the summary holds every answer.
    answers = bot.rows(Answer)
    assert sorted(a.text for a in answers) == sorted(said)
    assert {a.step for a in answers} == {1, 2, 3, 4, 5}
    assert len(bot.rows(Mark)) == 2
    await anna.send(group, "/samenvatting")
    await bot.settle()
    later = group.bot_messages()[-1]
    # This summary fits in a message (a long one comes as a file: test_session_details).
    assert later.document is None
    for text in said:
        assert text in later.text, f"{text!r} missing from /samenvatting"
    assert later.text.split("\n")[0] == final.text.split("\n")[0]
    # Each step's central question heads its answers once, not again above them.
    for step in load_deck().steps:
        assert later.text.count(step.central_question) == 1, step.central_question
    assert not bot.rows(OutboxMessage, OutboxMessage.status != "sent")


async def test_chair_controls_pause_extend_next_stop(bot, fake, team):
    group, members = team
    anna, bram = members[:2]
    await start_session(bot, group, anna)
    await anna.send(group, "/pauze")
    await bot.settle()
    assert "staat stil" in group.bot_messages()[-1].text
    await bot.tick(minutes=60)
    assert count_bot(group, "Hulpvraag") == 0, "nothing is posted while paused"
    await anna.send(group, "/hervat")
    await bot.settle()
    assert "Nog 20 minuten in stap 1" in group.bot_messages()[-1].text
    await bram.send(group, "/verleng 10")
    await anna.send(group, "/verleng 10")
    await bot.settle()
    # Both said; the session's own message may overtake the answer to Bram's command.
    last_two = " | ".join(m.text for m in group.bot_messages()[-2:])
    assert "duurt 10 minuten langer" in last_two and "Alleen de voorzitter" in last_two
    await bot.tick(minutes=20)
    assert count_bot(group, "Stap 2 van 5") == 0, "the extension keeps step 1 open"
    await anna.send(group, "/volgende")
    await bot.settle()
    assert count_bot(group, "Stap 2 van 5") == 1
    await anna.send(group, "/stop")
    await bot.settle()
    assert last_bot(group, "De sessie is gestopt")
    with bot.db() as db:
        assert db.get(WorkSession, 1).status == "stopped"
    # After /stop a new session may start.
    await bram.send(group, "/sessie")
    await bot.settle()
    assert "Bram is de voorzitter" in group.bot_messages()[-1].text


async def test_an_extension_after_the_warning_brings_a_fresh_warning_and_the_later_end(
    bot, fake, team
):
    group, members = team
    anna = members[0]
    await start_session(bot, group, anna)
    await bot.tick(minutes=17, seconds=30)  # step 1 lasts 20 minutes, warned 3 before
    assert count_bot(group, "Tijd om af te ronden") == 1
    # Three more minutes: no hulpvraag is left to come, so only the new warning and the
    # new end wake the session up.
    await anna.send(group, "/verleng 3")
    await bot.settle()
    await bot.tick(minutes=2)  # 19.5 minutes in: the new end is at 23
    assert count_bot(group, "Tijd om af te ronden") == 1
    assert count_bot(group, "Stap 2 van 5") == 0
    await bot.tick(minutes=1)  # 20.5: less than three minutes before the new end
    assert count_bot(group, "Tijd om af te ronden") == 2
    assert count_bot(group, "Stap 2 van 5") == 0
    await bot.tick(minutes=2, seconds=30)
    assert count_bot(group, "Stap 2 van 5") == 1


async def test_a_session_running_while_the_bot_is_upgraded_keeps_its_hulpvragen(bot, fake, team):
    """The host installs the release that added work_session.next_due_at mid-session."""
    group, members = team
    anna = members[0]
    await start_session(bot, group, anna)
    await bot.stop()
    command.downgrade(alembic_config(bot.database_url), "0010_hot_read_indexes")
    bot.clock.advance(minutes=5)  # the first hulpvraag of step 1 is due at 4:15
    await bot.start()
    assert count_bot(group, "Hulpvraag · stap 1") == 1
    await bot.tick(minutes=15)
    assert count_bot(group, "Stap 2 van 5") == 1


async def test_step_that_ran_out_while_down_is_closed_and_the_next_opened_at_once(bot, fake, team):
    group, members = team
    anna = members[0]
    await start_session(bot, group, anna)
    await bot.stop()
    bot.clock.advance(minutes=45)
    await bot.start()
    assert count_bot(group, "Stap 1 · Betekenis is klaar") == 1
    assert count_bot(group, "Stap 2 van 5") == 1
    assert count_bot(group, "Hulpvraag · stap 1") == 0, "no stale hulpvragen after downtime"
    await anna.send(group, "/status")
    await bot.settle()
    assert "Nog 30 minuten in deze stap" in group.bot_messages()[-1].text
