"""Texts for actions: their cards, the guided /actie dialog, /klaar, lists, needs and leerjaren."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.domain import Leerjaar, Need
from bot.texts.formatting import esc, plural, shorten

# The labels of the stored keys (bot.core.domain). Typed by str: a stored row holds the
# plain string, which finds its member's label.
NEEDS: dict[str, str] = {
    Need.FINANCIEN: "financiën",
    Need.KENNIS: "kennis",
    Need.HULPMIDDELEN: "hulpmiddelen",
    Need.PARTNERS: "partners",
    Need.TIJD: "tijd",
}
LEERJAREN: dict[str, str] = {
    Leerjaar.ONE: "Leerjaar 1",
    Leerjaar.TWO: "Leerjaar 2",
    Leerjaar.THREE: "Leerjaar 3",
    Leerjaar.FOUR: "Leerjaar 4",
    Leerjaar.ALL: "Alle leerjaren",
}
NO_OWNER = "nog zonder trekker"
ACTION_EXAMPLE = "/actie @anna 15 december: Engelstalig lesmateriaal zoeken"
NO_ACTIONS_YET = f"Nog geen acties. Leg er een vast met {ACTION_EXAMPLE}."
ACTIONS_IN_PRIVATE = (
    "Acties leg je vast in de groep van je team, met /actie. "
    "Hier zie je je eigen acties met /mijnacties."
)


def needs_text(needs: Sequence[str], note: str | None) -> str:
    """What an action needs, in words: the chosen needs and the member's own note."""
    labels = [NEEDS.get(key, key) for key in needs]
    if note:
        labels.append(note)
    return ", ".join(labels)


def leerjaar_label(value: str) -> str:
    return LEERJAREN.get(value, f"Leerjaar {value}")


def days_left(deadline, today) -> str:
    days = (deadline - today).days
    if days == 0:
        return "vandaag"
    if days == 1:
        return "morgen"
    if days > 1:
        return f"nog {days} dagen"
    return f"{plural(-days, 'dag', 'dagen')} te laat"


def action_body(
    *,
    text: str,
    owner: str | None,
    when: str,
    needs: str,
    leerjaar: str | None,
    activity: str | None = None,
) -> str:
    """What an action is, on a few lines: shown on its card, in the dialog and in reminders."""
    lines = [esc(text), f"👤 {esc(owner or NO_OWNER)}", f"📅 {when}"]
    if activity:
        lines.append(f"🎯 Activiteit: {esc(activity)}")
    if needs:
        lines.append(f"🧰 Nodig: {esc(needs)}")
    if leerjaar:
        lines.append(f"🎓 {esc(leerjaar_label(leerjaar))}")
    return "\n".join(lines)


def action_card(*, number: int, body: str, state: str, owner: str | None) -> str:
    if state == "deleted":
        return f"🗑 <b>Actie #{number} is verwijderd</b>\n{body}"
    if state == "done":
        return f"✅ <b>Actie #{number} · klaar</b>\n{body}"
    footer = f"⏰ Ik stuur {esc(owner)} op tijd een herinnering." if owner else ""
    return f"📝 <b>Actie #{number}</b>\n{body}" + (f"\n\n{footer}" if footer else "")


ACTION_BUTTONS = {
    "owner": "👤 Trekker",
    "date": "📅 Datum",
    "text": "✏️ Tekst",
    "del": "🗑 Verwijderen",
    "undo": "↩️ Terugzetten",
}
ME_BUTTON = "🙋 Ik"
ALREADY_WORKING_DAY = "De deadline valt al op een werkdag."


def day_off_note(why: str, holiday: str | None, working_day: str) -> str:
    """One line under a deadline on no working day; `why` is a DayOff's."""
    what = {
        "holiday": esc(holiday or ""),
        "vacation": "in jullie vakantie",
        "weekend": "in het weekend",
    }[why]
    return f"⚠️ Let op: dat is {what}. De eerste werkdag daarna is {working_day}"


def to_working_day_button(working_day: str) -> str:
    return f"📅 Naar {working_day}"


TYPE_DATE_BUTTON = "⌨️ Zelf een datum typen"


def action_changed(number: int, change: str) -> str:
    return f"✔️ Actie #{number}: {change}."


def ask_new_owner(who: str, number: int) -> str:
    return f"👤 {who}, wie wordt de trekker van actie #{number}? Tik op een naam."


def ask_new_deadline(who: str, number: int) -> str:
    return (
        f"📅 {who}, wat wordt de nieuwe deadline van actie #{number}? Tik op een keuze, "
        "of reageer op dit bericht met een datum."
    )


def ask_new_text(who: str, number: int) -> str:
    return f"✏️ {who}, wat is de nieuwe tekst van actie #{number}? Reageer op dit bericht."


def action_deleted(number: int) -> str:
    return f"Actie #{number} is verwijderd."


def action_restored(number: int) -> str:
    return f"Actie #{number} is terug."


def marked_done(number: int) -> str:
    return f"Top, actie #{number} is klaar!"


MADE_WITHOUT_SESSION = "buiten een sessie vastgelegd"


def from_session(day: str) -> str:
    return f"uit de werksessie van {day}"


def no_actions_in_session(scope: str) -> str:
    return f"📋 <b>Acties</b> · {esc(scope)}\nUit deze sessie nog geen acties."


def earlier_open_actions(lines: list[tuple[str, str]]) -> str:
    """Open actions from before the latest session: (plain line, where it comes from)."""
    rows = [f"{esc(line)} · <i>{esc(origin)}</i>" for line, origin in lines]
    return "\n".join([f"<b>📌 Nog open van eerder ({len(rows)})</b>", *rows])


USE_CARD_BUTTONS = "Pas de actie aan met de knoppen onder mijn bericht."
USE_REMINDER_BUTTONS = (
    "Gebruik de knoppen onder de herinnering: ✅ Klaar, ⏭ Week later of 🆘 Hulp nodig."
)


def only_action_people(number: int) -> str:
    return f"Alleen de trekker, wie de actie maakte of de voorzitter kan actie #{number} aanpassen."


# The guided /actie dialog. `who` is a mention, so Telegram opens the reply box for them.


def ask_what(who: str) -> str:
    return (
        f"✏️ {who}, wat ga je doen? Beschrijf de actie in één zin, bijvoorbeeld: "
        "Engelstalig lesmateriaal zoeken voor leerjaar 2.\n<i>Reageer op dit bericht.</i>"
    )


def kept(body: str) -> str:
    return f"📝 <i>Dit heb ik al:</i>\n{body}"


def ask_owner(who: str, problem: str | None = None) -> str:
    lead = f"{problem}\n\n" if problem else ""
    return f"{lead}👤 {who}, wie pakt dit op? Tik op een naam."


def ask_deadline(who: str, problem: str | None = None) -> str:
    lead = f"{problem}\n\n" if problem else ""
    return (
        f"{lead}📅 {who}, wanneer moet het klaar zijn? Tik op een keuze, "
        "of reageer op dit bericht met een datum (bijvoorbeeld 15 december)."
    )


def ask_typed_deadline(who: str) -> str:
    return (
        f"📅 {who}, typ de datum, bijvoorbeeld: 15 december, "
        "volgende week vrijdag of over twee weken."
    )


def ask_needs(who: str, chosen: str) -> str:
    return (
        f"🧰 {who}, wat is ervoor nodig? Denk aan financiën, kennis, hulpmiddelen, partners "
        "en tijd. Tik aan wat past. Is het iets anders? Reageer dan op dit bericht. "
        "Tik daarna op Verder.\n"
        f"<i>Gekozen:</i> {esc(chosen) if chosen else 'nog niets'}"
    )


def ask_note(who: str) -> str:
    return f"🧰 {who}, wat is er nog meer nodig? Typ het in een paar woorden."


def ask_activity(who: str) -> str:
    return (
        f"🎯 {who}, bij welke activiteit uit stap 4 hoort deze actie? Tik erop, typ een andere "
        "als reactie, of sla over."
    )


def ask_leerjaar(who: str) -> str:
    return f"🎓 {who}, voor welk leerjaar is deze actie? Overslaan mag ook."


def confirm_draft(who: str, body: str) -> str:
    return f"{who}, klopt dit?\n\n{body}"


NEED_NOTE_BUTTON = "✍️ Iets anders"
NEXT_BUTTON = "Verder ➡️"
SKIP_BUTTON = "Overslaan"
SAVE_BUTTON = "✅ Opslaan"
CANCEL_BUTTON = "❌ Annuleren"
RESUME_BUTTON = "▶️ Verder"
RESTART_BUTTON = "🆕 Opnieuw beginnen"
DRAFT_CANCELLED = "Geannuleerd: deze actie is niet bewaard."
DIALOG_CLOSED = "Deze vraag is al afgerond. Maak een nieuwe actie met /actie."
STALE_QUESTION = "Die vraag is al beantwoord."
PRESS_A_BUTTON = "Tik op een van de knoppen onder mijn bericht."
OWNER_BY_BUTTON = "Tik op een naam, of reageer met @gebruikersnaam of met ‘ik’."
TEXT_NEEDED = "Schrijf in een paar woorden wat je gaat doen."


def not_your_dialog(name: str) -> str:
    return f"Dit is de actie van {esc(name)}. Maak je eigen actie met /actie."


def unknown_owner(handle: str) -> str:
    return f"Ik ken @{esc(handle)} niet in deze groep. Kies hieronder wie het oppakt."


def unknown_name(name: str) -> str:
    # A name is short; a whole sentence read as one is shown as its start.
    shown, _ = shorten(name, 64)
    return f"Ik weet niet wie je met ‘{esc(shown)}’ bedoelt. Kies hieronder wie het oppakt."


def reply_to_question(who: str) -> str:
    return f"{who}, reageer op mijn vraag hierboven als dat een antwoord voor je actie is."


def resume_draft(who: str, body: str) -> str:
    return f"📝 {who}, je was nog bezig met deze actie:\n\n{body}\n\nWil je daarmee verder?"


def dialog_timed_out(who: str) -> str:
    return (
        f"⌛ {who}, je actie is nog niet af. Ik heb bewaard wat je al had ingevuld. "
        "Ga verder met /actie."
    )


# /klaar

KLAAR_WHICH = "Geef het nummer van de actie, bijvoorbeeld /klaar 3. Met /acties zie je de nummers."


def unknown_action(number: int) -> str:
    return f"Actie #{number} bestaat niet in deze groep. Met /acties zie je de nummers."


def already_done(number: int) -> str:
    return f"Actie #{number} is al klaar."


def only_owner_or_chair(number: int, owner: str | None, chair: str) -> str:
    who = f"{esc(owner)} (trekker) of {esc(chair)} (voorzitter)" if owner else esc(chair)
    return f"Alleen {who} kan actie #{number} afvinken."


def action_done(number: int, text: str, owner: str | None) -> str:
    cheer = f" Goed gedaan, {esc(owner)}!" if owner else ""
    return f"✅ Actie #{number} is klaar: {esc(text)}.{cheer}"


# Lists


def actions_header(scope: str, counts: str) -> str:
    return f"📋 <b>Acties</b> · {esc(scope)}\n{esc(counts)}"


MY_ACTIONS_NONE = "Je hebt nog geen acties. In de groep van je team maak je er een met /actie."


def my_actions_header(count_open: int, count_done: int) -> str:
    return (
        f"📋 <b>Jouw acties</b>: {count_open} open, {count_done} klaar. "
        "Tik onder een actie op een knop om hem bij te werken."
    )


MY_ACTIONS_IN_GROUP = (
    "Je eigen acties laat ik je zien in een privéchat met mij: open die chat en stuur daar "
    "/mijnacties. In de groep zie je alle acties met /acties."
)


# --- choosing and changing ---------------------------------------------------------------

NO_TEXT_YET = "…"  # a draft whose text is still to come
ACTION_NOT_IN_GROUP = "Die actie hoort niet bij deze groep."
NOT_IN_TEAM = "Die persoon hoort niet bij deze sessie."
DEADLINE_NOT_CHOSEN = "nog niet gekozen"
NEW_TEXT = "nieuwe tekst"
WHAT_PLACEHOLDER = "Bijv. Engelstalig lesmateriaal zoeken"
DATE_PLACEHOLDER = "Bijv. 15 december"
NOTE_PLACEHOLDER = "Bijv. een gastspreker"
GO_ON_ANSWER = "verder"
START_OVER_ANSWER = "opnieuw"
SKIPPED_ANSWER = "overgeslagen"
ALL_SESSIONS = "alle sessies"
GROUP_ACTIONS = "de groep"


def deadline_text(day: str, left: str) -> str:
    return f"{day} ({left})"


def need_toggle(label: str, chosen: bool) -> str:
    return f"✅ {label}" if chosen else label


def try_again(problem: str, question: str) -> str:
    return f"{problem}\n{question}"


def text_too_long(limit: int) -> str:
    return f"Dat is wat lang. Vat de actie samen in hooguit {limit} tekens."


def note_too_long(limit: int) -> str:
    return (
        f"Dat is wat lang. Zeg in hooguit {limit} tekens wat er nog meer nodig is, "
        "bijvoorbeeld: contact met een partnerschool."
    )


def leerjaar_too_long(limit: int) -> str:
    return f"Dat is wat lang. Typ het leerjaar in hooguit {limit} tekens, bijvoorbeeld: 3 en 4."


def new_owner(name: str) -> str:
    return f"nieuwe trekker {esc(name)}"


def new_deadline(day: str) -> str:
    return f"nieuwe deadline {day}"


def answered(question: str, answer: str) -> str:
    """A question of the bot with the member's answer under it (its buttons gone)."""
    return f"{question}\n\n➡️ {answer}"


def saved_as(number: int) -> str:
    return f"opgeslagen als actie #{number}"
