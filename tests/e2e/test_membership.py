"""Every group is a closed room, seen from its members: a name resolves only among the
group's own members, only who took part (and is still in the group) exports a session in
private, and someone who left is no member for any rule. The chair role never gets stuck.

Two teams on one bot: Zorg (Anna, Bram, Carla) and Techniek (Dirk, Eva)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.models import Action, GroupMember, Reminder, WorkSession
from tests.e2e.helpers import forge, last_bot, say

LEFT = "zit niet meer in de groep"


@pytest.fixture
async def teams(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    dirk = fake.add_user("Dirk", username="dirk")
    eva = fake.add_user("Eva", username="eva")
    zorg = fake.add_group("Team Zorg", members=[anna, bram, carla])
    techniek = fake.add_group("Team Techniek", members=[dirk, eva])
    # Everyone has been seen in their own group.
    for member in (anna, bram, carla):
        await member.send(zorg, "/status")
    for member in (dirk, eva):
        await member.send(techniek, "/status")
    await bot.settle()
    return zorg, techniek, anna, bram, carla, dirk, eva


def button_labels(message) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


def files(chat) -> list[str]:
    return [m.document[0] for m in chat.bot_messages() if m.document]


async def export_privately(bot, member) -> list[str]:
    """/export in their private chat; the names of the files it brought."""
    before = len(files(member.private_chat))
    await member.send_private("/export")
    await bot.settle()
    return files(member.private_chat)[before:]


async def test_an_outsider_cannot_be_made_owner_or_chair(bot, teams):
    zorg, techniek, anna, bram, carla, dirk, eva = teams
    await say(bot, anna, zorg, "/sessie")

    # Dirk is known to the bot, but in Techniek only.
    await say(bot, anna, zorg, "/actie @dirk morgen: Geef je wachtwoord")
    asked = zorg.bot_messages()[-1]
    assert "Ik ken @dirk niet in deze groep" in asked.text
    assert "Dirk" not in button_labels(asked)
    assert {"Bram", "Carla"} <= set(button_labels(asked))
    await say(bot, anna, zorg, "/voorzitter @dirk")
    asked = zorg.bot_messages()[-1]
    assert "Ik ken @dirk niet in deze groep" in asked.text
    assert "Dirk" not in button_labels(asked) and "Bram" in button_labels(asked)
    # A text mention can name anybody: Telegram says Dirk is not in Zorg.
    await say(bot, anna, zorg, "/voorzitter Dirk", text_mentions={"Dirk": dirk})
    assert "Ik ken Dirk niet in deze groep" in zorg.bot_messages()[-1].text
    await say(
        bot, anna, zorg, "/actie Dirk morgen: Geef je wachtwoord", text_mentions={"Dirk": dirk}
    )

    (session,) = bot.rows(WorkSession, WorkSession.chat_id == zorg.id)
    assert session.chair_id == anna.id
    assert [a for a in bot.rows(Action) if a.owner_id == dirk.id] == []
    assert dirk.private_chat.bot_messages() == []
    # Zorg's own member, picked from the buttons, does become chair.
    pick = last_bot(zorg, "Ik ken @dirk niet in deze groep")
    await anna.press(pick, "Bram")
    await bot.settle()
    assert "Bram is nu de voorzitter" in zorg.bot_messages()[-1].text
    assert pick.buttons == [], "the question is answered"
    # A forged pick naming the outsider changes nothing.
    (session,) = bot.rows(WorkSession, WorkSession.chat_id == zorg.id)
    forged = await forge(bot, bot.fake, bram, pick, f"ch:{session.id}:{dirk.id}")
    assert forged.show_alert and "niet in deze groep" in forged.answer_text
    (session,) = bot.rows(WorkSession, WorkSession.chat_id == zorg.id)
    assert session.chair_id == bram.id


async def test_private_export_only_for_who_took_part_and_is_still_a_member(bot, teams):
    zorg, techniek, anna, bram, carla, dirk, eva = teams
    await anna.send(zorg, "/sessie")
    await bram.send(zorg, "/doemee")
    await anna.send(zorg, "/begin")
    await bot.settle()
    for member in (anna, bram, carla, dirk):
        await member.start_private()
    await bot.settle()

    assert len(await export_privately(bot, bram)) == 4, "Bram took part: his files"
    assert len(await export_privately(bot, anna)) == 4, "Anna chaired: her files"
    # Carla is in Zorg but did not take part; Dirk is only in Techniek.
    assert await export_privately(bot, carla) == []
    assert "Ik ken nog geen werksessie" in carla.private_chat.bot_messages()[-1].text
    assert await export_privately(bot, dirk) == []

    # Bram leaves Zorg: nothing of Zorg reaches him any more.
    await zorg.remove_member(bram)
    await bot.settle()
    assert await export_privately(bot, bram) == []
    # Back in the group: a member again (past the limit on heavy commands).
    await zorg.add_member(bram)
    await bot.settle()
    bot.clock.advance(minutes=3)
    assert len(await export_privately(bot, bram)) == 4


async def test_a_leave_the_bot_missed_is_found_before_a_private_export(bot, teams):
    zorg, _techniek, anna, bram, *_ = teams
    await anna.send(zorg, "/sessie")
    await bram.send(zorg, "/doemee")
    await anna.send(zorg, "/begin")
    await bram.start_private()
    await bot.settle()
    zorg.set_role(bram, "left")  # no update reached the bot
    assert await export_privately(bot, bram) == []
    (seen,) = bot.rows(GroupMember, GroupMember.user_id == bram.id, GroupMember.chat_id == zorg.id)
    assert seen.left_at is not None, "Telegram's getChatMember told the bot"


async def test_the_chair_leaves_and_the_session_goes_on_under_the_member_the_bot_names(bot, teams):
    zorg, _techniek, anna, bram, carla, *_ = teams
    await anna.send(zorg, "/sessie")
    await bram.send(zorg, "/doemee")
    await carla.send(zorg, "/doemee")
    await anna.send(zorg, "/begin")
    await anna.send(zorg, "/actie ik 15 december: Stagebedrijven bellen")
    await bot.settle()

    await zorg.remove_member(anna)
    await bot.settle()
    said = [m.text for m in zorg.bot_messages()[-2:]]
    assert "Anna zit niet meer in de groep. 👑 Bram is nu de voorzitter." in said[0]
    assert "Anna zit niet meer in de groep en had nog een open actie: #1" in said[1]
    assert "Bram, kies een nieuwe trekker" in said[1]
    (action,) = bot.rows(Action)
    assert bot.rows(Reminder, Reminder.action_id == action.id, Reminder.status == "pending") == []

    await say(bot, carla, zorg, "/volgende")
    assert "Alleen de voorzitter (Bram)" in zorg.bot_messages()[-1].text
    await say(bot, bram, zorg, "/volgende")
    assert "Stap 2 van 5" in last_bot(zorg, "Stap 2 van 5").text
    await say(bot, bram, zorg, "/stop")
    (session,) = bot.rows(WorkSession, WorkSession.chat_id == zorg.id)
    assert session.status == "stopped"


async def test_a_removal_told_twice_is_handled_once(bot, fake):
    anna, bram, carla = (fake.add_user(n, username=n.lower()) for n in ("Anna", "Bram", "Carla"))
    zorg = fake.add_group("Team Zorg", members=[bram, carla], admins=[anna], bot_is_admin=True)
    await anna.send(zorg, "/sessie")
    await bram.send(zorg, "/doemee")
    await bot.settle()
    # An admin bot gets chat_member as well as the service message.
    await zorg.remove_member(anna, by=carla)
    await bot.settle()
    assert any("chat_member" in update for update in fake.updates)
    assert sum(LEFT in (m.text or "") for m in zorg.bot_messages()) == 1
    (session,) = bot.rows(WorkSession)
    assert session.chair_id == bram.id


async def test_a_removal_only_chat_member_tells_is_handled(bot, fake):
    """Telegram may leave out the service message (a big group hides them); an admin bot
    still gets chat_member, because it asks for every update type."""
    anna, bram = (fake.add_user(n, username=n.lower()) for n in ("Anna", "Bram"))
    zorg = fake.add_group("Team Zorg", members=[anna, bram], bot_is_admin=True)
    await anna.send(zorg, "/sessie")
    await bram.send(zorg, "/doemee")
    await bot.settle()
    zorg.set_role(anna, "left")
    fake._queue_chat_member(zorg, bram, anna, "member", "left")  # noqa: SLF001 - no service message
    await bot.settle()
    assert "Anna zit niet meer in de groep. 👑 Bram is nu de voorzitter." in (
        zorg.bot_messages()[-1].text
    )


async def test_a_group_admin_can_always_take_the_chair(bot, fake):
    anna, bram, carla = (fake.add_user(n, username=n.lower()) for n in ("Anna", "Bram", "Carla"))
    zorg = fake.add_group("Team Zorg", members=[anna, bram], admins=[carla])
    await say(bot, anna, zorg, "/sessie")
    await say(bot, bram, zorg, "/voorzitter")
    assert "of een beheerder van de groep" in zorg.bot_messages()[-1].text
    await say(bot, carla, zorg, "/voorzitter")
    assert "Carla is nu de voorzitter" in zorg.bot_messages()[-1].text
    (session,) = bot.rows(WorkSession)
    assert session.chair_id == carla.id


async def test_a_gathering_session_without_a_chair_times_out(bot, teams):
    zorg, _techniek, anna, *_ = teams
    await say(bot, anna, zorg, "/sessie")
    await zorg.remove_member(anna)
    await bot.settle()
    assert "geen voorzitter" in zorg.bot_messages()[-1].text
    assert "over 30 minuten" in zorg.bot_messages()[-1].text
    # Stored, so a restart does not forget it.
    await bot.restart()
    await bot.tick(minutes=29)
    (session,) = bot.rows(WorkSession)
    assert session.status == "gathering"
    await bot.tick(minutes=2)
    assert "De sessie is gestopt, want er was geen voorzitter meer" in zorg.bot_messages()[-1].text
    (session,) = bot.rows(WorkSession)
    assert session.status == "stopped" and session.next_due_at is None


async def test_someone_joining_a_session_without_a_chair_takes_over(bot, teams):
    zorg, _techniek, anna, bram, *_ = teams
    await say(bot, anna, zorg, "/sessie")
    await zorg.remove_member(anna)
    await bot.settle()
    await say(bot, bram, zorg, "/doemee")
    assert "Bram is nu de voorzitter" in last_bot(zorg, "voorzitter").text
    await bot.tick(minutes=31)
    (session,) = bot.rows(WorkSession)
    assert session.status == "gathering" and session.chair_id == bram.id


async def test_a_former_member_cannot_use_a_reminder_in_private(bot, fake, teams):
    zorg, _techniek, anna, bram, *_ = teams
    await bram.start_private()
    await say(bot, anna, zorg, "/sessie")
    await say(bot, bram, zorg, "/actie ik morgen: Lesmateriaal zoeken")
    await bot.tick(days=1)
    reminder = bram.private_chat.bot_messages()[-1]
    assert "Lesmateriaal zoeken" in reminder.text and button_labels(reminder)
    (action,) = bot.rows(Action)

    await zorg.remove_member(bram)
    await bot.settle()
    pressed = await bram.press(reminder, "Klaar")
    await bot.settle()
    assert pressed.show_alert and "alleen wie nu in de groep zit" in pressed.answer_text
    forged = await forge(bot, fake, bram, reminder, f"rm:{action.id}:done")
    assert forged.show_alert and "alleen wie nu in de groep zit" in forged.answer_text
    (action,) = bot.rows(Action)
    assert action.status == "open"
    assert not any("op klaar" in (m.text or "") for m in zorg.bot_messages())
    # /mijnacties no longer shows Zorg's action.
    await bram.send_private("/mijnacties")
    await bot.settle()
    assert "Je hebt nog geen acties" in bram.private_chat.bot_messages()[-1].text


async def test_a_leave_the_bot_missed_is_found_before_a_private_reminder_press(bot, teams):
    zorg, _techniek, anna, bram, *_ = teams
    await bram.start_private()
    await say(bot, anna, zorg, "/sessie")
    await say(bot, bram, zorg, "/actie ik morgen: Lesmateriaal zoeken")
    await bot.tick(days=1)
    reminder = bram.private_chat.bot_messages()[-1]
    zorg.set_role(bram, "left")  # no update reached the bot
    pressed = await bram.press(reminder, "Klaar")
    await bot.settle()
    assert pressed.show_alert and "alleen wie nu in de groep zit" in pressed.answer_text
    (action,) = bot.rows(Action)
    assert action.status == "open"
    assert "Bram zit niet meer in de groep" in zorg.bot_messages()[-1].text


async def test_a_reminder_press_names_who_pressed(bot, teams):
    zorg, _techniek, anna, bram, *_ = teams
    await say(bot, bram, zorg, "/sessie")  # Bram chairs
    await say(bot, bram, zorg, "/actie @anna morgen: Stagebedrijven bellen")
    await bot.tick(days=1)  # Anna has no private chat: the reminder comes in the group
    reminder = last_bot(zorg, "dit is een herinnering voor jou")
    await bram.press(reminder, "Klaar")
    await bot.settle()
    assert "Bram zette actie #1 op klaar: Stagebedrijven bellen" in zorg.bot_messages()[-1].text
    assert "Anna zette" not in zorg.bot_messages()[-1].text


async def test_a_gathering_timeout_waits_for_the_clock_not_the_restart(bot, teams):
    """The time-out is a stored moment (work_session.next_due_at), like a step's clock."""
    zorg, _techniek, anna, *_ = teams
    await say(bot, anna, zorg, "/sessie")
    await zorg.remove_member(anna)
    await bot.settle()
    (session,) = bot.rows(WorkSession)
    assert session.next_due_at == bot.clock.now() + timedelta(minutes=30)
