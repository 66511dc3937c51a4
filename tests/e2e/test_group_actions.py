"""Actions never need a session: a team that agrees on something at a team meeting before
its first work session keeps it, numbered, listed, reminded and ticked off like any other;
the next session's summary includes it. And `/actie @name` finds anyone the bot has seen in
the group, not only session participants.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam (13:00 UTC)."""

from __future__ import annotations

from storage.models import Action, GroupMember
from tests.e2e.helpers import at, last_bot, say, utc


async def test_an_action_without_a_session_is_stored_listed_reminded_and_done(bot, team):
    group, anna, bram, carla, _dirk = team
    # Bram only ever asked for /help in the group; the bot still knows who @bram is.
    await say(bot, bram, group, "/help")
    await say(bot, anna, group, "/actie @bram 15 december: Partnerschool in Gent benaderen")
    card = group.bot_messages()[-1]
    assert "Actie #1" in card.text and "👤 Bram" in card.text
    (stored,) = bot.rows(Action)
    assert stored.session_id is None and stored.owner_id == bram.id
    assert stored.text == "Partnerschool in Gent benaderen"

    # Numbered on; nothing typed is dropped when the owner is unknown.
    await say(bot, carla, group, "/actie @onbekend morgen: Erasmus+-subsidie uitzoeken")
    asked = group.bot_messages()[-1]
    assert "@onbekend" in asked.text and "Erasmus+-subsidie uitzoeken" in asked.text
    await carla.press(asked, "Ik")
    await bot.settle()
    assert [a.number for a in bot.rows(Action)] == [1, 2]

    await say(bot, carla, group, "/acties")
    listed = group.bot_messages()[-1].text
    assert "Acties · de groep" in listed
    assert "#1 Partnerschool in Gent benaderen" in listed and "#2 Erasmus+" in listed

    # Reminded like any action: Bram never opened a private chat, so in the group.
    await at(bot, utc(12, 8, 8, 0))
    (reminder,) = [m for m in group.bot_messages() if "Herinnering · actie #1" in (m.text or "")]
    assert "Partnerschool in Gent benaderen" in reminder.text

    # Ticked off by its owner; someone else is told who may.
    await say(bot, carla, group, "/klaar 1")
    assert "Alleen" in group.bot_messages()[-1].text
    await say(bot, bram, group, "/klaar 1")
    assert "Actie #1 is klaar" in group.bot_messages()[-1].text
    assert bot.rows(Action, Action.number == 1)[0].status == "done"

    # The next session's summary includes the group's own actions.
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/stop")
    summary = last_bot(group, "Samenvatting").text
    assert "#1 Partnerschool in Gent benaderen" in summary
    assert "#2 Erasmus+-subsidie uitzoeken" in summary


async def test_anyone_seen_in_the_group_can_own_an_action(bot, fake, team):
    group, anna, *_ = team
    eva = fake.add_user("Eva", username="eva")
    fred = fake.add_user("Fred", username="fred")
    await group.add_member(eva)
    await group.add_member(fred)
    await bot.settle()
    # Eva pressed nothing and joined no session: she only sent /help. Fred only joined.
    await say(bot, eva, group, "/help")
    assert bot.rows(GroupMember, GroupMember.user_id == eva.id)
    await say(bot, anna, group, "/sessie")
    await say(bot, anna, group, "/actie @eva volgende week: Buddy's voor inkomende studenten")
    await say(bot, anna, group, "/actie @fred 1 maart: Internationale week plannen")
    eva_action, fred_action = bot.rows(Action)
    assert (eva_action.owner_id, fred_action.owner_id) == (eva.id, fred.id)
    assert "👤 Fred" in group.bot_messages()[-1].text
