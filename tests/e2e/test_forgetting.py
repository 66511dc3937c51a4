"""Forgetting is complete (issue 17): a file still in the queue when a member asks to be
forgotten goes out without them; the bot's record of messages forgets them by who each
message named (not by a name searched in every group), also under a name they no longer
use; retention removes people and actions nothing needs any more.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

from storage.models import Action, GroupMember, Member, OutboxMessage
from tests.documents.read import calendar_events, docx_text, flat, pdf_text
from tests.e2e.helpers import last_bot, say

REMOVED = "(verwijderd op verzoek)"


async def forget(bot, member) -> None:
    await member.send_private("/vergeetmij")
    await bot.settle()
    await member.press(member.private_chat.bot_messages()[-1], "Ja, vergeet mij")
    await bot.settle()


def files_in(chat) -> dict[str, bytes]:
    """The files the bot sent to a chat, by extension (the latest of each)."""
    return {
        m.document[0].rsplit(".", 1)[1]: m.document[1] for m in chat.bot_messages() if m.document
    }


def record(bot, chat) -> dict[int, str]:
    """The bot's record of the messages it sent to a chat: outbox id -> text."""
    return {row.id: row.text for row in bot.rows(OutboxMessage, OutboxMessage.chat_id == chat.id)}


async def test_an_export_queued_before_vergeetmij_arrives_without_the_member(bot, fake):
    anna = fake.add_user("Anna", username="anna", last_name="de Vries")
    bram = fake.add_user("Bram", username="bram")
    zorg = fake.add_group("Team Zorg", members=[anna, bram])
    await say(bot, bram, zorg, "/sessie")
    await say(bot, anna, zorg, "/doemee")
    await say(bot, bram, zorg, "/begin")
    card = last_bot(zorg, "Stap 1 van 5")
    await say(bot, anna, zorg, "Wij hebben veel internationale stagebedrijven", reply_to=card)
    await say(bot, bram, zorg, "Onze studenten komen uit de hele wereld", reply_to=card)
    await say(bot, bram, zorg, "/actie @anna 15 december: Engelstalig lesmateriaal zoeken")
    await anna.start_private()
    await bot.settle()

    # Telegram holds the group's messages for ten minutes: the export waits in the queue.
    fake.flood(chat_id=zorg.id, seconds=600)
    await say(bot, bram, zorg, "/export")
    (queued,) = bot.rows(
        OutboxMessage, OutboxMessage.family == "export", OutboxMessage.ref == "docx"
    )
    assert queued.status == "pending"
    assert not files_in(zorg)

    await forget(bot, anna)
    await bot.tick(seconds=601)
    await bot.tick(seconds=60)

    files = files_in(zorg)
    assert set(files) == {"pdf", "docx", "csv", "ics"}, "the export still arrives"
    document = docx_text(files["docx"])
    summary = flat(pdf_text(files["pdf"]))
    table = files["csv"].decode("utf-8-sig")
    calendar = " ".join(str(e["description"]) for e in calendar_events(files["ics"]))
    assert "Onze studenten komen uit de hele wereld" in document
    assert "Onze studenten komen uit de hele wereld" in summary
    assert "Engelstalig lesmateriaal zoeken" in table, "the team's action stays"
    for trace in ("Anna", "Vries", "internationale stagebedrijven"):
        for shown in (document, summary, table, calendar):
            assert trace not in shown, trace


async def test_forgetting_a_member_called_e_leaves_other_groups_alone(bot, fake):
    e = fake.add_user("e")
    bram = fake.add_user("Bram")
    carla = fake.add_user("Carla")
    zorg = fake.add_group("Team Zorg", members=[e, bram])
    techniek = fake.add_group("Team Techniek", members=[carla])
    await say(bot, bram, zorg, "/sessie")
    await say(bot, e, zorg, "/doemee")
    await say(bot, carla, techniek, "/sessie")
    await say(bot, carla, techniek, "/begin")
    techniek_before = record(bot, techniek)
    welcome = next(i for i, text in record(bot, zorg).items() if "Welkom, e!" in text)

    await e.start_private()
    await forget(bot, e)

    assert record(bot, techniek) == techniek_before
    zorg_after = record(bot, zorg)
    assert zorg_after[welcome] == REMOVED
    assert any("Bram is de voorzitter" in text for text in zorg_after.values())


async def test_a_name_used_before_a_rename_is_forgotten_too(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram")
    zorg = fake.add_group("Team Zorg", members=[anna, bram])
    await say(bot, bram, zorg, "/sessie")
    await say(bot, anna, zorg, "/doemee")
    assert "Welkom, Anna!" in zorg.bot_messages()[-1].text

    anna.first_name, anna.username = "Annemarie", "annemarie"
    await say(bot, anna, zorg, "/status")
    assert "Annemarie" in zorg.bot_messages()[-1].text

    await anna.start_private()
    await forget(bot, anna)
    texts = " ".join(record(bot, zorg).values())
    assert "Anna" not in texts and "Annemarie" not in texts
    assert "Bram is de voorzitter" in texts


async def test_retention_removes_people_and_actions_nothing_needs(bot_keeping_30_days, fake):
    bot = bot_keeping_30_days
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    group = fake.add_group("Team Zorg", members=[anna, bram, carla])
    # Carla only asked for the menu once; Anna made two actions without a session.
    await say(bot, carla, group, "/help")
    await say(bot, bram, group, "/help")
    await say(bot, anna, group, "/actie ik morgen: Teamleider informeren")
    await say(bot, anna, group, "/actie @bram 15 januari: Partnerschool zoeken")
    await say(bot, anna, group, "/klaar 1")
    assert bot.rows(Member, Member.id == carla.id)

    await bot.tick(days=29)
    assert bot.rows(Member, Member.id == carla.id), "not before the retention period"
    assert bot.rows(Action, Action.number == 1)

    await bot.tick(days=2)
    assert bot.rows(Member, Member.id == carla.id) == []
    assert bot.rows(GroupMember, GroupMember.user_id == carla.id) == []
    assert [a.number for a in bot.rows(Action)] == [2], "the open action stays"
    assert {m.id for m in bot.rows(Member)} == {anna.id, bram.id}, "its maker and owner too"

    # Carla is welcome again as anyone new.
    await say(bot, carla, group, "/actie ik vrijdag: Gastles plannen")
    assert bot.rows(Member, Member.id == carla.id)


async def test_an_answer_with_unicode_non_characters_still_gives_every_file(bot, fake):
    anna = fake.add_user("Anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/begin")
    card = last_bot(group, "Stap 1 van 5")
    await say(
        bot, anna, group, "Wij werken \ufffesamen met \uffffstagebedrijven\x01", reply_to=card
    )
    await say(bot, anna, group, "/export")
    files = files_in(group)
    assert set(files) == {"pdf", "docx", "csv", "ics"}
    assert "Wij werken samen met stagebedrijven" in docx_text(files["docx"])
    assert "Wij werken samen met stagebedrijven" in flat(pdf_text(files["pdf"]))
    await say(bot, anna, group, "/poster")
    assert any(m.photo for m in group.bot_messages())


async def test_a_file_that_cannot_be_made_is_named_and_the_rest_arrives(bot, fake, monkeypatch):
    from bot.services.documents import attachments

    def broken(_content):
        raise RuntimeError("the typesetter fell over")

    monkeypatch.setitem(
        attachments.RENDERERS,
        "summary_docx",
        attachments.Renderer(attachments.RENDERERS["summary_docx"].content, broken),
    )
    anna = fake.add_user("Anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/begin")
    await say(bot, anna, group, "/export")
    assert set(files_in(group)) == {"pdf", "csv", "ics"}, "the rest still arrives"
    told = last_bot(group, "kon ik niet maken")
    assert told.text == (
        "Het bestand werksessie-2026-11-24.docx kon ik niet maken, de andere berichten komen wel."
    )


async def test_acties_during_a_session_shows_an_action_made_just_before_it(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await say(bot, bram, group, "/help")
    await say(bot, anna, group, "/actie @bram 15 december: Partnerschool zoeken")
    await say(bot, anna, group, "/sessie")
    await say(bot, bram, group, "/doemee")
    await say(bot, bram, group, "/acties")
    listing = group.bot_messages()[-1].text
    assert "Nog geen acties." not in listing
    assert "Uit deze sessie nog geen acties." in listing
    assert "#1 Partnerschool zoeken · Bram" in listing
    assert "buiten een sessie vastgelegd" in listing

    await say(bot, anna, group, "/actie ik vrijdag: Vervolgsessie plannen")
    await say(bot, bram, group, "/acties")
    listing = group.bot_messages()[-1].text
    assert listing.index("#2 Vervolgsessie plannen") < listing.index("#1 Partnerschool zoeken")


async def test_messages_still_queued_that_name_the_member_never_go_out(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    zorg = fake.add_group("Team Zorg", members=[anna, bram, carla])
    await anna.start_private()
    await bot.settle()
    fake.flood(chat_id=zorg.id, seconds=600)
    # Held back: the opening, "Welkom, Anna!", and the participant list brought up to date
    # twice while it waits (Anna, then Anna and Carla).
    await say(bot, bram, zorg, "/sessie")
    await say(bot, anna, zorg, "/doemee")
    await say(bot, carla, zorg, "/doemee")
    assert not zorg.bot_messages()

    await forget(bot, anna)
    await bot.tick(seconds=601)
    await bot.tick(seconds=60)
    shown = [m.text for m in zorg.bot_messages()]
    assert any("Welkom, Carla!" in text for text in shown)
    assert not any("Anna" in text for text in shown), shown
