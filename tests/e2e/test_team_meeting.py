"""The chair's brief for the team meeting: /samenvatting shows at a glance what is done,
open and late; /teamoverleg posts it an hour before each meeting, also after a restart.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam (13:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.models import TeamMeeting
from tests.e2e.helpers import at, count_bot, last_bot, say, utc


async def make_plan(bot, group, anna, bram, carla, card):
    await say(bot, bram, group, "Engelstalige bronnen in leerjaar 2", reply_to=card)
    await say(bot, anna, group, "/actie @bram 26 november: Lesmateriaal zoeken")
    await say(bot, anna, group, "/actie @carla 15 december: Gastles plannen")
    await say(bot, anna, group, "/actie ik 1 december: Teamleider informeren")
    await say(bot, anna, group, "/klaar 3")


async def test_samenvatting_is_the_brief_for_the_team_meeting(bot, step5):
    group, anna, bram, carla, _dirk, card = step5
    await make_plan(bot, group, anna, bram, carla, card)
    await say(bot, anna, group, "/stop")
    closing = last_bot(group, "Samenvatting")
    assert "Acties: 1 klaar · 2 open · 0 te laat" in closing.text
    assert closing.text.index("Acties:") < closing.text.index("Stap 1 · Betekenis")
    assert "Engelstalige bronnen in leerjaar 2" in closing.text

    # Three days later #1 is late and Carla asks for help on #2.
    await bot.tick(days=3)
    await carla.send_private("/mijnacties")
    await bot.settle()
    # The last message is her actions for the calendar; the one before holds #2's buttons.
    card = carla.private_chat.bot_messages()[-2]
    await carla.press(card, "Hulp nodig")
    await bot.settle()
    await say(bot, carla, group, "/samenvatting")
    brief = group.bot_messages()[-1].text
    assert "Acties: 1 klaar · 1 open · 1 te laat · 1 hulp gevraagd" in brief
    lines = brief.split("\n")
    late = lines.index("⚠️ #1 Lesmateriaal zoeken · Bram · donderdag 26 november (1 dag te laat)")
    open_ = next(i for i, line in enumerate(lines) if line.startswith("⏳ #2 Gastles plannen"))
    done = lines.index("✅ #3 Teamleider informeren · Anna de Vries · klaar")
    assert late < open_ < done
    decide = brief[brief.index("Om te beslissen") :]
    assert "#1 Lesmateriaal zoeken is te laat (deadline donderdag 26 november)" in decide
    assert "#2 Gastles plannen: Carla vraagt hulp." in decide
    since = brief[brief.index("Sinds de vorige samenvatting van dinsdag 24 november") :]
    assert "Te laat geraakt: #1 Lesmateriaal zoeken" in since
    assert "Hulp gevraagd: #2 Gastles plannen" in since
    assert "Engelstalige bronnen in leerjaar 2" in brief

    # Once per member in two minutes (issue 17).
    await bot.tick(minutes=2)
    await say(bot, carla, group, "/samenvatting")
    assert "Sinds de vorige samenvatting van vrijdag 27 november\nGeen veranderingen." in (
        group.bot_messages()[-1].text
    )


async def test_teamoverleg_posts_the_brief_an_hour_before_each_meeting(bot, joined):
    group, anna, bram, carla, _dirk, card = joined
    await make_plan(bot, group, anna, bram, carla, card)
    await anna.start_private()

    await say(bot, bram, group, "/teamoverleg donderdag 15:30")
    assert "Alleen de voorzitter (Anna de Vries)" in group.bot_messages()[-1].text
    await say(bot, anna, group, "/teamoverleg donderdag")
    assert group.bot_messages()[-1].text == (
        "Ik mis de tijd van het teamoverleg. "
        "Schrijf bijvoorbeeld: /teamoverleg dinsdag 15:30 elke 2 weken."
    )
    await say(bot, bram, group, "/teamoverleg")
    assert "nog geen teamoverleg" in group.bot_messages()[-1].text

    await say(bot, anna, group, "/teamoverleg donderdag 15:30 elke 2 weken")
    planned = group.bot_messages()[-1].text
    assert "elke 2 weken op donderdag om 15:30" in planned
    assert "Het eerstvolgende overleg is donderdag 26 november om 15:30" in planned
    assert "komt dan om 14:30" in planned
    await say(bot, bram, group, "/teamoverleg")
    assert "elke 2 weken op donderdag om 15:30" in group.bot_messages()[-1].text

    await at(bot, utc(11, 26, 13, 29))
    assert count_bot(group, "Straks is het teamoverleg") == 0
    await at(bot, utc(11, 26, 13, 30))
    intro = last_bot(group, "Straks is het teamoverleg")
    assert "(donderdag 26 november om 15:30)" in intro.text
    assert "Acties: 1 klaar · 2 open · 0 te laat" in group.bot_messages()[-1].text
    copy = anna.private_chat.bot_messages()
    assert "Het teamoverleg van Team Zorg is donderdag 26 november om 15:30" in copy[-2].text
    assert "Acties: 1 klaar · 2 open" in copy[-1].text
    await bot.tick(hours=3)
    await bot.restart()
    assert count_bot(group, "Straks is het teamoverleg") == 1, "once per meeting"

    # Two weeks later the bot is down at 14:30 but back before the meeting: posted at start.
    await at(bot, utc(12, 10, 13))
    await bot.stop()
    bot.clock.set(utc(12, 10, 14))
    await bot.start()
    assert count_bot(group, "Straks is het teamoverleg") == 2
    assert "(donderdag 10 december om 15:30)" in last_bot(group, "Straks is het teamoverleg").text
    assert "Sinds de vorige samenvatting van donderdag 26 november" in group.bot_messages()[-1].text

    # Down through the whole next meeting: no stale brief, the one after is planned.
    await bot.stop()
    bot.clock.set(utc(12, 24, 16))
    await bot.start()
    assert count_bot(group, "Straks is het teamoverleg") == 2
    (meeting,) = bot.rows(TeamMeeting)
    assert meeting.next_at == datetime(2027, 1, 7, 14, 30, tzinfo=UTC)  # 15:30 local

    await say(bot, anna, group, "/teamoverleg uit")
    assert "geen stand van zaken meer" in group.bot_messages()[-1].text
    await at(bot, datetime(2027, 1, 7, 13, 30, tzinfo=UTC))
    assert count_bot(group, "Straks is het teamoverleg") == 2
