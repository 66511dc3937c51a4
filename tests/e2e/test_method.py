"""Steps 1 to 5 as the toolkit lays them out, against the fake Bot API: hulpvragen the team
chooses, the competences on Nuffic's model with a ranking, the activities abroad and in eigen
land with the ones that fit first, own items the chair adds, actions linked to activities,
the plan per leerjaar, and steekwoorden for the poster.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

import pytest

from prompts import load_deck
from storage.models import Action, Keyword, Question
from tests.documents.read import flat, pdf_text
from tests.e2e.helpers import board_number, count_bot, item_button, last_bot, mark_activity, say

DECK = load_deck()


@pytest.fixture
def team(fake):
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    group = fake.add_group("Team Logistiek", members=[anna, bram, carla])
    return group, anna, bram, carla


async def tap(bot, member, message, label):
    pressed = await member.press(message, label)
    await bot.settle()
    return pressed


def hulpvragen_posted(group, step: int) -> list[str]:
    return [
        m.text.split("\n")[1]
        for m in group.bot_messages()
        if (m.text or "").startswith(f"💬 Hulpvraag · stap {step}")
    ]


def labels(message) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


async def test_the_five_steps_with_chosen_hulpvragen_boards_actions_and_keywords(bot, fake, team):
    group, anna, bram, carla = team
    await say(bot, anna, group, "/sessie")
    for member in (bram, carla):
        await say(bot, member, group, "/doemee")
    await say(bot, anna, group, "/begin")

    # --- Step 1: hulpvragen the team chooses --------------------------------------------
    card1 = last_bot(group, "Stap 1 van 5")
    assert "optioneel" in card1.text and "/vraag" in card1.text
    await tap(bot, bram, card1, "Hulpvragen")
    hulpcard = last_bot(group, "Hulpvragen · stap 1")
    for question in DECK.step(1).hulpvragen:
        assert question in hulpcard.text
    assert len(labels(hulpcard)) == len(DECK.step(1).hulpvragen)
    refused = await tap(bot, bram, hulpcard, "💬 2")
    assert "Alleen de voorzitter" in refused.answer_text
    assert hulpvragen_posted(group, 1) == []
    await tap(bot, anna, hulpcard, "💬 2")
    chosen = DECK.step(1).hulpvragen[1]
    assert hulpvragen_posted(group, 1) == [chosen]
    assert "✓ 2" in labels(hulpcard) and f"2. ✓ {chosen}" in hulpcard.text
    again = await tap(bot, anna, hulpcard, "✓ 2")
    assert "al gesteld" in again.answer_text

    # The bot's own prompts (at 4¼, 8½ and 12¾ of 20 minutes) skip the one asked by hand.
    await bot.tick(minutes=5)
    assert len(hulpvragen_posted(group, 1)) == 2
    await say(bot, bram, group, "/hulpvragen uit")
    assert "Alleen de voorzitter" in group.bot_messages()[-1].text
    await say(bot, anna, group, "/hulpvragen uit")
    assert "niet meer uit mezelf" in group.bot_messages()[-1].text
    await bot.tick(minutes=4)
    assert len(hulpvragen_posted(group, 1)) == 2, "no automatic hulpvraag while off"
    await say(bot, anna, group, "/hulpvragen aan")
    await bot.tick(minutes=4)
    posted = hulpvragen_posted(group, 1)
    assert len(posted) == 3 and len(set(posted)) == 3 and posted[0] == chosen
    assert len(bot.rows(Question, Question.kind == "hulpvraag")) == 3

    # --- Step 2: answers, an own keyword, the proposal at the end ----------------------
    await say(bot, anna, group, "/volgende")
    card2 = last_bot(group, "Stap 2 van 5")
    for member, text in [
        (anna, "Onze studenten werken in de logistiek met Poolse chauffeurs"),
        (bram, "Klanten uit Duitsland bellen vaak met vragen over leveringen"),
        (carla, "Het distributiecentrum exporteert bloemen naar Engeland"),
        (bram, "Poolse chauffeurs en Duitse klanten spreken vaak Engels"),
    ]:
        await say(bot, member, group, text, reply_to=card2)
    await say(bot, carla, group, "/steekwoord grensoverschrijdend vervoer")
    assert "Steekwoord bewaard bij stap 2: grensoverschrijdend vervoer" in (
        group.bot_messages()[-1].text
    )
    await say(bot, anna, group, "/volgende")
    proposal = last_bot(group, "Voorgestelde steekwoorden voor de poster · stap 2")
    words = [label.removeprefix("✅ ") for label in labels(proposal)]
    assert 3 <= len(words) <= 9 and "grensoverschrijdend vervoer" in words
    assert any("Duitsland" in word for word in words), words
    refused = await tap(bot, bram, proposal, words[0])
    assert "Alleen de voorzitter" in refused.answer_text
    dropped = next(word for word in words if word != "grensoverschrijdend vervoer")
    await tap(bot, anna, proposal, f"✅ {dropped}")
    assert f"✖️ {dropped}" in labels(proposal) and "Geschrapt:" in proposal.text
    kept_step2 = [w for w in words if w != dropped]

    # --- Step 3: the competences on Nuffic's model, each member their own marks ---------
    card3 = last_bot(group, "Stap 3 van 5")
    assert "geen doel op zich" in card3.text
    boards = {c.label: last_bot(group, f"🖍 {c.label}") for c in DECK.components}
    assert list(boards) == [
        "Interculturele competenties",
        "Internationale oriëntatie",
        "Persoonlijke ontwikkeling",
    ]
    intercultural = boards["Interculturele competenties"]
    assert "open en geïnteresseerde houding" in intercultural.text
    await tap(bot, bram, intercultural, "Een andere taal durven spreken")
    await tap(bot, carla, intercultural, "Een andere taal durven spreken")
    await tap(bot, bram, intercultural, "Samenwerken in een internationaal team")
    await tap(bot, anna, boards["Internationale oriëntatie"], "Weten hoe het vak elders werkt")
    await tap(bot, bram, boards["Persoonlijke ontwikkeling"], "Zelfvertrouwen opbouwen")
    assert "Een andere taal durven spreken: 2 (Bram, Carla)" in intercultural.text
    assert "Een andere taal durven spreken · 2" in labels(intercultural)
    # An own competence by reply; the chair puts it on the board with a tap.
    personal = boards["Persoonlijke ontwikkeling"]
    await say(bot, carla, group, "Omgaan met heimwee", reply_to=personal)
    proposed = last_bot(group, "stelt een eigen competentie voor")
    assert "Carla" in proposed.text and "Omgaan met heimwee" in proposed.text
    refused = await tap(bot, bram, proposed, "Persoonlijke ontwikkeling")
    assert "Alleen de voorzitter" in refused.answer_text
    await tap(bot, anna, proposed, "Persoonlijke ontwikkeling")
    assert "is toegevoegd bij Persoonlijke ontwikkeling" in proposed.text
    assert "Omgaan met heimwee" in labels(personal)
    await tap(bot, carla, personal, "Omgaan met heimwee")
    await say(bot, anna, group, "/volgende")
    ranking = last_bot(group, "Jullie belangrijkste competenties").text
    assert (
        "1. Een andere taal durven spreken (Interculturele competenties): 2 – Bram, Carla"
        in ranking
    )
    for expected in (
        "Samenwerken in een internationaal team (Interculturele competenties): 1 – Bram",
        "Weten hoe het vak elders werkt (Internationale oriëntatie): 1 – Anna",
        "Omgaan met heimwee (Persoonlijke ontwikkeling): 1 – Carla",
    ):
        assert expected in ranking

    # --- Step 4: the map, one board per question, page by page; ⭐ on a handful -------
    card4 = last_bot(group, "Stap 4 van 5")
    assert "in eigen land" in card4.text
    new_board = last_bot(group, "Lijkt ons interessant · In het buitenland")
    done_board = last_bot(group, "Doen we al · In het buitenland")
    assert count_bot(group, "🖍 Lijkt ons interessant") == 1
    assert "Blad 1 van 5" in new_board.text
    # Every activity of the deck is on some page, numbered once, in full.
    seen: dict[int, str] = {}
    starred: list[str] = []
    for _ in range(5):
        for line in new_board.text.split("\n"):
            number, dot, rest = line.partition(". ")
            if dot and number.isdigit():
                seen[int(number)] = rest.removeprefix("⭐ ").split(" · ")[0]
                starred += [seen[int(number)]] if rest.startswith("⭐ ") else []
        await tap(bot, anna, new_board, "▶")
    assert sorted(seen.values()) == sorted(a.label for a in DECK.activities)
    assert sorted(seen) == list(range(1, len(DECK.activities) + 1))
    assert "Blad 1 van 5" in new_board.text  # round: from the last page to the first
    # Intercultural competences weigh most: the star goes to a few that build them most.
    by_label = {a.label: a for a in DECK.activities}
    for where in ("buitenland", "eigen_land"):
        assert 1 <= sum(by_label[label].where == where for label in starred) <= 3
    assert all(by_label[label].components[0] == "intercultureel" for label in starred)
    assert "⭐ = bouwt aan jullie belangrijkste competenties" in new_board.text
    await mark_activity(bot, bram, new_board, "Virtuele uitwisseling met een klas")
    await mark_activity(bot, carla, new_board, "Bpv buiten Europa")
    # The board shows the page of the item just marked, with who marked it.
    assert "Bpv buiten Europa · <b>1</b> (Carla)" in new_board.html
    assert "Op de andere bladen: 1 gemarkeerd" in new_board.text
    await mark_activity(bot, anna, new_board, starred[-1])
    await mark_activity(bot, anna, done_board, "Internationale week of themadag")
    # An own activity by reply, added to both boards, on the page of its group.
    await say(bot, bram, group, "Stage bij de haven van Antwerpen", reply_to=new_board)
    proposed = last_bot(group, "stelt een eigen activiteit voor")
    await tap(bot, anna, proposed, "In het buitenland")
    for board in (new_board, done_board):
        number = board_number(board, "Stage bij de haven van Antwerpen")
        assert number is not None and "Stage bij de haven van Antwerpen" in item_button(
            board, number
        )
    await mark_activity(bot, carla, new_board, "Stage bij de haven van Antwerpen")
    await mark_activity(bot, bram, new_board, "Bpv buiten Europa")

    # --- Step 5: actions linked to activities, the plan per leerjaar --------------------
    await say(bot, anna, group, "/volgende")
    # Most marked first, over both questions, abroad and in eigen land alike.
    top = last_bot(group, "Stap 4 · Activiteiten is klaar").text.split("Meest gemarkeerd: ")[1]
    assert top.startswith("Bpv buiten Europa (2, interessant), ")
    assert "Internationale week of themadag (1, doen we al)" in top
    assert "Virtuele uitwisseling met een klas (1, interessant)" in top
    card5 = last_bot(group, "Stap 5 van 5")
    assert "/actie @anna 15 december" in card5.text and "stuur alleen /actie" in card5.text
    assert "Interessant gevonden in stap 4" in card5.text
    for label in ("Virtuele uitwisseling met een klas", "Bpv buiten Europa"):
        assert label in card5.text

    await say(bot, bram, group, "/actie")
    await say(bot, bram, group, "Partnerklas in Spanje zoeken", reply_to=group.bot_messages()[-1])
    await tap(bot, bram, group.bot_messages()[-1], "Ik")
    await tap(bot, bram, group.bot_messages()[-1], "over 2 weken")
    ask_activity = group.bot_messages()[-1]
    assert "bij welke activiteit" in ask_activity.text
    assert "Virtuele uitwisseling met een klas" in labels(ask_activity)
    await tap(bot, bram, ask_activity, "Virtuele uitwisseling met een klas")
    needs = group.bot_messages()[-1]
    await tap(bot, bram, needs, "partners")
    await tap(bot, bram, needs, "Verder")
    await tap(bot, bram, group.bot_messages()[-1], "Leerjaar 2")
    await tap(bot, bram, group.bot_messages()[-1], "Opslaan")
    action_card = last_bot(group, "Actie #1")
    assert "🎯 Activiteit: Virtuele uitwisseling met een klas" in action_card.text
    (stored,) = bot.rows(Action)
    assert stored.activity == "Virtuele uitwisseling met een klas" and stored.leerjaar == "2"
    await say(bot, carla, group, "/actie @carla eind van de maand: Erasmus+-aanvraag voorbereiden")
    await say(bot, anna, group, "/acties")
    assert "activiteit: Virtuele uitwisseling met een klas" in group.bot_messages()[-1].text

    await say(bot, anna, group, "Samen met de partnerschool een online project", reply_to=card5)
    await say(bot, carla, group, "Subsidie aanvragen voor de bpv in Spanje", reply_to=card5)
    await say(bot, anna, group, "/volgende")
    plan = last_bot(group, "Jullie plan per leerjaar").text
    year2 = plan.split("Leerjaar 2")[1]
    assert "Activiteiten: Virtuele uitwisseling met een klas" in year2
    assert "#1 Partnerklas in Spanje zoeken (Bram)" in year2
    assert "🧰 Nodig: partners" in year2
    assert "Nog zonder leerjaar" in plan and "#2 Erasmus+-aanvraag voorbereiden" in plan
    assert "nog zonder actie: Bpv buiten Europa" in plan.replace("maar ", "")
    assert count_bot(group, "Voorgestelde steekwoorden voor de poster · stap 5") == 1

    # The summary holds exactly the kept keywords, and the link to the activity.
    summary = last_bot(group, "Samenvatting").text
    step2_part = summary.split("Stap 2 · Relevantie")[1].split("Stap 3 ·")[0]
    shown = step2_part.split("Steekwoorden: ")[1].split("\n")[0].split(", ")
    assert sorted(shown) == sorted(kept_step2)
    assert dropped not in shown
    assert "activiteit: Virtuele uitwisseling met een klas" in summary
    assert "Plan per leerjaar" in summary
    kept = bot.rows(Keyword, Keyword.step == 2, Keyword.kept == True)  # noqa: E712
    assert sorted(k.text for k in kept) == sorted(kept_step2)

    # What the poster gets, as plain data.
    record = bot.services.summaries.latest_record(chat_id=group.id)
    assert sorted(record.keywords[2]) == sorted(kept_step2)
    assert [label for label, _ in record.competences] == list(boards)
    intercultural_marks = dict(record.competences)["Interculturele competenties"]
    assert intercultural_marks[0].label == "Een andere taal durven spreken"
    assert intercultural_marks[0].who == ("Bram", "Carla")
    assert record.ranking[0].count == 2
    interesting = {item.label: item for item in record.activities_interesting}
    # The poster stars what the board starred.
    assert interesting[starred[-1]].fits
    assert not interesting["Virtuele uitwisseling met een klas"].fits
    assert interesting["Stage bij de haven van Antwerpen"].group == "In het buitenland"
    assert [b.leerjaar for b in record.plan.blocks] == ["2", None]

    # The printed poster carries the kept steekwoorden, not the dropped one.
    await say(bot, carla, group, "/poster")
    name, data, _caption = next(
        m.document for m in reversed(group.bot_messages()) if m.document is not None
    )
    assert name.startswith("poster-") and name.endswith(".pdf")
    printed = flat(pdf_text(data))
    assert all(word in printed for word in kept_step2)
    assert dropped not in printed.split()
