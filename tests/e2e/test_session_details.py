"""The session's finer behaviour: privacy mode, forum topics, edits, own questions,
handing over the chair, big teams, long summaries, refusals, the command menu."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.services.common import Person
from storage.models import Answer, OutboxMessage, Question, WorkSession
from storage.repo import outbox as outbox_rows
from storage.values import Family
from tests.documents.read import docx_text, flat, pdf_text
from tests.e2e.helpers import count_bot, last_bot, mark_activity, show_item, start_session


async def test_with_privacy_off_plain_messages_count_and_the_card_is_pinned(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Techniek", members=[anna, bram], bot_is_admin=True)
    await bram.send(group, "Zin in vandaag!")  # before any session: not an answer
    card = await start_session(bot, group, anna)
    assert card.message_id in group.pinned
    await bram.send(group, "Ik heb een jaar in Gent gewerkt")
    await bot.settle()
    await bot.tick(minutes=7)  # first hulpvraag
    hulpvraag = last_bot(group, "Hulpvraag · stap 1")
    await anna.send(group, "Wij hebben veel Duitse klanten")
    await bot.settle()
    stored = {a.text: a for a in bot.rows(Answer)}
    assert set(stored) == {"Ik heb een jaar in Gent gewerkt", "Wij hebben veel Duitse klanten"}
    questions = {q.id: q for q in bot.rows(Question)}
    assert questions[stored["Ik heb een jaar in Gent gewerkt"].question_id].kind == "card"
    assert questions[stored["Wij hebben veel Duitse klanten"].question_id].text in hulpvraag.text


async def test_with_privacy_on_only_replies_reach_the_bot_and_edits_update_the_answer(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    card = await start_session(bot, group, anna)
    await bram.send(group, "Dit ziet de bot niet")
    answer = await bram.send(group, "Stage in Spanje", reply_to=card)
    await bot.settle()
    await bram.edit(answer, "Stage in Spanje en in Portugal")
    await bot.settle()
    (stored,) = bot.rows(Answer)
    assert stored.text == "Stage in Spanje en in Portugal"
    assert stored.edited_at is not None
    assert stored.step == 1


async def test_session_in_a_forum_topic_stays_in_that_topic(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Sectie Logistiek", members=[anna, bram], forum=True, bot_is_admin=True)
    topic = group.create_topic("Internationalisering")
    await anna.send(group, "/sessie 150", thread_id=topic)
    await anna.send(group, "/begin", thread_id=topic)
    await bot.settle()
    card = last_bot(group, "Stap 1 van 5")
    assert card.thread_id == topic
    assert all(m.thread_id == topic for m in group.bot_messages())
    # In a topic every message "replies" to the topic's creation; that is no real reply.
    await bram.send(group, "Onze chauffeurs rijden naar Polen", thread_id=topic)
    await bram.send(group, "Veel Engelstalige vrachtbrieven", reply_to=card)
    await bot.settle()
    answers = bot.rows(Answer)
    assert sorted(a.text for a in answers) == [
        "Onze chauffeurs rijden naar Polen",
        "Veel Engelstalige vrachtbrieven",
    ]


async def test_own_question_is_posted_and_its_replies_stored(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await start_session(bot, group, anna)
    await bram.send(group, "/vraag")
    await bot.settle()
    assert "bijvoorbeeld: /vraag" in group.bot_messages()[-1].text
    await bram.send(group, "/vraag Wie kent een zorginstelling in Duitsland?")
    await bot.settle()
    own = last_bot(group, "Vraag van Bram")
    assert "Wie kent een zorginstelling in Duitsland?" in own.text
    await anna.send(group, "Mijn zus werkt in Aken", reply_to=own)
    await bot.settle()
    (answer,) = bot.rows(Answer)
    (question,) = bot.rows(Question, Question.kind == "eigen")
    assert answer.question_id == question.id and question.asked_by == bram.id


async def test_chair_hands_over_by_reply_mention_and_text_mention(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram", username="bram")
    piet = fake.add_user("Piet")  # no username
    group = fake.add_group("Team Zorg", members=[anna, bram, piet])
    await start_session(bot, group, anna)
    hello = await bram.send(group, "/doemee")
    await anna.send(group, "/voorzitter @onbekend")
    await bot.settle()
    assert "Ik ken @onbekend niet in deze groep" in last_bot(group, "Ik ken").text
    await anna.send(group, "/voorzitter", reply_to=hello)
    await bot.settle()
    assert "Bram is nu de voorzitter" in group.bot_messages()[-1].text
    await anna.send(group, "/volgende")
    await bot.settle()
    assert "Alleen de voorzitter (Bram)" in group.bot_messages()[-1].text
    await bram.send(group, "/voorzitter Piet", text_mentions={"Piet": piet})
    await bot.settle()
    assert "Piet is nu de voorzitter" in group.bot_messages()[-1].text
    await piet.send(group, "/voorzitter @bram")
    await bot.settle()
    assert "Bram is nu de voorzitter" in group.bot_messages()[-1].text
    (session,) = bot.rows(WorkSession)
    assert session.chair_id == bram.id


async def test_more_than_seven_gets_the_split_tip_once(bot, fake):
    people = [fake.add_user(f"Docent{i}", username=f"docent{i}") for i in range(9)]
    group = fake.add_group("Grote sectie", members=people)
    await people[0].send(group, "/sessie")
    for person in people[1:]:
        await person.send(group, "/doemee")
    await bot.settle()
    assert count_bot(group, "splitsen") == 1
    assert "Deelnemers (9)" in last_bot(group, "Aan de slag met internationalisering").text


async def test_a_join_landing_while_the_list_is_being_edited_still_shows(bot, fake, monkeypatch):
    """Carla joins at the very moment the bot takes up the edit that adds Bram: the
    participant list still ends up naming all three (on PostgreSQL this once lost Carla)."""
    anna, bram = fake.add_user("Anna"), fake.add_user("Bram")
    carla = fake.add_user("Carla")
    group = fake.add_group("Team Zorg", members=[anna, bram, carla])
    await anna.send(group, "/sessie")
    await bot.settle()
    services, real_claim = bot.services, outbox_rows.claim_outbox
    joined: list[bool] = []

    def carla_joins() -> None:
        who = Person(id=carla.id, first_name="Carla")
        _, view = services.sessions.join(chat_id=group.id, who=who)
        assert view is not None
        services.replies.refresh(
            chat_id=view.chat_id,
            message_id=view.message_id,
            outbox_id=view.outbox_id,
            text=view.text,
            markup=view.reply_markup,
        )

    def claim_while_carla_joins(db, *, message_id, now):
        if db.get_one(OutboxMessage, message_id).family == Family.REFRESH and not joined:
            joined.append(True)
            with ThreadPoolExecutor(1) as other_worker:  # its own connection and transaction
                other_worker.submit(carla_joins).result()
        return real_claim(db, message_id=message_id, now=now)

    monkeypatch.setattr(outbox_rows, "claim_outbox", claim_while_carla_joins)
    await bram.send(group, "/doemee")
    await bot.settle()
    assert joined
    opening = last_bot(group, "Aan de slag met internationalisering")
    assert "Deelnemers (3): Anna, Bram, Carla" in opening.text


async def test_long_summary_comes_as_a_document_holding_every_answer(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    card = await start_session(bot, group, anna)
    long_answers = [
        f"Antwoord {i}: " + "we willen meer samenwerken met scholen over de grens " * 8
        for i in range(12)
    ]
    for text in long_answers:
        await bram.send(group, text, reply_to=card)
    await bot.settle()
    await anna.send(group, "/samenvatting")
    await bot.settle()
    messages = group.bot_messages()
    pdf, docx = messages[-2].document, messages[-1].document
    assert pdf is not None and docx is not None, "a summary over 4096 characters comes as files"
    assert pdf[0].endswith(".pdf") and docx[0].endswith(".docx")
    in_pdf, in_docx = flat(pdf_text(pdf[1])), docx_text(docx[1])
    for text in long_answers:
        assert flat(text) in in_pdf
        assert flat(text) in in_docx
    assert "te lang voor één bericht" in messages[-3].text
    # Built from the database when sent: the queue held which summary, not its text.
    files = bot.rows(OutboxMessage, OutboxMessage.family == "summary_document")
    assert [f.attachment["build"] for f in files] == ["summary_pdf", "summary_docx"]
    assert all("Antwoord" not in str(f.attachment) for f in files)


async def test_refusals_and_explanations(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await anna.send_private("/sessie")
    await bot.settle()
    assert "Voeg me toe aan jullie groepschat" in anna.private_chat.bot_messages()[-1].text
    await anna.send(group, "/status")
    await anna.send(group, "/sessie lang")
    await anna.send(group, "/sessie 2")
    await bot.settle()
    said = [m.text for m in group.bot_messages()[-3:]]
    assert "nog geen sessie" in said[0]
    assert "bijvoorbeeld /sessie 150" in said[1]
    assert "tussen 3 en 600 minuten" in said[2]
    await anna.send(group, "/sessie")
    await anna.send(group, "/volgende")
    await bram.send(group, "/stop")
    await bot.settle()
    said = [m.text for m in group.bot_messages()[-2:]]
    assert "nog niet begonnen" in said[0]
    assert "Alleen de voorzitter (Anna)" in said[1]
    (session,) = bot.rows(WorkSession)
    assert session.status == "gathering"


async def test_dutch_command_menu_is_registered(bot, fake):
    group_menu = fake.commands({"type": "all_group_chats"})
    names = {c["command"] for c in group_menu}
    assert {
        "sessie",
        "doemee",
        "begin",
        "status",
        "volgende",
        "verleng",
        "pauze",
        "hervat",
        "vraag",
        "stop",
        "voorzitter",
        "samenvatting",
        "help",
    } <= names
    assert any("voorzitter" in c["description"] for c in group_menu)


async def test_help_explains_replying(bot, fake):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await anna.send(group, "/help")
    await bot.settle()
    text = group.bot_messages()[-1].text
    assert "reageer" in text.lower() and "/sessie" in text and "/verleng" in text


async def test_a_reply_to_the_summary_is_not_taken_for_an_answer(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    card = await start_session(bot, group, anna)
    await bram.send(group, "Stage in Gent", reply_to=card)
    await anna.send(group, "/stop")
    await bot.settle()
    summary = last_bot(group, "Samenvatting")
    await bram.send(group, "Mooi overzicht, dank je!", reply_to=summary)
    await bot.settle()
    assert [a.text for a in bot.rows(Answer)] == ["Stage in Gent"]


async def test_buttons_of_an_earlier_session_say_so(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await anna.send(group, "/sessie")
    await bot.settle()
    old_opening = last_bot(group, "Aan de slag met internationalisering")
    await anna.send(group, "/begin")
    await anna.send(group, "/stop")
    await anna.send(group, "/sessie")
    await bot.settle()
    pressed = await bram.press(old_opening, "Doe mee")
    await bot.settle()
    assert "eerdere sessie" in (await pressed.wait_answered()).answer_text


async def test_step_4_boards_turn_pages_and_keep_their_marks_across_a_restart(bot, fake):
    anna, bram = fake.add_user("Anna", username="anna"), fake.add_user("Bram")
    group = fake.add_group("Team Zorg", members=[anna, bram])
    await start_session(bot, group, anna)
    for _ in range(3):
        await anna.send(group, "/volgende")
        await bot.settle()
    board = last_bot(group, "🖍 Lijkt ons interessant")
    home = "Internationale week of themadag"
    await mark_activity(bot, bram, board, home)
    shown = board.text.split("\n")[1]
    assert shown.startswith("Blad ") and shown != "Blad 1 van 5"
    assert f"{home} · 1 (Bram)" in board.text

    await bot.restart()
    # The old message's buttons still work: the database holds the marks, the press the page.
    await bram.press(board, "◀")
    await bot.settle()
    assert board.text.split("\n")[1] != shown
    await show_item(bot, anna, board, home)
    assert board.text.split("\n")[1] == shown
    assert f"{home} · 1 (Bram)" in board.text
    await mark_activity(bot, anna, board, home)
    assert f"{home} · 2 (Bram, Anna)" in board.text
