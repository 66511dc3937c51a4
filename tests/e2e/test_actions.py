"""Actions as a team makes them in step 5 and after: one line or step by step, owners of
every kind, Dutch dates, refusals that keep what was typed, /klaar and /acties.

The clock starts on Tuesday 24 November 2026, 14:00 in Amsterdam."""

from __future__ import annotations

from datetime import date

from storage.models import Action, ActionDraft, Answer, Reminder
from tests.e2e.helpers import count_bot, last_bot, say


def action(bot, number: int) -> Action:
    (found,) = bot.rows(Action, Action.number == number)
    return found


async def test_one_line_action_is_confirmed_with_what_the_bot_understood(bot, joined):
    group, anna, bram, *_ = joined
    command = await say(
        bot,
        anna,
        group,
        "/actie @bram 15 december: Engelstalig lesmateriaal zoeken voor leerjaar 2",
    )
    card = group.bot_messages()[-1]
    assert card.reply_to is command
    assert "Actie #1" in card.text
    assert "Engelstalig lesmateriaal zoeken voor leerjaar 2" in card.text
    assert "👤 Bram" in card.text
    assert "dinsdag 15 december (nog 21 dagen)" in card.text
    assert [label for row in card.buttons for label, _ in row] == [
        "👤 Trekker",
        "📅 Datum",
        "✏️ Tekst",
        "🗑 Verwijderen",
    ]
    stored = action(bot, 1)
    assert (stored.owner_id, stored.deadline, stored.created_by) == (
        bram.id,
        date(2026, 12, 15),
        anna.id,
    )
    kinds = [r.kind for r in bot.rows(Reminder, Reminder.action_id == stored.id)]
    assert kinds == ["week_before", "day_before", "on_day", "overdue_1", "overdue_2", "overdue_3"]


async def test_owners_of_every_kind_and_dutch_dates(bot, joined):
    group, anna, bram, carla, dirk, _ = joined
    await say(bot, anna, group, "/actie ik morgen: Stagebedrijven bellen")
    await say(
        bot,
        bram,
        group,
        "/actie Dirk volgende week vrijdag: Gastles plannen",
        text_mentions={"Dirk": dirk},
    )
    await say(bot, carla, group, "/actie @carla over twee weken: Partnerschool zoeken")
    await say(bot, anna, group, "/actie carla eind januari: Erasmus+ aanvraag lezen")
    await say(bot, anna, group, "/actie mij 15-12 om 9:30: Lesbrief vertalen")
    expected = {
        1: (anna.id, date(2026, 11, 25), "woensdag 25 november (morgen)"),
        2: (dirk.id, date(2026, 12, 4), "vrijdag 4 december (nog 10 dagen)"),
        3: (carla.id, date(2026, 12, 8), "dinsdag 8 december (nog 14 dagen)"),
        4: (carla.id, date(2027, 1, 31), "zondag 31 januari 2027"),
        5: (anna.id, date(2026, 12, 15), "dinsdag 15 december"),
    }
    for number, (owner, deadline, shown) in expected.items():
        stored = action(bot, number)
        assert (stored.owner_id, stored.deadline) == (owner, deadline), number
        assert shown in last_bot(group, f"Actie #{number}").text
    assert "👤 Dirk" in last_bot(group, "Actie #2").text


async def test_a_past_date_is_refused_and_asked_again_keeping_the_rest(bot, step5):
    group, anna, bram, *_ = step5
    await say(bot, anna, group, "/actie @bram 1 november 2026: Lesmateriaal zoeken")
    question = group.bot_messages()[-1]
    assert "Die datum (zondag 1 november) ligt in het verleden." in question.text
    assert "morgen, volgende week vrijdag of over twee weken" in question.text
    assert "wanneer moet het klaar zijn" in question.text
    assert "Dit heb ik al:\nLesmateriaal zoeken\n👤 Bram\n📅 nog niet gekozen" in question.text
    assert not bot.rows(Action)
    (draft,) = bot.rows(ActionDraft)
    assert (draft.text, draft.owner_id, draft.stage) == ("Lesmateriaal zoeken", bram.id, "deadline")

    # Still no date: the same question again, nothing lost.
    await say(bot, anna, group, "ooit", reply_to=question)
    again = group.bot_messages()[-1]
    assert "Dat herken ik niet als datum" in again.text
    assert "15 december, volgende week vrijdag of over twee weken" in again.text
    await say(bot, anna, group, "vrijdag 18 december", reply_to=again)
    stored = action(bot, 1)
    assert (stored.text, stored.owner_id, stored.deadline) == (
        "Lesmateriaal zoeken",
        bram.id,
        date(2026, 12, 18),
    )
    assert "Actie #1" in group.bot_messages()[-1].text
    assert not bot.rows(Answer), "dialog replies are no answers to step 5"


async def test_an_unknown_owner_is_asked_with_buttons(bot, joined):
    group, anna, bram, *_ = joined
    await say(bot, anna, group, "/actie @piet 15 december: Gastspreker vragen")
    question = group.bot_messages()[-1]
    assert "Ik ken @piet niet in deze groep" in question.text
    labels = [label for row in question.buttons for label, _ in row]
    assert {"Bram", "Carla", "Dirk", "🙋 Ik"} <= set(labels)
    assert "Anna de Vries" not in labels, "the asker is 'Ik'"
    pressed = await bram.press(question, "Bram")
    await bot.settle()
    assert pressed.show_alert and "Dit is de actie van Anna" in pressed.answer_text
    await anna.press(question, "Bram")
    await bot.settle()
    assert question.buttons == [], "the question shows the choice and loses its buttons"
    assert "➡️ Bram" in question.text
    stored = action(bot, 1)
    assert (stored.text, stored.owner_id, stored.deadline) == (
        "Gastspreker vragen",
        bram.id,
        date(2026, 12, 15),
    )


async def test_guided_dialog_with_two_members_at_once(bot, step5, fake):
    group, anna, bram, carla, dirk, _ = step5
    anna_cmd = await say(bot, anna, group, "/actie")
    anna_what = group.bot_messages()[-1]
    assert anna_what.reply_to is anna_cmd
    assert anna_what.reply_markup["force_reply"] is True
    assert anna_what.reply_markup["selective"] is True
    assert "wat ga je doen?" in anna_what.text

    await say(bot, bram, group, "/actie")
    bram_what = group.bot_messages()[-1]
    await say(bot, anna, group, "Engelstalig lesmateriaal zoeken", reply_to=anna_what)
    anna_owner = group.bot_messages()[-1]
    await say(bot, bram, group, "Internationale week organiseren", reply_to=bram_what)
    bram_owner = group.bot_messages()[-1]

    # Carla answers Anna's question: a short notice, nothing changes.
    await say(bot, carla, group, "Mijn idee", reply_to=anna_what)
    assert "Dit is de actie van Anna de Vries" in group.bot_messages()[-1].text
    pressed = await carla.press(anna_owner, "Carla")
    await bot.settle()
    assert pressed.show_alert and "Dit is de actie van Anna" in pressed.answer_text

    await anna.press(anna_owner, "Bram")
    await bram.press(bram_owner, "Ik")
    await bot.settle()
    anna_when = last_bot(group, "Anna de Vries, wanneer moet het klaar zijn")
    await anna.press(anna_when, "over 2 weken")
    await bot.settle()
    needs = group.bot_messages()[-1]
    assert "wat is ervoor nodig?" in needs.text
    await anna.press(needs, "kennis")
    await bot.settle()
    await anna.press(needs, "tijd")
    await bot.settle()
    assert "✅ kennis" in [label for row in needs.buttons for label, _ in row]
    await say(bot, anna, group, "contact met een partnerschool", reply_to=needs)
    needs_again = group.bot_messages()[-1]
    assert "kennis, tijd, contact met een partnerschool" in needs_again.text
    await anna.press(needs_again, "Verder")
    await bot.settle()
    leerjaar = group.bot_messages()[-1]
    await anna.press(leerjaar, "Leerjaar 2")
    await bot.settle()
    confirm = group.bot_messages()[-1]
    assert "klopt dit?" in confirm.text
    assert "Engelstalig lesmateriaal zoeken" in confirm.text and "Leerjaar 2" in confirm.text
    await anna.press(confirm, "Opslaan")
    await bot.settle()

    stored = action(bot, 1)
    assert stored.text == "Engelstalig lesmateriaal zoeken"
    assert (stored.owner_id, stored.deadline) == (bram.id, date(2026, 12, 8))
    assert stored.needs == ["kennis", "tijd"]
    assert stored.needs_note == "contact met een partnerschool"
    assert stored.leerjaar == "2"
    assert "Actie #1" in group.bot_messages()[-1].text

    # Bram's dialog went on by itself, untouched by Anna's.
    bram_when = last_bot(group, "Bram, wanneer moet het klaar zijn")
    await bram.press(bram_when, "Zelf een datum typen")
    await bot.settle()
    typed = group.bot_messages()[-1]
    assert typed.reply_markup["force_reply"] is True
    await say(bot, bram, group, "eind januari", reply_to=typed)
    assert "wat is ervoor nodig?" in group.bot_messages()[-1].text
    (bram_draft,) = bot.rows(ActionDraft, ActionDraft.user_id == bram.id)
    assert (bram_draft.text, bram_draft.owner_id, bram_draft.deadline) == (
        "Internationale week organiseren",
        bram.id,
        date(2027, 1, 31),
    )
    assert not bot.rows(Answer), "dialog replies are no answers to step 5"
    assert count_bot(group, "Actie #2") == 0


async def test_an_unfinished_dialog_is_closed_and_can_be_picked_up(bot, joined):
    group, anna, *_ = joined
    await say(bot, anna, group, "/actie")
    await say(bot, anna, group, "Buddyproject opzetten", reply_to=group.bot_messages()[-1])
    await bot.tick(minutes=29)
    assert count_bot(group, "nog niet af") == 0
    await bot.tick(minutes=2)
    closed = last_bot(group, "nog niet af")
    assert "Anna de Vries" in closed.text and "/actie" in closed.text
    (draft,) = bot.rows(ActionDraft)
    assert (draft.status, draft.text) == ("abandoned", "Buddyproject opzetten")
    await bot.tick(minutes=60)
    assert count_bot(group, "nog niet af") == 1, "closed once"

    await say(bot, anna, group, "/actie")
    resume = group.bot_messages()[-1]
    assert "je was nog bezig" in resume.text and "Buddyproject opzetten" in resume.text
    await anna.press(resume, "Verder")
    await bot.settle()
    assert "wie pakt dit op?" in group.bot_messages()[-1].text
    (draft,) = bot.rows(ActionDraft)
    assert draft.status == "open"


async def test_klaar_by_owner_or_chair_only(bot, joined):
    group, anna, bram, carla, *_ = joined
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    await say(bot, anna, group, "/actie @carla 16 december: Gastles plannen")
    for text in ("/klaar", "/klaar 9", "/klaar twee"):
        await say(bot, carla, group, text)
    replies = [m.text for m in group.bot_messages()[-3:]]
    assert "bijvoorbeeld /klaar 3" in replies[0]
    assert "Actie #9 bestaat niet" in replies[1]
    assert "bijvoorbeeld /klaar 3" in replies[2]
    await say(bot, carla, group, "/klaar 1")
    assert "Alleen Bram (trekker) of Anna de Vries (voorzitter)" in group.bot_messages()[-1].text
    assert action(bot, 1).status == "open"

    await say(bot, bram, group, "/klaar 1")
    assert (
        "Actie #1 is klaar: Lesmateriaal zoeken. Goed gedaan, Bram!"
        in group.bot_messages()[-1].text
    )
    await say(bot, anna, group, "/klaar #2")  # the chair
    assert action(bot, 2).status == "done"
    await say(bot, bram, group, "/klaar 1")
    assert "Actie #1 is al klaar." in group.bot_messages()[-1].text
    pending = bot.rows(Reminder, Reminder.status == "pending")
    assert pending == [], "no reminders for finished actions"


async def test_acties_shows_late_first_and_alle_includes_earlier_sessions(bot, joined, clock):
    group, anna, bram, carla, *_ = joined
    await say(bot, anna, group, "/actie @bram 26 november: Lesmateriaal zoeken")
    await say(bot, anna, group, "/actie @carla 15 december: Gastles plannen")
    await say(bot, anna, group, "/actie ik 1 december: Teamleider informeren")
    await say(bot, anna, group, "/klaar 3")
    await say(bot, anna, group, "/stop")
    await bot.tick(days=3)  # Friday 27 November: #1 is late
    await say(bot, carla, group, "/acties")
    listing = group.bot_messages()[-1].text
    assert "2 klaar" not in listing and "1 klaar · 1 open · 1 te laat" in listing
    assert listing.index("Te laat (1)") < listing.index("Open (1)") < listing.index("Klaar (1)")
    assert "#1 Lesmateriaal zoeken · Bram · donderdag 26 november (1 dag te laat)" in listing
    assert "#2 Gastles plannen · Carla · dinsdag 15 december (nog 18 dagen)" in listing

    # A new session: /acties shows its own actions first, then what is still open from
    # the earlier one (late first, each saying where it comes from); /acties alle all.
    await say(bot, bram, group, "/sessie")
    await say(bot, bram, group, "/actie ik vrijdag: Vervolgsessie plannen")
    await say(bot, carla, group, "/acties")
    listing = group.bot_messages()[-1].text
    earlier = listing.index("📌 Nog open van eerder (2)")
    assert -1 < listing.index("#4 Vervolgsessie plannen") < earlier
    assert earlier < listing.index("#1 Lesmateriaal zoeken") < listing.index("#2 Gastles plannen")
    assert "(1 dag te laat) · uit de werksessie van dinsdag 24 november" in listing
    assert "#3 " not in listing, "a finished action of an earlier session is not listed"
    await say(bot, carla, group, "/acties alle")
    listing = group.bot_messages()[-1].text
    assert all(f"#{n} " in listing for n in (1, 2, 3, 4))


async def test_card_buttons_change_owner_date_text_and_delete(bot, joined):
    group, anna, bram, carla, dirk, _ = joined
    await say(bot, anna, group, "/actie @bram 15 december: Lesmateriaal zoeken")
    card = group.bot_messages()[-1]

    refused = await dirk.press(card, "Datum")
    await bot.settle()
    assert refused.show_alert and "Alleen de trekker" in refused.answer_text

    await bram.press(card, "Datum")
    await bot.settle()
    ask_date = group.bot_messages()[-1]
    assert "nieuwe deadline van actie #1" in ask_date.text
    await bram.press(ask_date, "over 1 maand")
    await bot.settle()
    assert action(bot, 1).deadline == date(2026, 12, 24)
    assert "donderdag 24 december" in card.text, "the card is refreshed in place"
    due = sorted(r.due_at for r in bot.rows(Reminder, Reminder.status == "pending"))
    assert due[0].date() == date(2026, 12, 17), "reminders follow the new deadline"

    await bram.press(card, "Datum")
    await bot.settle()
    await bram.press(group.bot_messages()[-1], "Zelf een datum typen")
    await bot.settle()
    await say(bot, bram, group, "gisteren", reply_to=group.bot_messages()[-1])
    again = group.bot_messages()[-1]
    assert "ligt in het verleden" in again.text and again.reply_markup["force_reply"]
    assert action(bot, 1).deadline == date(2026, 12, 24), "unchanged until a good date"
    await say(bot, bram, group, "vrijdag 8 januari", reply_to=again)
    assert action(bot, 1).deadline == date(2027, 1, 8)
    assert "Actie #1: nieuwe deadline vrijdag 8 januari 2027" in group.bot_messages()[-1].text

    await anna.press(card, "Trekker")
    await bot.settle()
    await anna.press(group.bot_messages()[-1], "Carla")
    await bot.settle()
    assert action(bot, 1).owner_id == carla.id
    assert "👤 Carla" in card.text

    await carla.press(card, "Tekst")
    await bot.settle()
    ask_text = group.bot_messages()[-1]
    assert ask_text.reply_markup["force_reply"] is True
    await say(bot, carla, group, "Engelstalig lesmateriaal zoeken", reply_to=ask_text)
    assert action(bot, 1).text == "Engelstalig lesmateriaal zoeken"
    assert "Engelstalig lesmateriaal zoeken" in card.text
    assert "Actie #1: nieuwe tekst" in group.bot_messages()[-1].text

    await anna.press(card, "Verwijderen")
    await bot.settle()
    assert action(bot, 1).status == "deleted"
    assert "verwijderd" in card.text
    assert not bot.rows(Reminder, Reminder.status == "pending")
    await anna.press(card, "Terugzetten")
    await bot.settle()
    assert action(bot, 1).status == "open"
    assert bot.rows(Reminder, Reminder.status == "pending")


async def test_actions_belong_in_the_group(bot, team):
    _group, anna, *_ = team
    await anna.send_private("/actie ik morgen: iets")
    await bot.settle()
    assert "/mijnacties" in anna.private_chat.bot_messages()[-1].text


async def test_dialog_typed_answers_cancel_and_start_over(bot, joined):
    group, anna, _bram, carla, *_ = joined
    await say(bot, anna, group, "/acties")
    assert "Nog geen acties" in group.bot_messages()[-1].text

    await say(bot, anna, group, "/actie")
    await say(bot, anna, group, "Gastles door een Duits bedrijf", reply_to=group.bot_messages()[-1])
    await say(bot, anna, group, "@carla", reply_to=group.bot_messages()[-1])  # typed owner
    await say(bot, anna, group, "morgen", reply_to=group.bot_messages()[-1])
    await anna.press(group.bot_messages()[-1], "Verder")
    await bot.settle()
    await say(bot, anna, group, "3 en 4", reply_to=group.bot_messages()[-1])  # typed leerjaar
    confirm = group.bot_messages()[-1]
    assert "👤 Carla" in confirm.text and "woensdag 25 november (morgen)" in confirm.text
    assert "Leerjaar 3 en 4" in confirm.text
    await say(bot, anna, group, "ja hoor", reply_to=confirm)
    assert "Tik op een van de knoppen" in group.bot_messages()[-1].text
    cancelled = await anna.press(confirm, "Annuleren")
    await bot.settle()
    assert "niet bewaard" in cancelled.answer_text and "niet bewaard" in confirm.text
    assert bot.rows(Action) == []

    # Cancelled means gone: the next /actie starts afresh; a half one can be started over.
    await say(bot, anna, group, "/actie")
    assert "wat ga je doen?" in group.bot_messages()[-1].text
    await say(bot, anna, group, "Iets halfs", reply_to=group.bot_messages()[-1])
    await say(bot, anna, group, "/actie")
    resume = group.bot_messages()[-1]
    assert "Iets halfs" in resume.text
    await anna.press(resume, "Opnieuw beginnen")
    await bot.settle()
    assert "wat ga je doen?" in group.bot_messages()[-1].text
    (draft,) = bot.rows(ActionDraft)
    assert draft.text is None and draft.status == "open"
    await say(bot, carla, group, "/teamoverleg uit")  # for the chair only
    assert "Alleen de voorzitter" in group.bot_messages()[-1].text


async def test_an_over_long_note_or_leerjaar_is_refused_and_the_draft_kept(bot, joined):
    group, anna, *_ = joined
    await say(bot, anna, group, "/actie")
    await say(bot, anna, group, "Gastles door een Duits bedrijf", reply_to=group.bot_messages()[-1])
    await say(bot, anna, group, "@carla", reply_to=group.bot_messages()[-1])
    await say(bot, anna, group, "morgen", reply_to=group.bot_messages()[-1])
    needs = group.bot_messages()[-1]
    assert "wat is ervoor nodig?" in needs.text

    long_note = "een bedrijf dat Duitse gastsprekers levert en de reis vergoedt " * 4
    typed = await say(bot, anna, group, long_note, reply_to=needs)
    refusal = group.bot_messages()[-1]
    assert refusal.reply_to is typed
    assert "hooguit 200 tekens" in refusal.text and "bijvoorbeeld" in refusal.text
    assert "wat is ervoor nodig?" in refusal.text  # asked again, nothing cut and stored
    (draft,) = bot.rows(ActionDraft)
    assert draft.needs_note is None and draft.text == "Gastles door een Duits bedrijf"

    await say(bot, anna, group, "een Duitse gastspreker", reply_to=refusal)
    await anna.press(group.bot_messages()[-1], "Verder")
    await bot.settle()
    await say(bot, anna, group, "leerjaar 3 en 4, " * 5, reply_to=group.bot_messages()[-1])
    refusal = group.bot_messages()[-1]
    assert "hooguit 30 tekens" in refusal.text and "voor welk leerjaar" in refusal.text
    (draft,) = bot.rows(ActionDraft)
    assert draft.leerjaar is None and draft.needs_note == "een Duitse gastspreker"

    await say(bot, anna, group, "3 en 4", reply_to=refusal)
    assert "Leerjaar 3 en 4" in group.bot_messages()[-1].text
