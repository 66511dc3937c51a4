"""The steekwoorden the chair gets at the end of step 2 are noun phrases for the poster: no
bare verb, adjective or time phrase, and no member's name."""

from __future__ import annotations

from tests.e2e.helpers import last_bot, say


async def test_the_proposal_holds_noun_phrases_and_no_member_names(bot, fake) -> None:
    anna = fake.add_user("Anna", username="anna")
    bram = fake.add_user("Bram", username="bram")
    carla = fake.add_user("Carla", username="carla")
    group = fake.add_group("Team Logistiek", members=[anna, bram, carla])
    await say(bot, anna, group, "/sessie")
    for member in (bram, carla):
        await say(bot, member, group, "/doemee")
    await say(bot, anna, group, "/begin")
    await say(bot, anna, group, "/volgende")
    card2 = last_bot(group, "Stap 2 van 5")
    for member, text in [
        (anna, "Planners bellen met Duitse en Poolse vervoerders"),
        (bram, "Volgens Carla zijn de exportdocumenten na de brexit lastig"),
        (carla, "Nederland blijft natuurlijk de plek waar ze werken"),
        (bram, "Volgend jaar willen we samen stages in Duitsland aanbieden"),
    ]:
        await say(bot, member, group, text, reply_to=card2)
    await say(bot, anna, group, "/volgende")

    proposal = last_bot(group, "Voorgestelde steekwoorden voor de poster · stap 2")
    words = [label.removeprefix("✅ ") for row in proposal.buttons for label, _ in row]
    assert "Duitse en Poolse vervoerders" in words and "stages in Duitsland" in words
    assert "exportdocumenten" in words
    lowered = " | ".join(words).lower()
    for weak in ("carla", "nederland", "volgend", "jaar", "samen", "aanbieden", "bellen"):
        assert weak not in lowered, words
