"""Deadlines that know the calendar (issue 18, item 6): a deadline on a weekend, a public
holiday or the team's vacation is flagged with the next working day as a button, and an
action due in a week is reminded before its deadline.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.services.buttons import CardOp, CardPress
from storage.models import Action, Reminder
from tests.e2e.helpers import at, forge, say
from tests.e2e.test_actions import action
from tests.e2e.test_reminders import reminders_in
from tests.e2e.test_school_calendar import nine_local, reminders_per_day


def labels(message) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


async def test_a_deadline_on_christmas_day_is_flagged_and_moved_by_its_button(bot, fake, joined):
    group, anna, bram, carla, *_ = joined
    # Wednesday 9 December: "vrijdag over twee weken" is Friday 25 December.
    await at(bot, datetime(2026, 12, 9, 13, tzinfo=UTC))
    await say(bot, anna, group, "/actie @bram vrijdag over twee weken: Lesmateriaal zoeken")
    card = group.bot_messages()[-1]
    assert action(bot, 1).deadline == date(2026, 12, 25)
    assert (
        "📅 vrijdag 25 december (nog 16 dagen)\n"
        "⚠️ Let op: dat is Eerste kerstdag. De eerste werkdag daarna is maandag 28 december"
    ) in card.text
    assert labels(card)[0] == "📅 Naar maandag 28 december"

    # Only who may change the action may move it.
    outsider = await carla.press(card, "Naar maandag 28 december")
    await bot.settle()
    assert outsider.show_alert and action(bot, 1).deadline == date(2026, 12, 25)

    pressed = await bram.press(card, "Naar maandag 28 december")
    await bot.settle()
    assert "nieuwe deadline maandag 28 december" in pressed.answer_text
    stored = action(bot, 1)
    assert stored.deadline == date(2026, 12, 28)
    assert "📅 maandag 28 december (nog 19 dagen)" in card.text
    assert "Let op" not in card.text
    assert "Naar maandag 28 december" not in labels(card), "the button went with the warning"
    pending = bot.rows(Reminder, Reminder.action_id == stored.id, Reminder.status == "pending")
    assert {r.deadline for r in pending} == {date(2026, 12, 28)}, "reminders follow the move"

    # A press that arrives late (the deadline is a working day by now) changes nothing.
    late = await forge(bot, fake, bram, card, CardPress(stored.id, CardOp.WORKING_DAY).encode())
    assert late.answer_text == "De deadline valt al op een werkdag."
    assert action(bot, 1).deadline == date(2026, 12, 28)


async def test_a_deadline_on_a_sunday_is_flagged_and_reminded_the_friday_before(bot, joined):
    group, anna, bram, *_ = joined
    await bram.start_private()
    # Sunday 29 November: "over 1 week" is Sunday 6 December.
    await at(bot, datetime(2026, 11, 29, 10, tzinfo=UTC))
    await say(bot, anna, group, "/actie @bram over 1 week: Stagebedrijven bellen")
    card = group.bot_messages()[-1]
    assert action(bot, 1).deadline == date(2026, 12, 6)
    assert (
        "⚠️ Let op: dat is in het weekend. De eerste werkdag daarna is maandag 7 december"
        in card.text
    )
    assert labels(card)[0] == "📅 Naar maandag 7 december"

    arrived = await reminders_per_day(bot, bram.private_chat, date(2026, 11, 30), date(2026, 12, 7))
    assert list(arrived) == [date(2026, 12, 4), date(2026, 12, 7)]
    (before,) = arrived[date(2026, 12, 4)]
    assert before.startswith("⏰ Herinnering · actie #1")
    assert "zondag 6 december (nog 2 dagen)" in before
    (late,) = arrived[date(2026, 12, 7)]
    assert late.startswith("⚠️ Actie #1 is te laat")
    first = reminders_in(bram.private_chat)[0]
    assert first.date == nine_local(date(2026, 12, 4)).timestamp()


async def test_a_working_day_deadline_has_no_warning_and_no_button(bot, joined):
    group, anna, *_ = joined
    await say(bot, anna, group, "/actie ik over 1 week: Partnerschool zoeken")
    card = group.bot_messages()[-1]
    assert bot.rows(Action)[0].deadline == date(2026, 12, 1)
    assert "Let op" not in card.text
    assert labels(card) == ["👤 Trekker", "📅 Datum", "✏️ Tekst", "🗑 Verwijderen"]
