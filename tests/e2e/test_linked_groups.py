"""A team larger than seven, split over two Telegram groups: linked with a code, each running
its own session, their conclusions brought together (issue 21)."""

from __future__ import annotations

import re

import pytest

from storage.models import GroupLink, LinkCode, OutboxMessage
from tests.documents.read import flat, pdf_text
from tests.e2e.helpers import at, last_bot, say, utc
from tests.e2e.test_forgetting import forget

STEP1_STORY = "Mijn oma kwam als gastarbeider uit Marokko"


@pytest.fixture
def halves(fake):
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    eva = fake.add_user("Eva", username="eva")
    fatima = fake.add_user("Fatima", username="fatima")
    zorg = fake.add_group("Team Zorg", members=[anna, bram])
    zorg_b = fake.add_group("Team Zorg B", members=[eva, fatima])
    return zorg, zorg_b, anna, bram, eva, fatima


def code_in(message) -> str:
    found = re.search(r"koppelcode: ([A-Z0-9]{3}-[A-Z0-9]{3})", message.text)
    assert found, message.text
    return found.group(1)


async def open_both(bot, zorg, zorg_b, anna, bram, eva, fatima):
    await say(bot, anna, zorg, "/sessie")
    await say(bot, bram, zorg, "/doemee")
    await say(bot, eva, zorg_b, "/sessie")
    await say(bot, fatima, zorg_b, "/doemee")


async def link(bot, zorg, zorg_b, anna, eva) -> str:
    await say(bot, anna, zorg, "/koppel")
    code = code_in(zorg.bot_messages()[-1])
    await say(bot, eva, zorg_b, f"/koppel {code.lower().replace('-', ' ')}")
    return code


async def run_session(bot, group, chair, member, *, keyword: str, action: str, story: str = ""):
    """Begin, a step 1 story, a steekwoord in step 2, a mark in step 3, an action in step 5,
    and the end."""
    await say(bot, chair, group, "/begin")
    if story:
        card1 = last_bot(group, "Stap 1 van 5")
        await say(bot, member, group, story, reply_to=card1)
    await say(bot, chair, group, "/volgende")
    await say(bot, chair, group, f"/steekwoord {keyword}")
    await say(bot, chair, group, "/volgende")
    board = next(m for m in reversed(group.bot_messages()) if "Interculturele" in m.text)
    await member.press(board, board.buttons[0][0][0])
    await bot.settle()
    await say(bot, chair, group, "/volgende")
    await say(bot, chair, group, "/volgende")
    await say(bot, chair, group, f"/actie @{member.username} 15 januari: {action}")
    await say(bot, chair, group, "/stop")


def everything_shown(group) -> str:
    """Every text, caption and PDF the group was sent."""
    parts = []
    for message in group.bot_messages():
        parts.append(message.text or "")
        if message.document is not None:
            name, data, caption = message.document
            parts.append(caption or "")
            if name.endswith(".pdf"):
                parts.append(flat(pdf_text(data)))
    return "\n".join(parts)


async def test_two_halves_link_run_side_by_side_and_get_their_findings_back(bot, halves):
    zorg, zorg_b, anna, bram, eva, fatima = halves
    await open_both(bot, *halves)
    code = await link(bot, zorg, zorg_b, anna, eva)

    # Both groups are told, by name, and what is shared.
    for group, other in ((zorg, "Team Zorg B"), (zorg_b, "Team Zorg")):
        notice = last_bot(group, "gekoppeld aan")
        assert f"gekoppeld aan {other}." in notice.text
        assert "steekwoorden, de markeringen en de acties" in notice.text
        assert "eigen antwoorden blijven in deze groep" in notice.text
    assert len(bot.rows(GroupLink)) == 2
    (row,) = bot.rows(LinkCode)
    assert row.code == code and row.used_by_chat == zorg_b.id

    await run_session(
        bot, zorg, anna, bram, keyword="stage in Duitsland", action="Partnerschool zoeken",
        story=STEP1_STORY,
    )  # fmt: skip
    # One half done: the other is still running, so no terugkoppeling yet.
    assert not any("Terugkoppeling" in m.text for m in zorg.bot_messages())
    await run_session(
        bot, zorg_b, eva, fatima, keyword="zorg in de grensregio", action="Gastles met Duitse zorginstelling"
    )  # fmt: skip

    # The last session ended: both groups get the combined findings and the team's poster.
    for group in (zorg, zorg_b):
        feedback = last_bot(group, "Terugkoppeling")
        assert "Team Zorg en Team Zorg B" in feedback.text
        assert "stage in Duitsland" in feedback.text and "zorg in de grensregio" in feedback.text
        assert "Partnerschool zoeken · Bram" in feedback.text
        assert "Gastles met Duitse zorginstelling · Fatima" in feedback.text
        # The competence both halves marked counts twice, in two groups.
        assert ": 2, in 2 groepen" in feedback.text
        poster = next(
            m for m in reversed(group.bot_messages())
            if m.document is not None and m.document[0].startswith("poster-team-")
        )  # fmt: skip
        text = flat(pdf_text(poster.document[1]))
        assert "Partnerschool zoeken" in text and "Gastles met Duitse zorginstelling" in text
        assert "Team Zorg B" in text

    # A step 1 answer of one half never reaches the other, in a message or a document.
    assert STEP1_STORY in everything_shown(zorg)
    assert "Marokko" not in everything_shown(zorg_b)

    # /terugkoppeling in either group gives it again; /poster gives the team's poster and
    # "/poster eigen" the group's own.
    await say(bot, fatima, zorg_b, "/terugkoppeling")
    assert "Partnerschool zoeken" in zorg_b.bot_messages()[-3].text
    await say(bot, bram, zorg, "/poster")
    assert zorg.bot_messages()[-1].document[0].startswith("poster-team-")
    # A poster is a heavy command: once per member in two minutes.
    await say(bot, bram, zorg, "/poster eigen")
    assert "De poster is net gestuurd" in zorg.bot_messages()[-1].text
    bot.clock.advance(minutes=2)
    await say(bot, bram, zorg, "/poster eigen")
    own = zorg.bot_messages()[-1]
    assert own.document[0].startswith("poster-2") and "Gastles" not in flat(
        pdf_text(own.document[1])
    )

    # The team-meeting brief of a linked group counts the other half's open actions in one
    # line (no names).
    await say(bot, anna, zorg, "/teamoverleg donderdag 15:30")
    await at(bot, utc(11, 26, 13, 30))
    intro = last_bot(zorg, "Straks is het teamoverleg")
    assert "De andere groepen van het team · Team Zorg B: 1 open" in intro.text
    assert "Fatima" not in intro.text

    # /ontkoppel (either chair) stops the sharing, and both are told.
    await say(bot, eva, zorg_b, "/ontkoppel")
    assert "koppeling met Team Zorg is opgeheven" in zorg_b.bot_messages()[-1].text
    assert "koppeling met Team Zorg B is opgeheven" in zorg.bot_messages()[-1].text
    assert not bot.rows(GroupLink)
    await say(bot, bram, zorg, "/terugkoppeling")
    assert "aan geen andere groep gekoppeld" in zorg.bot_messages()[-1].text
    bot.clock.advance(minutes=2)
    await say(bot, bram, zorg, "/poster")
    assert zorg.bot_messages()[-1].document[0].startswith("poster-2")

    # Fatima asks to be forgotten: her name goes from what Team Zorg was told about her
    # action too (the terugkoppeling named her there), not only from her own group.
    def told_zorg() -> list[str]:
        return [r.text for r in bot.rows(OutboxMessage, OutboxMessage.chat_id == zorg.id)]

    assert any("Fatima" in text for text in told_zorg())
    await forget(bot, fatima)
    assert not any("Fatima" in text for text in told_zorg())


async def test_codes_wrong_expired_reused_own_or_from_a_member_are_refused(bot, fake, halves):
    zorg, zorg_b, anna, bram, eva, fatima = halves
    gina = fake.add_user("Gina", username="gina")
    zorg_c = fake.add_group("Team Zorg C", members=[gina])
    await open_both(bot, *halves)
    await say(bot, gina, zorg_c, "/sessie")

    await say(bot, bram, zorg, "/koppel")
    assert "Alleen de voorzitter" in zorg.bot_messages()[-1].text
    await say(bot, anna, zorg, "/koppel")
    code = code_in(zorg.bot_messages()[-1])

    refusals = [
        (eva, zorg_b, "/koppel ABC-DEF", "Die koppelcode ken ik niet."),
        (anna, zorg, f"/koppel {code}", "Die koppelcode komt uit deze groep zelf."),
        (fatima, zorg_b, f"/koppel {code}", "Alleen de voorzitter"),
    ]
    for member, group, typed, said in refusals:
        await say(bot, member, group, typed)
        assert said in group.bot_messages()[-1].text, typed
    assert not bot.rows(GroupLink)

    await say(bot, eva, zorg_b, f"/koppel {code}")
    await say(bot, gina, zorg_c, f"/koppel {code}")
    assert "Die koppelcode is al gebruikt." in zorg_c.bot_messages()[-1].text

    await say(bot, anna, zorg, "/koppel")
    later = code_in(zorg.bot_messages()[-1])
    bot.clock.advance(hours=25)
    await say(bot, gina, zorg_c, f"/koppel {later}")
    assert "Die koppelcode is verlopen" in zorg_c.bot_messages()[-1].text
    assert {row.chat_id for row in bot.rows(GroupLink)} == {zorg.id, zorg_b.id}

    # Every refusal is one sentence or two, never a command run halfway.
    await say(bot, gina, zorg_c, "/ontkoppel")
    assert "aan geen andere groep gekoppeld" in zorg_c.bot_messages()[-1].text


async def test_more_than_seven_get_the_split_tip_with_how_to_link(bot, fake):
    people = [fake.add_user(f"Docent{n}") for n in range(8)]
    group = fake.add_group("Groot team", members=people)
    await say(bot, people[0], group, "/sessie")
    for person in people[1:]:
        await say(bot, person, group, "/doemee")
    tip = last_bot(group, "meer dan zeven")
    assert "/koppel" in tip.text and "/terugkoppeling" in tip.text
