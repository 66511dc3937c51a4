"""The bot knows the school year: no reminders and no team-meeting brief on public holidays
or in the team's own vacation (/vakantie), one reminder on the first working day after it,
and a warning for a deadline that falls in it.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam (13:00 UTC). The team's
Christmas break runs Saturday 19 December 2026 to Sunday 3 January 2027."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from storage.models import ActionDraft, Reminder, TeamMeeting, TeamVacation
from tests.e2e.helpers import at, count_bot, last_bot, say
from tests.e2e.test_actions import action
from tests.e2e.test_reminders import reminders_in

BREAK = "/vakantie 19 december tot 3 januari"
IN_VACATION = "Let op: dat is in jullie vakantie"


def nine_local(day: date) -> datetime:
    """09:00 in Amsterdam (winter time), when reminders go out."""
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def reminders_per_day(bot, chat, first: date, last: date) -> dict[date, list[str]]:
    """Walk the clock day by day at 09:00; the reminders that arrived in `chat` each day."""
    seen = len(reminders_in(chat))
    arrived: dict[date, list[str]] = {}
    for day in days(first, last):
        await at(bot, nine_local(day))
        now = reminders_in(chat)
        if len(now) > seen:
            arrived[day] = [m.text for m in now[seen:]]
        seen = len(now)
    return arrived


async def test_christmas_break_no_reminders_then_one_on_the_first_working_day(bot, joined):
    group, anna, bram, carla, *_ = joined
    await bram.start_private()
    await say(bot, anna, group, "/actie @bram 23 december: Lesmateriaal zoeken")
    assert IN_VACATION not in group.bot_messages()[-1].text, "no vacation set yet"

    await say(bot, bram, group, BREAK)
    assert "Alleen de voorzitter (Anna de Vries)" in group.bot_messages()[-1].text
    assert bot.rows(TeamVacation) == []
    await say(bot, anna, group, BREAK)
    assert group.bot_messages()[-1].text == (
        "🏖 Genoteerd: vakantie zaterdag 19 december t/m zondag 3 januari 2027. Dan stuur ik "
        "geen herinneringen en sla ik het teamoverleg over. Vanaf maandag 4 januari 2027 gaat "
        "alles weer door. Een herinnering die in de vakantie viel, stuur ik daarna nog één keer."
    )
    (vacation,) = bot.rows(TeamVacation)
    assert (vacation.chat_id, vacation.starts_on, vacation.ends_on) == (
        group.id,
        date(2026, 12, 19),
        date(2027, 1, 3),
    )

    # An action made in the break's week gets the warning on its card.
    await say(bot, anna, group, "/actie @carla 22 december: Gastles plannen")
    card = group.bot_messages()[-1]
    assert "dinsdag 22 december (nog 28 dagen)\n⚠️ " + IN_VACATION in card.text

    to_bram = await reminders_per_day(
        bot, bram.private_chat, date(2026, 11, 25), date(2026, 12, 23)
    )
    # The reminders before the break: a week ahead, and on its last working day, with the
    # warning.
    assert list(to_bram) == [date(2026, 12, 16), date(2026, 12, 18)]
    (week_before,) = to_bram[date(2026, 12, 16)]
    assert "Herinnering · actie #1" in week_before and IN_VACATION in week_before
    (day_before,) = to_bram[date(2026, 12, 18)]
    assert "Herinnering · actie #1" in day_before

    # Down and up again in the break: what is due comes from the database, nothing early.
    await bot.restart()
    to_bram |= await reminders_per_day(bot, bram.private_chat, date(2026, 12, 24), date(2027, 1, 3))
    assert list(to_bram) == [date(2026, 12, 16), date(2026, 12, 18)], "nothing in the break"

    # Monday 4 January: exactly one reminder each, late now, and not again that week.
    before_in_group = len(reminders_in(group))
    to_bram |= await reminders_per_day(bot, bram.private_chat, date(2027, 1, 4), date(2027, 1, 10))
    assert list(to_bram) == [date(2026, 12, 16), date(2026, 12, 18), date(2027, 1, 4)]
    (back,) = to_bram[date(2027, 1, 4)]
    assert "Actie #1 is te laat" in back and "Team Zorg" in back
    (carla_back,) = reminders_in(group)[before_in_group:]
    assert "Carla, dit is een herinnering voor jou." in carla_back.text
    assert "Actie #2 is te laat" in carla_back.text
    assert carla_back.date == nine_local(date(2027, 1, 4)).timestamp()
    await at(bot, datetime(2027, 1, 4, 16, tzinfo=UTC))
    assert len(reminders_in(bram.private_chat)) == 3

    # Nothing at all came from the bot in the group during the break.
    start, end = nine_local(date(2026, 12, 19)), nine_local(date(2027, 1, 4)) - timedelta(hours=1)
    assert [m for m in group.bot_messages() if start.timestamp() <= m.date < end.timestamp()] == []

    # The overdue count stood still in the break: the next one comes a week later.
    sent = bot.rows(Reminder, Reminder.action_id == action(bot, 1).id, Reminder.status == "sent")
    assert [r.kind for r in sent] == ["week_before", "day_before", "overdue_1"]
    (next_one,) = bot.rows(
        Reminder,
        Reminder.action_id == action(bot, 1).id,
        Reminder.status == "pending",
        Reminder.kind == "overdue_2",
    )
    assert next_one.due_at == nine_local(date(2027, 1, 11))


async def test_a_vacation_removed_brings_the_reminders_back(bot, joined):
    group, anna, bram, *_ = joined
    await bram.start_private()
    await say(bot, anna, group, BREAK)
    await say(bot, anna, group, "/actie @bram 23 december: Lesmateriaal zoeken")
    pending = bot.rows(Reminder, Reminder.status == "pending")
    assert [r.kind for r in pending] == [
        "week_before",
        "day_before",
        "overdue_1",
        "overdue_2",
        "overdue_3",
    ]

    await say(bot, anna, group, "/vakantie weg 1")
    assert group.bot_messages()[-1].text == (
        "🗑 De vakantie zaterdag 19 december t/m zondag 3 januari 2027 is weggehaald. "
        "Herinneringen en het teamoverleg gaan in die tijd weer gewoon door."
    )
    assert bot.rows(TeamVacation) == []
    to_bram = await reminders_per_day(
        bot, bram.private_chat, date(2026, 12, 16), date(2026, 12, 24)
    )
    assert list(to_bram) == [
        date(2026, 12, 16),
        date(2026, 12, 22),
        date(2026, 12, 23),
        date(2026, 12, 24),
    ]


async def test_down_when_the_break_began_the_owner_hears_once_after_it(bot, joined):
    group, anna, bram, *_ = joined
    await bram.start_private()
    await say(bot, anna, group, BREAK)
    await say(bot, anna, group, "/actie @bram 18 december: Lesmateriaal zoeken")
    await say(bot, anna, group, "/actie @bram 17 december: Gastles plannen")
    # The bot is down from Thursday before the break until the Monday in it: #1's "vandaag"
    # (Friday) and #2's "te laat" came due meanwhile.
    await at(bot, nine_local(date(2026, 12, 17)) - timedelta(hours=2))
    await bot.stop()
    bot.clock.set(nine_local(date(2026, 12, 21)))
    await bot.start()
    arrived = await reminders_per_day(bot, bram.private_chat, date(2026, 12, 21), date(2027, 1, 8))
    assert {day: len(got) for day, got in arrived.items()} == {date(2027, 1, 4): 2}
    assert sorted(text.split("\n")[0] for text in arrived[date(2027, 1, 4)]) == [
        "⚠️ Actie #1 is te laat · Team Zorg",
        "⚠️ Actie #2 is te laat · Team Zorg",
    ]


async def test_private_reminders_follow_each_teams_calendar(bot, joined, fake):
    group, anna, bram, carla, *_ = joined
    other = fake.add_group("Team Techniek", members=[carla, bram])
    await say(bot, carla, other, "/sessie")
    await say(bot, bram, other, "/doemee")
    await bram.start_private()
    await say(bot, anna, group, BREAK)  # only Team Zorg is away
    await say(bot, anna, group, "/actie @bram 23 december: Lesmateriaal zoeken")
    await say(bot, carla, other, "/actie @bram 23 december: Werkplaats inrichten")
    assert IN_VACATION not in other.bot_messages()[-1].text

    arrived = await reminders_per_day(bot, bram.private_chat, date(2026, 12, 14), date(2027, 1, 4))
    teams = {day: sorted("Team Zorg" in text for text in texts) for day, texts in arrived.items()}
    assert teams == {
        date(2026, 12, 16): [False, True],  # a week before: both teams still at work
        date(2026, 12, 18): [True],  # Team Zorg: the last working day before the break
        date(2026, 12, 22): [False],  # Team Techniek: the day before
        date(2026, 12, 23): [False],  # on the day
        date(2026, 12, 24): [False],  # late
        date(2026, 12, 31): [False],  # a week late
        date(2027, 1, 4): [True],  # Team Zorg, once, back from the break
    }


async def test_team_meeting_in_the_vacation_is_skipped_and_the_next_brief_says_so(bot, joined):
    group, anna, bram, *_ = joined
    await at(bot, nine_local(date(2026, 12, 14)))
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    await say(bot, anna, group, "/teamoverleg donderdag 15:30")
    await say(bot, anna, group, BREAK)

    await at(bot, datetime(2026, 12, 17, 13, 30, tzinfo=UTC))  # an hour before, Thursday
    assert count_bot(group, "Straks is het teamoverleg") == 1
    await at(bot, datetime(2026, 12, 18, 9, tzinfo=UTC))
    await say(bot, bram, group, "/teamoverleg")
    assert "Het eerstvolgende overleg is donderdag 7 januari 2027 om 15:30" in (
        group.bot_messages()[-1].text
    )

    for meeting_day in (date(2026, 12, 24), date(2026, 12, 31)):
        await at(
            bot, datetime(meeting_day.year, meeting_day.month, meeting_day.day, 13, 30, tzinfo=UTC)
        )
        await bot.tick(hours=3)
    assert count_bot(group, "Straks is het teamoverleg") == 1, "no brief in the break"
    (meeting,) = bot.rows(TeamMeeting)
    assert meeting.skipped == [["2026-12-24", None], ["2026-12-31", None]]

    await bot.restart()
    await at(bot, datetime(2027, 1, 7, 13, 30, tzinfo=UTC))
    intro = last_bot(group, "Straks is het teamoverleg")
    assert "(donderdag 7 januari om 15:30)" in intro.text
    assert intro.text.endswith(
        "⏭ Overgeslagen: de teamoverleggen van donderdag 24 december 2026 (vakantie) "
        "en donderdag 31 december 2026 (vakantie)."
    )
    assert bot.rows(TeamMeeting)[0].skipped is None, "told once"
    await at(bot, datetime(2027, 1, 14, 13, 30, tzinfo=UTC))
    assert "Overgeslagen" not in last_bot(group, "Straks is het teamoverleg").text


async def test_team_meeting_on_public_holidays_is_skipped(bot, joined):
    group, anna, *_ = joined
    await at(bot, nine_local(date(2026, 12, 14)))
    await say(bot, anna, group, "/teamoverleg vrijdag 10:00")
    await at(bot, datetime(2026, 12, 18, 8, 30, tzinfo=UTC))
    assert count_bot(group, "Straks is het teamoverleg") == 1
    await at(bot, datetime(2026, 12, 25, 8, 30, tzinfo=UTC))
    await at(bot, datetime(2027, 1, 1, 8, 30, tzinfo=UTC))
    assert count_bot(group, "Straks is het teamoverleg") == 1
    await at(bot, datetime(2027, 1, 8, 8, 30, tzinfo=UTC))
    assert last_bot(group, "Straks is het teamoverleg").text.endswith(
        "⏭ Overgeslagen: de teamoverleggen van vrijdag 25 december 2026 (Eerste kerstdag) "
        "en vrijdag 1 januari (Nieuwjaarsdag)."
    )


async def test_vakantie_lists_adds_removes_and_explains_bad_input(bot, joined):
    group, anna, bram, *_ = joined
    await say(bot, bram, group, "/vakantie")
    assert group.bot_messages()[-1].text == (
        "Er staat geen vakantie gepland. De voorzitter zet er een in met bijvoorbeeld "
        "/vakantie 21 december tot 3 januari.\n\n"
        "Op feestdagen stuur ik ook niets. De eerstvolgende: Eerste kerstdag (vrijdag "
        "25 december), Tweede kerstdag (zaterdag 26 december), Nieuwjaarsdag (vrijdag "
        "1 januari 2027)."
    )

    # Bad input: one sentence with an example; what was typed stays quoted, nothing stored.
    for typed, answer in [
        (
            "/vakantie 21 december tot",
            "Ik mis de laatste vakantiedag. Schrijf bijvoorbeeld: /vakantie 21 december tot "
            "3 januari.",
        ),
        (
            "/vakantie kerstvakantie",
            "‘kerstvakantie’ herken ik niet als datum. Schrijf bijvoorbeeld: /vakantie "
            "21 december tot 3 januari.",
        ),
        (
            "/vakantie 2 november 2026 tot 6 november 2026",
            "Die vakantie (maandag 2 november t/m vrijdag 6 november) is al voorbij. Schrijf "
            "bijvoorbeeld: /vakantie 21 december tot 3 januari.",
        ),
        (
            "/vakantie 1 januari tot 1 juni",
            "Een vakantie duurt hooguit 100 dagen (vrijdag 1 januari 2027 t/m dinsdag 1 juni "
            "2027 is langer). Voer een langere periode in delen in. Schrijf bijvoorbeeld: /vakantie "
            "21 december tot 3 januari.",
        ),
    ]:
        command = await say(bot, anna, group, typed)
        refusal = group.bot_messages()[-1]
        assert refusal.text == answer and refusal.reply_to is command, typed
    assert bot.rows(TeamVacation) == []

    await say(bot, anna, group, "/vakantie 27 april")  # a study day
    assert "Genoteerd: vakantie dinsdag 27 april 2027." in group.bot_messages()[-1].text
    await say(bot, anna, group, "/vakantie week 9")
    await say(bot, anna, group, "/vakantie van 21 december t/m 3 januari")
    await say(bot, anna, group, "/vakantie 21 december tot 3 januari")
    assert "staat er al in" in group.bot_messages()[-1].text
    await say(bot, bram, group, "/vakantie")
    listed = group.bot_messages()[-1].text
    assert listed.startswith(
        "🏖 Vakanties van dit team\n"
        "1. maandag 21 december t/m zondag 3 januari 2027\n"
        "2. maandag 1 maart 2027 t/m zondag 7 maart 2027\n"
        "3. dinsdag 27 april 2027\n"
    )

    await say(bot, bram, group, "/vakantie weg 1")
    assert "Alleen de voorzitter" in group.bot_messages()[-1].text
    await say(bot, anna, group, "/vakantie weg 7")
    assert group.bot_messages()[-1].text == (
        "Een vakantie met nummer 7 ken ik niet. Met /vakantie zie je de nummers. Weghalen gaat "
        "bijvoorbeeld met /vakantie weg 1."
    )
    await say(bot, anna, group, "/vakantie weg")
    assert "Geef het nummer, bijvoorbeeld /vakantie weg 1" in group.bot_messages()[-1].text
    await say(bot, anna, group, "/vakantie weg 2")
    assert "De vakantie maandag 1 maart 2027 t/m zondag 7 maart 2027 is weggehaald" in (
        group.bot_messages()[-1].text
    )
    rows = sorted((v.starts_on, v.ends_on) for v in bot.rows(TeamVacation))
    assert rows == [
        (date(2026, 12, 21), date(2027, 1, 3)),
        (date(2027, 4, 27), date(2027, 4, 27)),
    ]

    # Within the vacation the list says which one is on now.
    await at(bot, nine_local(date(2026, 12, 22)))
    await say(bot, bram, group, "/vakantie")
    assert "1. maandag 21 december t/m zondag 3 januari 2027 (nu)" in group.bot_messages()[-1].text

    await bram.send_private("/vakantie")
    await bot.settle()
    assert "Vakanties zet de voorzitter in de groep" in bram.private_chat.bot_messages()[-1].text


async def test_a_deadline_in_the_vacation_is_warned_in_the_dialog_and_when_changed(bot, joined):
    group, anna, bram, *_ = joined
    await say(bot, anna, group, BREAK)

    await say(bot, anna, group, "/actie")
    await say(bot, anna, group, "Gastles plannen", reply_to=group.bot_messages()[-1])
    await anna.press(group.bot_messages()[-1], "Ik")
    await bot.settle()
    await say(bot, anna, group, "28 december", reply_to=group.bot_messages()[-1])
    needs = group.bot_messages()[-1]
    assert needs.text.startswith(
        f"⚠️ {IN_VACATION}. De eerste werkdag daarna is maandag 4 januari 2027\n\n"
    )
    assert "wat is ervoor nodig?" in needs.text
    (draft,) = bot.rows(ActionDraft)
    assert draft.deadline == date(2026, 12, 28)

    # A one-line action, then its deadline changed into the break and out again.
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    card = group.bot_messages()[-1]
    assert IN_VACATION not in card.text
    await bram.press(card, "Datum")
    await bot.settle()
    await bram.press(group.bot_messages()[-1], "Zelf een datum typen")
    await bot.settle()
    await say(bot, bram, group, "30 december", reply_to=group.bot_messages()[-1])
    assert group.bot_messages()[-1].text == (
        "✔️ Actie #1: nieuwe deadline woensdag 30 december\n"
        f"⚠️ {IN_VACATION}. De eerste werkdag daarna is maandag 4 januari 2027."
    )
    assert IN_VACATION in card.text, "the card is refreshed with the warning"
    await bram.press(card, "Datum")
    await bot.settle()
    await bram.press(group.bot_messages()[-1], "over 1 week")
    await bot.settle()
    assert action(bot, 1).deadline == date(2026, 12, 1)
    assert IN_VACATION not in card.text


async def test_holidays_can_be_switched_off_by_the_host(bot, joined):
    group, anna, bram, *_ = joined
    await bot.stop()
    bot.extra_settings["bot_holidays_country"] = ""
    await bot.start()
    await bram.start_private()
    await say(bot, anna, group, "/actie @bram 25 december: Lesmateriaal zoeken")
    arrived = await reminders_per_day(
        bot, bram.private_chat, date(2026, 12, 24), date(2026, 12, 25)
    )
    assert list(arrived) == [date(2026, 12, 24), date(2026, 12, 25)], "Christmas Day as well"
