"""Dutch wording that review found wrong once: these forms stay right."""

from __future__ import annotations

from datetime import timedelta

from bot.core.calendar.deadlines import QuickDeadline
from bot.core.calendar.meeting_times import MeetingReason
from bot.core.domain import Leerjaar, Need
from bot.texts import formatting
from bot.texts import help as help_texts
from bot.texts.actions import actions as action_texts
from bot.texts.calendar.dates import QUICK_DEADLINES
from bot.texts.calendar.meetings import MEETING_PROBLEMS
from bot.texts.privacy import privacy as privacy_texts
from bot.texts.session import session as session_texts
from prompts import load_deck

DECK = load_deck()


def test_more_actions_take_the_plural() -> None:
    one = privacy_texts.member_forgotten(released=[3], chair=None)
    two = privacy_texts.member_forgotten(released=[3, 5], chair=None)
    assert "Actie #3 is nu zonder trekker" in one
    assert "Acties #3 en #5 zijn nu zonder trekker" in two


def test_time_left_is_time_in_the_step() -> None:
    step = DECK.step(2)
    assert "Nog 3 minuten in stap 2" in session_texts.warning(step, timedelta(minutes=3))
    assert "Jullie hebben nog 12 minuten" in session_texts.extended(
        step, timedelta(minutes=5), timedelta(minutes=12)
    )
    assert "Nog 7 minuten in stap 2" in session_texts.resumed(step, timedelta(minutes=7))


def test_opening_calls_the_documents_optional_and_names_the_toolkit() -> None:
    minutes = [step.minutes for step in DECK.steps]
    opening = session_texts.opening(
        deck=DECK, chair="Anna", step_seconds=[m * 60 for m in minutes], participants=["Anna"]
    )
    assert "niet verplicht" in opening and "kwalificatiedossier" in opening
    assert "2,5 uur" in opening  # the manual's own words, not 150 minuten
    assert "teamsessie" not in help_texts.help_text(DECK)
    assert "toolkit van Nuffic" in help_texts.help_text(DECK)
    assert "kwalificatiedossier is herzien" in help_texts.help_text(DECK)


def test_deck_texts_keep_je_and_jullie_apart_and_say_eigen_land() -> None:
    everything = " ".join(
        [step.goal + " " + step.instruction_text + " " + " ".join(step.tips) for step in DECK.steps]
    )
    assert "ook thuis" not in everything and "in eigen land" in everything
    assert "randstad" not in everything + " ".join(q for s in DECK.steps for q in s.hulpvragen)
    assert "van je studenten" not in DECK.step(2).goal
    assert "geen doel op zich" in " ".join(DECK.step(3).tips)
    assert "toeristen" in " ".join(DECK.step(2).tips)
    assert "goed voorbeeld om te delen" in " ".join(DECK.step(5).tips)
    assert "hoeft in deze sessie niet" in DECK.step(1).goal


def test_shortened_member_text_ends_after_a_whole_word_within_telegrams_count():
    text = "Uitwisseling met een school in Gent"
    assert formatting.shorten(text, 100) == (text, False)
    shown, cut = formatting.shorten(text, 20)
    assert cut and shown == "Uitwisseling met…"
    # Telegram counts UTF-16 code units: an emoji is two.
    shown, cut = formatting.shorten("😀" * 30, 21)
    assert cut and shown == "😀" * 10 + "…" and formatting.telegram_length(shown) == 21


def test_every_code_the_core_returns_has_its_words() -> None:
    # A new key or reason in the core must get its label here, or a member meets a KeyError.
    assert list(action_texts.NEEDS) == list(Need) and list(action_texts.LEERJAREN) == list(Leerjaar)
    assert set(QUICK_DEADLINES) == set(QuickDeadline)
    assert set(MEETING_PROBLEMS) == set(MeetingReason)
    # Stored rows hold the plain strings: they find the same labels.
    assert (
        action_texts.needs_text(["financien", "tijd"], "een lokaal")
        == "financiën, tijd, een lokaal"
    )
    assert action_texts.leerjaar_label("alle") == "Alle leerjaren"
