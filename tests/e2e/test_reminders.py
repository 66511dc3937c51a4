"""Reminders reach an action's owner weeks later: privately when they linked a chat,
otherwise in the group; within working hours; once each, also across restarts and crashes.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam (13:00 UTC)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlmodel import select

from storage.db import make_engine, session_scope
from storage.models import Action, Member, OutboxMessage, Reminder
from tests.documents.read import calendar_events
from tests.e2e.helpers import at, say, utc

BOT_LINK = "https://t.me/aandeslag_bot?start=koppel"


REMINDER = re.compile(r"Herinnering · actie #\d+|Actie #\d+ is te laat")


def reminders_in(chat) -> list:
    return [m for m in chat.bot_messages() if REMINDER.search(m.text or "")]


def labels(message) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


async def test_a_linked_owner_is_reminded_privately_once_at_nine(bot, joined):
    group, anna, bram, *_ = joined
    await bram.start_private()
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")

    await at(bot, utc(12, 8, 7, 59))  # Tuesday 8 December, 08:59 local
    assert reminders_in(bram.private_chat) == []
    await at(bot, utc(12, 8, 8, 0))
    (reminder,) = reminders_in(bram.private_chat)
    assert "Herinnering · actie #1" in reminder.text and "Team Zorg" in reminder.text
    assert "Lesmateriaal zoeken" in reminder.text
    assert "dinsdag 15 december (nog 7 dagen)" in reminder.text
    assert labels(reminder) == ["✅ Klaar", "⏭ Week later", "🆘 Hulp nodig"]
    await bot.tick(hours=3)
    assert len(reminders_in(bram.private_chat)) == 1, "sent once"
    assert reminders_in(group) == [], "not in the group as well"
    (sent,) = bot.rows(Reminder, Reminder.status == "sent")
    assert (sent.kind, sent.channel, sent.sent_at) == ("week_before", "dm", utc(12, 8, 8, 0))

    # Then the day before, on the day, and late: weekly, three times.
    for moment, expected in [
        (utc(12, 14, 8), "morgen"),
        (utc(12, 15, 8), "vandaag"),
        (utc(12, 16, 8), "1 dag te laat"),
        (utc(12, 23, 8), "8 dagen te laat"),
        (utc(12, 30, 8), "15 dagen te laat"),
        (datetime(2027, 1, 6, 8, tzinfo=UTC), None),
    ]:
        before = len(reminders_in(bram.private_chat))
        await at(bot, moment)
        got = reminders_in(bram.private_chat)
        if expected is None:
            assert len(got) == before, "no more than three reminders when late"
        else:
            assert len(got) == before + 1 and expected in got[-1].text, expected
    assert "Actie #1 is te laat" in reminders_in(bram.private_chat)[-1].text


async def test_without_a_private_chat_the_group_is_used_with_a_mention_and_a_link(bot, joined):
    group, anna, _bram, carla, *_ = joined
    await say(bot, anna, group, "/actie @carla 15 december: Gastles plannen")
    await at(bot, utc(12, 8, 8))
    (reminder,) = reminders_in(group)[-1:]
    assert reminder.text.startswith("Carla, dit is een herinnering voor jou.")
    assert {"type": "text_mention", "user": carla.to_dict()} in [
        {k: v for k, v in e.items() if k in ("type", "user")} for e in reminder.entities
    ]
    assert any(e.get("url") == BOT_LINK for e in reminder.entities), "deep link in the text"
    assert ("💬 Herinneringen privé", BOT_LINK) in [b for row in reminder.buttons for b in row]

    # The deep link opens the private chat with /start koppel: from now on, privately.
    await carla.start_private("koppel")
    await bot.settle()
    assert "Herinneringen over je acties stuur ik je voortaan hier" in (
        carla.private_chat.bot_messages()[-1].text
    )
    await at(bot, utc(12, 14, 8))
    assert "Herinnering · actie #1" in carla.private_chat.bot_messages()[-1].text
    assert len(reminders_in(group)) == 1


async def test_a_refused_private_message_falls_back_to_the_group(bot, joined, fake):
    group, anna, bram, *_ = joined
    await bram.start_private()
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    fake.fail_next(
        "sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=bram.id,
    )
    await at(bot, utc(12, 8, 8))
    assert reminders_in(bram.private_chat) == []
    (fallback,) = reminders_in(group)[-1:]
    assert "Bram, dit is een herinnering voor jou." in fallback.text
    (reminder,) = bot.rows(Reminder, Reminder.status == "sent")
    assert reminder.channel == "group" and "blocked" in reminder.last_error
    with bot.db() as db:
        assert db.get(Member, bram.id).private_chat is False

    # Blocking the bot is noticed too; unblocking and /start links again.
    await bot.tick(days=6)  # Monday 14 December, the day before
    assert len(reminders_in(group)) == 2
    await bram.start_private()
    bram.block_bot()
    await bot.settle()
    await at(bot, utc(12, 15, 8))
    assert len(reminders_in(group)) == 3, "after blocking: in the group straight away"
    assert len(bot.rows(Reminder, Reminder.status == "sent")) == 3


async def test_reminder_buttons_for_owner_and_chair_only(bot, joined):
    group, anna, bram, carla, dirk, _ = joined
    await bram.start_private()
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    await say(bot, anna, group, "/actie @carla 15 december: Gastles plannen")
    await at(bot, utc(12, 8, 8))
    (private,) = reminders_in(bram.private_chat)
    (in_group,) = reminders_in(group)[-1:]

    refused = await dirk.press(in_group, "Klaar")
    await bot.settle()
    assert refused.show_alert and "Alleen Carla (trekker) of de voorzitter" in refused.answer_text

    later = await anna.press(in_group, "Week later")  # the chair may
    await bot.settle()
    assert "nieuwe deadline is dinsdag 22 december" in later.answer_text
    assert "dinsdag 22 december" in in_group.text
    with bot.db() as db:
        carla_action = db.get(Action, 2)
        assert carla_action.deadline == date(2026, 12, 22)
    pending = bot.rows(Reminder, Reminder.action_id == 2, Reminder.status == "pending")
    assert [r.kind for r in pending][:2] == ["week_before", "day_before"]
    assert pending[0].due_at == utc(12, 15, 8)

    helped = await bram.press(private, "Hulp nodig")
    await bot.settle()
    assert helped.answer_text == "Ik heb het de voorzitter laten weten."
    ask = group.bot_messages()[-1]
    assert "Bram vraagt hulp bij actie #1: Lesmateriaal zoeken" in ask.text
    assert "Anna de Vries, kun je helpen" in ask.text
    assert any(e.get("user", {}).get("id") == anna.id for e in ask.entities), (
        "the chair is mentioned"
    )
    again = await bram.press(private, "Hulp nodig")
    await bot.settle()
    assert again.answer_text == "Je hulpvraag ligt al bij de voorzitter."

    done = await bram.press(private, "Klaar")
    await bot.settle()
    assert done.answer_text == "Top, actie #1 is klaar!"
    assert "Actie #1 · klaar" in private.text and private.buttons == []
    assert "Bram zette actie #1 op klaar: Lesmateriaal zoeken" in group.bot_messages()[-1].text
    assert not bot.rows(Reminder, Reminder.action_id == 1, Reminder.status == "pending")


async def test_mijnacties_lists_own_actions_of_every_group_with_buttons(bot, joined, fake):
    group, anna, bram, *_ = joined
    other = fake.add_group("Sectie Techniek", members=[bram])
    await say(bot, bram, other, "/sessie")
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    await say(bot, bram, other, "/actie ik 1 december: Lasrobot bestellen")
    await say(bot, anna, group, "/actie ik 2 december: Iets van Anna")
    await bram.send_private("/mijnacties")
    await bot.settle()
    header, first, second, calendar = bram.private_chat.bot_messages()[-4:]
    assert "Jouw acties" in header.text and "2 open" in header.text
    name, ics, caption = calendar.document
    assert name.endswith(".ics") and "agenda" in caption
    events = calendar_events(ics)
    assert sorted(str(e["summary"]) for e in events) == [
        "Actie #1: Lasrobot bestellen",
        "Actie #1: Lesmateriaal zoeken",
    ]
    assert "Actie #1 · Sectie Techniek" in first.text and "Lasrobot bestellen" in first.text
    assert "Actie #1 · Team Zorg" in second.text
    assert labels(second) == ["✅ Klaar", "⏭ Week later", "🆘 Hulp nodig"]
    await bram.press(second, "Klaar")
    await bot.settle()
    with bot.db() as db:
        assert db.get(Action, 1).status == "done"
    await bram.send(group, "/mijnacties")
    await bot.settle()
    assert "privéchat" in group.bot_messages()[-1].text


async def test_never_at_night_or_in_the_weekend(bot, joined):
    group, anna, bram, *_ = joined
    await bram.start_private()
    # Monday 30 November: the day before is a Sunday, so the reminder before the deadline
    # comes on the Friday.
    await say(bot, anna, group, "/actie @bram 30 november: Lesmateriaal zoeken")
    planned = bot.rows(Reminder)
    assert [(r.kind, r.due_at) for r in planned[:3]] == [
        ("day_before", utc(11, 27, 8)),
        ("on_day", utc(11, 30, 8)),
        ("overdue_1", utc(12, 1, 8)),
    ]
    for reminder in planned:
        assert reminder.due_at.hour in range(7, 17) and reminder.due_at.weekday() < 5

    await at(bot, utc(11, 27, 8))
    (friday,) = reminders_in(bram.private_chat)
    assert "maandag 30 november (nog 3 dagen)" in friday.text
    # Down from Monday early until Saturday: what came due waits for Monday 08:00.
    await at(bot, utc(11, 30, 6))
    await bot.stop()
    bot.clock.set(utc(12, 5, 10))  # Saturday 11:00
    await bot.start()
    await bot.tick()
    assert reminders_in(bram.private_chat) == [friday]
    await at(bot, utc(12, 6, 22))  # Sunday night
    await at(bot, utc(12, 7, 6, 59))  # Monday 07:59
    assert reminders_in(bram.private_chat) == [friday]
    await at(bot, utc(12, 7, 7))  # Monday 08:00
    (_, late) = reminders_in(bram.private_chat)
    assert "7 dagen te laat" in late.text
    kinds = {r.kind: r.status for r in bot.rows(Reminder)}
    assert kinds["on_day"] == "skipped" and kinds["overdue_1"] == "sent"
    # A reminder due on a weekday evening waits for the next morning.
    await at(bot, utc(12, 8, 17, 30))
    assert len(reminders_in(bram.private_chat)) == 2


async def test_reminders_due_while_down_go_out_once_after_start(bot, joined):
    group, anna, bram, carla, *_ = joined
    await bram.start_private()
    await say(bot, anna, group, "/actie @bram 26 november: Lesmateriaal zoeken")
    await say(bot, anna, group, "/actie @carla 27 november: Gastles plannen")
    await bot.stop()
    bot.clock.set(utc(11, 26, 9))  # Thursday 10:00: both came due while down
    await bot.start()
    (private,) = reminders_in(bram.private_chat)
    assert "vandaag" in private.text, "only the latest of Bram's due reminders"
    (in_group,) = reminders_in(group)
    assert "Carla" in in_group.text and "morgen" in in_group.text
    await bot.restart()
    await bot.tick(minutes=30)
    assert len(reminders_in(bram.private_chat)) == 1 and len(reminders_in(group)) == 1
    statuses = sorted(
        (r.action_id, r.kind, r.status) for r in bot.rows(Reminder) if r.status != "pending"
    )
    assert statuses == [
        (1, "day_before", "skipped"),
        (1, "on_day", "sent"),
        (2, "day_before", "sent"),
    ]


async def test_a_crash_right_after_telegram_accepted_a_reminder_does_not_resend_it(bot, joined):
    group, anna, bram, *_ = joined
    await bram.start_private()
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    bot.clock.set(utc(12, 8, 8))
    # The reminder is decided and queued, then the bot dies before delivering it.
    bot.services.reminders.process_due()
    await bot.stop()
    await bot.start()
    assert len(reminders_in(bram.private_chat)) == 1, "queued before the crash: sent after"

    # Next one: Telegram shows it, but the bot dies before writing that down.
    await at(bot, utc(12, 14, 8))
    assert len(reminders_in(bram.private_chat)) == 2
    await bot.stop()
    engine = make_engine(bot.database_url)
    with session_scope(engine) as db:
        reminder = db.exec(select(Reminder).where(Reminder.kind == "day_before")).one()
        reminder.status = "sending"
        db.get(OutboxMessage, reminder.outbox_id).status = "sending"
    engine.dispose()
    await bot.start()
    await bot.tick(minutes=5)
    assert len(reminders_in(bram.private_chat)) == 2, "not sent twice"
    (settled,) = bot.rows(Reminder, Reminder.kind == "day_before")
    assert settled.status == "sent"


async def test_owner_without_username_is_reminded_by_name(bot, joined):
    group, anna, _bram, _carla, dirk, _ = joined
    await say(
        bot, anna, group, "/actie Dirk 15 december: Buddy zoeken", text_mentions={"Dirk": dirk}
    )
    await at(bot, utc(12, 8, 8))
    (reminder,) = reminders_in(group)[-1:]
    assert reminder.text.startswith("Dirk, dit is een herinnering voor jou.")
    assert any(e.get("user", {}).get("id") == dirk.id for e in reminder.entities)
