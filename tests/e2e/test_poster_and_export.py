"""What the team keeps: the poster at the end of the session and on /poster, and /export
(the session as PDF and Word, the actions for Excel and the calendar).

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from PIL import Image

from bot.services.common import Person
from bot.services.documents.poster import expected_png_size
from prompts import load_deck
from storage.models import OutboxMessage, TeamMeeting
from tests.documents.read import calendar_events, docx_text, flat, pdf_text
from tests.e2e.helpers import last_bot, mark_activity, say

DECK = load_deck()
# Set POSTER_SHOW=dir to keep the poster this test received, to look at it.
SHOW = Path(os.environ["POSTER_SHOW"]) if os.environ.get("POSTER_SHOW") else None


def board(group, board: str, label: str):
    """The latest mark board of this kind with this item (its buttons carry
    mk:<session>:<board>:<key>; a competence board holds one component)."""
    return next(
        m
        for m in reversed(group.bot_messages())
        if any(
            str(data).split(":")[2:3] == [board] and label in text
            for row in m.buttons
            for text, data in row
        )
    )


async def run_session(bot, group, anna, bram, carla, dirk):
    """A whole session: answers in steps 1 and 2, marks in 3 and 4, actions in 5."""
    await say(bot, anna, group, "/sessie")
    for member in (bram, carla, dirk):
        await say(bot, member, group, "/doemee")
    await say(bot, anna, group, "/begin")
    card1 = last_bot(group, "Stap 1 van 5")
    answers = {
        bram: "Mijn stage in Gent #1 <b>niet vet</b> $x$ \\ ]",
        carla: "Elke dag twaalf nationaliteiten in de klas 🌍",
        dirk: "Vakliteratuur in het Engels *lezen*",
    }
    for member, text in answers.items():
        await say(bot, member, group, text, reply_to=card1)
    await say(bot, anna, group, "/volgende")
    card2 = last_bot(group, "Stap 2 van 5")
    await say(bot, bram, group, "Bouwplaats met Poolse collega's", reply_to=card2)
    await say(bot, anna, group, "/volgende")
    competences = DECK.competences[:2]
    for member in (bram, carla):
        for competence in competences:
            await member.press(board(group, "competenties", competence.label), competence.label)
    await bot.settle()
    await say(bot, anna, group, "/volgende")
    current, wished = DECK.activities[0], DECK.activities[-1]
    await mark_activity(bot, bram, last_bot(group, "🖍 Doen we al"), current.label)
    await mark_activity(bot, carla, last_bot(group, "🖍 Lijkt ons interessant"), wished.label)
    await say(bot, anna, group, "/volgende")
    actions = [
        ("bram", "Bram", "Partnerschool in Krakau zoeken"),
        ("carla", "Carla", "=SOM(A1) gastles regelen met hotel"),
        ("anna", "Anna de Vries", "Teamleider bijpraten"),
    ]
    for handle, _name, what in actions:
        await say(bot, anna, group, f"/actie @{handle} 15 december: {what}")
    await say(bot, anna, group, "/stop")
    return answers, competences, (current, wished), actions


def poster_messages(group):
    photo = next(m for m in reversed(group.bot_messages()) if m.photo is not None)
    pdf = next(
        m
        for m in reversed(group.bot_messages())
        if m.document is not None and m.document[0].startswith("poster-")
    )
    return photo, pdf


def check_poster(photo, pdf, *, answers, competences, activities, actions):
    width, height = Image.open(io.BytesIO(photo.photo)).size
    assert (width, height) == expected_png_size()
    assert max(width, height) >= 2000
    name, data, _caption = pdf.document
    assert name.endswith(".pdf")
    text = flat(pdf_text(data))
    assert "Team Zorg" in text
    for competence in competences:
        assert competence.label in text
    for activity in activities:
        assert activity.label in text
    for _handle, owner, what in actions:
        assert owner in text and what in text
    # Step 1 is a conversation: no member's answer goes on the wall.
    for answer in answers.values():
        assert flat(answer) not in text


async def test_session_ends_with_the_poster_and_poster_gives_it_again(bot, team):
    group, anna, bram, carla, dirk = team
    content = await run_session(bot, group, anna, bram, carla, dirk)
    answers, competences, activities, actions = content
    summary = last_bot(group, "Samenvatting")
    photo, pdf = poster_messages(group)
    # After the closing summary: first the image, then the PDF to print.
    assert summary.message_id < photo.message_id < pdf.message_id
    check_poster(
        photo, pdf, answers=answers, competences=competences, activities=activities,
        actions=actions,
    )  # fmt: skip
    if SHOW:
        SHOW.joinpath("e2e-poster.png").write_bytes(photo.photo)
    # Sent through the outbox, which keeps which file to build, never its content.
    (row,) = bot.rows(OutboxMessage, OutboxMessage.family == "poster", OutboxMessage.ref == "png")
    assert row.status == "sent" and set(row.attachment) == {"build", "as", "session_id"}

    await say(bot, carla, group, "/poster")
    again_photo, again_pdf = poster_messages(group)
    assert again_photo.message_id > pdf.message_id
    check_poster(
        again_photo, again_pdf, answers=answers, competences=competences,
        activities=activities, actions=actions,
    )  # fmt: skip
    assert again_pdf.document[1] == pdf.document[1], "the same session gives the same poster"


async def test_poster_waits_for_the_session_to_start(bot, team):
    group, anna, *_ = team
    await say(bot, anna, group, "/poster")
    assert "nog geen sessie" in group.bot_messages()[-1].text
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/poster")
    assert "zodra de sessie begonnen is" in group.bot_messages()[-1].text
    await say(bot, anna, group, "/begin")
    await say(bot, anna, group, "/poster")
    photo, pdf = poster_messages(group)
    assert "Nog geen acties" in flat(pdf_text(pdf.document[1]))


async def test_a_rate_limited_poster_is_sent_once_it_may(bot, fake, team):
    group, anna, *_ = team
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/begin")
    fake.fail_next("sendPhoto", retry_after=30)
    await say(bot, anna, group, "/poster")
    assert not any(m.photo for m in group.bot_messages())
    (row,) = bot.rows(OutboxMessage, OutboxMessage.family == "poster", OutboxMessage.ref == "png")
    assert row.status == "pending" and row.attachment["build"] == "poster_png"
    await bot.tick(seconds=31)
    photo, _pdf = poster_messages(group)
    assert photo.photo is not None


async def test_export_for_the_chair_in_the_group(bot, team):
    group, anna, bram, carla, dirk = team
    answers, _competences, _activities, actions = await run_session(
        bot, group, anna, bram, carla, dirk
    )
    await say(bot, anna, group, "/teamoverleg dinsdag 15:30 elke 2 weken")
    await say(bot, anna, group, "/klaar 3")
    await say(bot, bram, group, "/export")
    assert "Alleen de voorzitter" in group.bot_messages()[-1].text

    await say(bot, anna, group, "/export")
    files = {m.document[0].rsplit(".", 1)[1]: m.document[1] for m in group.bot_messages()[-4:]}
    assert set(files) == {"pdf", "docx", "csv", "ics"}

    document = docx_text(files["docx"])
    for text in answers.values():
        assert text in document
    assert "Bouwplaats met Poolse collega's" in document
    assert all(what in flat(pdf_text(files["pdf"])) for _h, _n, what in actions)

    assert files["csv"].startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Nummer", "Actie", "Trekker", "Deadline"]
    by_what = {row[1]: row for row in rows[1:]}
    assert len(by_what) == len(actions)
    assert by_what["Partnerschool in Krakau zoeken"][2:4] == ["Bram", "15-12-2026"]
    # A leading = would make Excel run the cell as a formula: it is kept as text.
    assert "'=SOM(A1) gastles regelen met hotel" in by_what
    assert by_what["Teamleider bijpraten"][7] == "klaar"

    events = calendar_events(files["ics"])
    deadlines = [e for e in events if "rrule" not in e]
    meetings = [e for e in events if "rrule" in e]
    assert sorted(str(e["summary"]) for e in deadlines) == [
        "Actie #1: Partnerschool in Krakau zoeken",
        "Actie #2: =SOM(A1) gastles regelen met hotel",
    ]
    assert all(e.decoded("dtstart").isoformat() == "2026-12-15" for e in deadlines)
    assert "Trekker: Bram" in str(deadlines[0]["description"])
    (meeting,) = meetings
    assert meeting["rrule"]["FREQ"] == ["WEEKLY"] and meeting["rrule"]["INTERVAL"] == [2]
    stored = bot.rows(TeamMeeting)[0]
    assert meeting.decoded("dtstart") == stored.next_at


async def test_export_in_a_private_chat_for_the_members_groups(bot, fake, team):
    group, anna, bram, carla, dirk = team
    await run_session(bot, group, anna, bram, carla, dirk)
    outsider = fake.add_user("Olga")
    await outsider.start_private()
    await outsider.send_private("/export")
    await bot.settle()
    assert "Ik ken nog geen werksessie" in outsider.private_chat.bot_messages()[-1].text

    await bram.start_private()
    await bram.send_private("/export")
    await bot.settle()
    messages = bram.private_chat.bot_messages()
    assert "Export · Team Zorg" in messages[-5].text
    names = [m.document[0] for m in messages[-4:]]
    assert [n.rsplit(".", 1)[1] for n in names] == ["pdf", "docx", "csv", "ics"]


async def test_a_file_that_cannot_be_rendered_fails_alone(bot, team):
    group, anna, *_ = team
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/begin")
    with bot.db() as db:
        db.add(
            OutboxMessage(
                chat_id=group.id,
                family="poster",
                ref="png",
                text="kapot",
                document_name="poster.png",
                attachment={"render": "poster_png", "as": "photo", "data": {"team": 1}},
                created_at=bot.clock.now(),
            )
        )
        db.commit()
    await bot.tick(seconds=1)
    (broken,) = bot.rows(OutboxMessage, OutboxMessage.text == "kapot")
    assert broken.status == "failed" and "ValidationError" in broken.last_error
    assert broken.attachment["data"] is None
    # The chat's next messages still go out.
    await say(bot, anna, group, "/poster")
    photo, _pdf = poster_messages(group)
    assert photo.photo is not None


async def test_a_poster_queued_before_a_crash_is_sent_once_after_the_restart(bot, team):
    group, anna, *_ = team
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/begin")
    # The poster is decided and queued, then the bot dies before delivering it.
    bot.services.exports.poster(chat_id=group.id, thread_id=None, by=Person(anna.id, "Anna"))
    await bot.stop()
    assert not any(m.photo for m in group.bot_messages())
    await bot.start()
    photos = [m for m in group.bot_messages() if m.photo is not None]
    pdfs = [m for m in group.bot_messages() if m.document and m.document[0].endswith(".pdf")]
    assert len(photos) == 1 and len(pdfs) == 1
    await bot.restart()
    assert len([m for m in group.bot_messages() if m.photo is not None]) == 1


async def test_the_poster_is_the_teams_own_and_keeps_step_1_off_the_wall(bot, team):
    """A session with personal step 1 answers, an own competence and an own activity the
    chair put on the board, an action linked to an activity and one that is done."""
    group, anna, bram, carla, dirk = team
    await say(bot, anna, group, "/sessie")
    for member in (bram, carla, dirk):
        await say(bot, member, group, "/doemee")
    await say(bot, anna, group, "/begin")
    card1 = last_bot(group, "Stap 1 van 5")
    # The card links Nuffic's page and says where to find the film (its address is unknown).
    links = [e["url"] for e in card1.entities if e["type"] == "text_link"]
    assert links == ["https://www.nuffic.nl/mbo"]
    assert "zoek op nuffic.nl naar ‘Wat is internationalisering in het mbo’" in card1.text
    personal = {
        bram: "Mijn ouders komen uit Turkije, thuis spraken we Turks",
        carla: "Ik heb een jaar in Sevilla gewoond",
    }
    for member, text in personal.items():
        await say(bot, member, group, text, reply_to=card1)
    await say(bot, anna, group, "/volgende")
    await say(bot, anna, group, "/volgende")

    # Step 3: a deck competence and an own one, put on the board by the chair.
    deck_competence = DECK.competences[0]
    await bram.press(board(group, "competenties", deck_competence.label), deck_competence.label)
    personal_board = last_bot(group, "🖍 Persoonlijke ontwikkeling")
    await say(bot, carla, group, "Omgaan met heimwee", reply_to=personal_board)
    await anna.press(
        last_bot(group, "stelt een eigen competentie voor"), "Persoonlijke ontwikkeling"
    )
    await bot.settle()
    await carla.press(personal_board, "Omgaan met heimwee")
    await dirk.press(personal_board, "Omgaan met heimwee")
    await bot.settle()
    await say(bot, anna, group, "/volgende")

    # Step 4: an own activity abroad, marked as interesting.
    interesting = last_bot(group, "🖍 Lijkt ons interessant")
    await say(bot, bram, group, "Stage bij de haven van Antwerpen", reply_to=interesting)
    await anna.press(last_bot(group, "stelt een eigen activiteit voor"), "In het buitenland")
    await bot.settle()
    await mark_activity(bot, carla, interesting, "Stage bij de haven van Antwerpen")
    await say(bot, anna, group, "/volgende")

    # Step 5: an action linked to the own activity, and one that is done by the end.
    await say(bot, bram, group, "/actie")
    await say(bot, bram, group, "Contact met de haven leggen", reply_to=group.bot_messages()[-1])
    for answer in ("Ik", "over 2 weken", "Stage bij de haven van Antwerpen", "Verder",
                   "Leerjaar 2", "Opslaan"):  # fmt: skip
        await bram.press(group.bot_messages()[-1], answer)
        await bot.settle()
    await say(bot, anna, group, "/actie @carla 15 december: Teamleider bijpraten")
    await say(bot, anna, group, "/klaar 2")
    await say(bot, anna, group, "/stop")

    # The summary ends with Nuffic's materials: each address, or where to look.
    summary = last_bot(group, "Hulpbronnen van Nuffic").text
    assert "Nuffic over internationalisering in het mbo: https://www.nuffic.nl/mbo" in summary
    assert "Nuffic-internationaliseringskaart met voorbeelden: zoek op nuffic.nl naar" in summary
    _photo, pdf = poster_messages(group)
    text = flat(pdf_text(pdf.document[1]))
    if SHOW:
        SHOW.joinpath("e2e-own-poster.png").write_bytes(_photo.photo)
    # Nuffic's model: its three components, every competence, the own one with its marks.
    for component in DECK.components:
        assert component.label in text
    for competence in DECK.competences:
        assert competence.label in text
    assert "Omgaan met heimwee eigen 2" in text
    assert "Stage bij de haven van Antwerpen eigen 1" in text
    # The plan: owner, deadline, leerjaar, the activity it carries out; the done one as done.
    assert (
        "Bram Contact met de haven leggen 🎯 activiteit: Stage bij de haven van Antwerpen" in text
    )
    assert "08-12-2026 Leerjaar 2" in text
    assert "AL KLAAR ✅ Teamleider bijpraten · Carla" in text
    # No step 1 answer, and no name but the owners'.
    for answer in personal.values():
        assert flat(answer) not in text and "Turkije" not in text
    assert "Anna" not in text and "Dirk" not in text
    assert "4 deelnemers" in text
    # Nuffic's materials: the manual's address, and where to look for the film.
    assert "nuffic.nl/mbo" in text
    assert "zoek op nuffic.nl naar ‘Wat is internationalisering in het mbo’" in text

    # The documents keep every answer with its author, for the team.
    await say(bot, anna, group, "/export")
    files = {m.document[0].rsplit(".", 1)[1]: m.document[1] for m in group.bot_messages()[-4:]}
    document = docx_text(files["docx"])
    summary_pdf = flat(pdf_text(files["pdf"]))
    for member, answer in personal.items():
        name = member.first_name
        assert f"{name}: {answer}" in document
        assert f"{name}: {answer}" in summary_pdf
    assert "Hulpbronnen van Nuffic" in document
    assert "https://www.nuffic.nl/mbo" in document
