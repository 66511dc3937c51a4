"""Every text a member sees, in Dutch, as Telegram HTML.

Anything a member typed, or that comes from a deck, passes through `esc` before it goes
into a formatted message.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, timedelta

from prompts import Deck, Step

MAX_MESSAGE = 4096


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def display_name(first_name: str, last_name: str | None = None) -> str:
    return f"{first_name} {last_name}".strip() if last_name else first_name


def mention(user_id: int, name: str) -> str:
    return f'<a href="tg://user?id={user_id}">{esc(name)}</a>'


def minutes_text(span: timedelta) -> str:
    seconds = max(0, round(span.total_seconds()))
    if seconds < 60:
        return "minder dan een minuut"
    minutes = round(seconds / 60)
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def clock_time(moment: datetime, tz) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


# --- help and refusals -----------------------------------------------------------------

HELP = """<b>Aan de slag met internationalisering</b>
Ik begeleid jullie teamsessie van Nuffic in vijf stappen: Betekenis, Relevantie, Competenties, Activiteiten en Aan de slag. Ik houd de tijd bij, stel hulpvragen en bewaar ieders antwoorden.

<b>Antwoorden</b>: <i>reageer</i> op een vraag van mij (veeg het bericht naar links of tik op Beantwoorden). Zo lees ik je antwoord mee, ook als ik de rest van de chat niet zie.

<b>Voor iedereen</b>
/sessie [minuten] – open een sessie (standaard 150 minuten); jij wordt voorzitter
/doemee – doe mee met de sessie
/status – stap, resterende tijd en antwoorden
/vraag &lt;tekst&gt; – stel zelf een vraag aan het team
/samenvatting – stand van zaken: acties en alle antwoorden per stap
/privacy – wat ik van je bewaar, en hoe lang
/help – dit overzicht

<b>Voor de voorzitter</b>
/begin – start stap 1
/volgende – sluit deze stap en ga door
/verleng [minuten] – meer tijd voor deze stap (standaard 5)
/pauze en /hervat – zet de klok stil en weer aan
/voorzitter – geef de voorzittersrol door (reageer op een bericht van die persoon, of noem @naam)
/stop – beëindig de sessie; alles blijft bewaard

<b>Acties (stap 5 en daarna)</b>
/actie @naam datum: wat – leg een actie vast, bijvoorbeeld /actie @anna 15 december: Engelstalig lesmateriaal zoeken (alleen /actie: ik vraag het stap voor stap)
/acties [alle] – alle acties: te laat, open en klaar
/klaar &lt;nr&gt; – vink een actie af (eigenaar of voorzitter)
/teamoverleg &lt;dag&gt; &lt;tijd&gt; [elke N weken] – een uur voor elk teamoverleg de stand van zaken (voorzitter)
/mijnacties – in een privéchat met mij: jouw acties in al je groepen
/vergeetmij – in een privéchat met mij: laat je gegevens wissen"""

PRIVATE_HELP = (
    "Hoi! Ik begeleid de werksessie <b>Aan de slag met internationalisering</b> in een groep. "
    "Voeg me toe aan de groepschat van je team en stuur daar /sessie.\n\n" + HELP
)

SESSIE_IN_PRIVATE = (
    "Een sessie doe je samen met je team. Voeg me toe aan jullie groepschat en stuur daar /sessie."
)
NO_SESSION = "Er loopt hier geen sessie. Start er een met /sessie."
UNKNOWN_BUTTON = "Deze knop werkt niet (meer)."
OLD_SESSION_BUTTON = (
    "Deze knop hoort bij een eerdere sessie. Gebruik het bericht van de sessie van nu."
)
NO_SESSION_EVER = "Hier is nog geen sessie geweest. Start er een met /sessie."
NOT_STARTED_YET = "De sessie is nog niet begonnen. De voorzitter start met /begin."
SESSION_ALREADY_RUNNING = (
    "Er loopt hier al een sessie. De voorzitter kan die eerst beëindigen met /stop."
)
BAD_MINUTES = "Geef de lengte in hele minuten, bijvoorbeeld /sessie 150."
BAD_EXTEND = "Geef het aantal extra minuten als getal, bijvoorbeeld /verleng 5."
ASK_NEEDS_TEXT = (
    "Zet je vraag achter het commando, bijvoorbeeld: "
    "/vraag Welke stagebedrijven hebben buitenlandse klanten?"
)
NOT_DURING_STEP = "Dat kan alleen terwijl een stap loopt."
ALREADY_PAUSED = "De klok staat al stil. Zet hem weer aan met /hervat."
NOT_PAUSED = "De klok loopt al."
CHAIR_WHO = (
    "Wie wordt de nieuwe voorzitter? Reageer met /voorzitter op een bericht van die persoon, "
    "of noem diegene: /voorzitter @naam."
)


def only_chair(chair_name: str) -> str:
    return f"Alleen de voorzitter ({esc(chair_name)}) kan dat doen."


def unknown_member(handle: str) -> str:
    return (
        f"Ik ken {esc(handle)} nog niet. Vraag diegene eerst /doemee te sturen, "
        "of reageer met /voorzitter op een bericht van die persoon."
    )


def minutes_out_of_range(low: int, high: int) -> str:
    return f"Kies een lengte tussen {low} en {high} minuten, bijvoorbeeld /sessie 150."


# --- opening ---------------------------------------------------------------------------


def opening(
    *, deck: Deck, chair: str, step_seconds: Sequence[int], participants: Sequence[str]
) -> str:
    total = timedelta(seconds=sum(step_seconds))
    lines = [
        "👋 <b>Aan de slag met internationalisering</b>",
        f"Welkom bij de werksessie! {esc(chair)} is de voorzitter en houdt de tijd in de gaten.",
        "",
        f"We doorlopen samen vijf stappen in {minutes_text(total)}:",
    ]
    for step, seconds in zip(deck.steps, step_seconds, strict=True):
        lines.append(
            f"{step.number}. {esc(step.title)} – {minutes_text(timedelta(seconds=seconds))}"
        )
    lines += [
        "",
        "Leg klaar: de poster, jullie internationaliseringsvisie, het teamplan en het kwalificatiedossier.",
        "",
        "<b>Zo werkt het:</b> ik stel vragen, jullie praten en ik bewaar de antwoorden. "
        "Antwoord door te <i>reageren</i> op mijn bericht (veeg het naar links of tik op Beantwoorden).",
        "",
        "Doe mee met de knop hieronder of met /doemee. De voorzitter start met /begin.",
        "",
        f"<b>Deelnemers ({len(participants)}):</b> "
        + ", ".join(esc(name) for name in participants),
    ]
    return "\n".join(lines)


SPLIT_TIP = (
    "💡 <b>Tip</b>: jullie zijn met meer dan 7. De handleiding raadt aan de groep dan te splitsen "
    "en de bevindingen aan het eind (of in een vervolgsessie) aan elkaar terug te koppelen."
)


def joined(name: str, count: int) -> str:
    return f"Welkom, {esc(name)}! Je doet mee ({plural(count, 'deelnemer', 'deelnemers')})."


def already_joined(name: str) -> str:
    return f"{esc(name)}, je doet al mee."


# --- steps -----------------------------------------------------------------------------


def step_card(step: Step, *, total_steps: int, duration: timedelta) -> str:
    lines = [
        f"📌 <b>Stap {step.number} van {total_steps} · {esc(step.title)}</b> ({minutes_text(duration)})",
        "",
        f"<b>{esc(step.central_question)}</b>",
        "",
        f"<b>{esc(step.instruction)}:</b> {esc(step.instruction_text)}",
        "",
        f"<i>Doel:</i> {esc(step.goal)}",
    ]
    if step.resources:
        names = []
        for resource in step.resources:
            if resource.url:
                names.append(f'<a href="{esc(str(resource.url))}">{esc(resource.title)}</a>')
            else:
                names.append(esc(resource.title))
        lines += ["", "<i>Hulpbronnen:</i> " + "; ".join(names)]
    for tip in step.tips or ():
        lines += ["", f"💡 {esc(tip)}"]
    lines += ["", "↩️ Reageer op dit bericht met je antwoord; steekwoorden zijn prima."]
    return "\n".join(lines)


def hulpvraag(step: Step, text: str) -> str:
    return (
        f"💬 <b>Hulpvraag · stap {step.number}</b>\n{esc(text)}\n\n"
        "<i>Reageer op dit bericht om te antwoorden.</i>"
    )


def own_question(asker: str, text: str) -> str:
    return (
        f"❓ <b>Vraag van {esc(asker)}</b>\n{esc(text)}\n\n"
        "<i>Reageer op dit bericht om te antwoorden.</i>"
    )


def warning(step: Step, remaining: timedelta) -> str:
    return (
        f"⏳ Nog {minutes_text(remaining)} voor stap {step.number} ({esc(step.title)}). "
        "Tijd om af te ronden; de voorzitter kan verlengen met /verleng."
    )


def extended(step: Step, by: timedelta, remaining: timedelta) -> str:
    return (
        f"⏱ Stap {step.number} duurt {minutes_text(by)} langer. "
        f"Er is nu nog {minutes_text(remaining)}."
    )


def paused(step: Step) -> str:
    return f"⏸ De klok van stap {step.number} staat stil. Zet hem weer aan met /hervat."


def resumed(step: Step, remaining: timedelta) -> str:
    return f"▶️ De klok loopt weer. Nog {minutes_text(remaining)} voor stap {step.number}."


def chair_handed_over(name: str) -> str:
    return f"👑 {esc(name)} is nu de voorzitter."


def answer_line(name: str, text: str, *, limit: int = 160) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"• <b>{esc(name)}</b>: {esc(flat)}"


def wrap_up(
    step: Step,
    *,
    answers: Sequence[tuple[str, str]],
    top_marks: Sequence[tuple[str, int]],
    max_lines: int = 12,
) -> str:
    people = len({name for name, _ in answers})
    lines = [f"✅ <b>Stap {step.number} · {esc(step.title)} is klaar</b>"]
    if answers:
        lines.append(
            f"{plural(len(answers), 'antwoord', 'antwoorden')} van "
            f"{plural(people, 'deelnemer', 'deelnemers')}:"
        )
        lines += [answer_line(name, text, limit=120) for name, text in answers[:max_lines]]
        if len(answers) > max_lines:
            lines.append(f"… en nog {len(answers) - max_lines} (zie /samenvatting).")
    else:
        lines.append("Er zijn bij deze stap geen antwoorden genoteerd.")
    if top_marks:
        lines.append("")
        lines.append(
            "Meest gemarkeerd: "
            + ", ".join(f"{esc(label)} ({count})" for label, count in top_marks)
        )
    return "\n".join(lines)


SESSION_DONE = (
    "🎉 <b>De werksessie is klaar.</b> Dank jullie wel!\n"
    "Ga aan de slag met de afspraken uit stap 5 en bespreek de voortgang in jullie teamoverleg. "
    "De samenvatting volgt hieronder; vraag hem later opnieuw op met /samenvatting."
)
SESSION_STOPPED = (
    "⏹ <b>De sessie is gestopt.</b> Alles wat jullie hebben gedeeld is bewaard; "
    "de samenvatting volgt hieronder en staat later klaar via /samenvatting."
)
SUMMARY_AS_DOCUMENT = "📄 De samenvatting is te lang voor één bericht; je vindt hem in het bestand."


# --- marks -----------------------------------------------------------------------------

MARK_BOARD_INTRO = {
    "competenties": (
        "🖍 <b>Markeer op de poster</b>: welke internationale competenties zijn het belangrijkst "
        "voor jullie studenten? Tik op wat jij belangrijk vindt; nog een keer tikken haalt je "
        "markering weg."
    ),
    "al": (
        "🖍 <b>Welke activiteiten doen jullie al?</b> Tik aan wat er in jullie opleiding al gebeurt."
    ),
    "nieuw": (
        "🖍 <b>Welke activiteiten lijken jullie interessant en relevant?</b> "
        "Tik aan wat je graag zou willen aanbieden."
    ),
}


def mark_button(label: str, count: int) -> str:
    return f"{label} · {count}" if count else label


def mark_toggled(label: str, now_set: bool) -> str:
    return f"Gemarkeerd: {label}" if now_set else f"Markering weggehaald: {label}"


# --- status ----------------------------------------------------------------------------


def status(
    *,
    deck: Deck,
    status: str,
    step_number: int,
    step_remaining: timedelta | None,
    session_remaining: timedelta | None,
    paused_now: bool,
    chair: str,
    participants: Sequence[str],
    answers_per_step: dict[int, int],
) -> str:
    lines: list[str] = []
    if status == "gathering":
        lines.append(
            "📋 De sessie is geopend maar nog niet begonnen. De voorzitter start met /begin."
        )
    elif status == "running":
        step = deck.step(step_number)
        state = "staat stil" if paused_now else "loopt"
        lines.append(
            f"📋 <b>Stap {step.number} van {len(deck.steps)} · {esc(step.title)}</b> ({state})"
        )
        if step_remaining is not None:
            lines.append(f"Nog {minutes_text(step_remaining)} in deze stap.")
        if session_remaining is not None:
            lines.append(f"Nog ongeveer {minutes_text(session_remaining)} voor de hele sessie.")
    else:
        lines.append("📋 De laatste sessie is afgerond.")
    lines.append(f"Voorzitter: {esc(chair)}")
    lines.append(f"Deelnemers ({len(participants)}): " + ", ".join(esc(n) for n in participants))
    counts = [
        f"stap {step.number}: {answers_per_step.get(step.number, 0)}"
        for step in deck.steps
        if answers_per_step.get(step.number) or step.number <= step_number
    ]
    lines.append("Antwoorden: " + (", ".join(counts) if counts else "nog geen"))
    return "\n".join(lines)


# --- command menu ----------------------------------------------------------------------

GROUP_COMMANDS = [
    ("sessie", "Open een werksessie (standaard 150 minuten)"),
    ("doemee", "Doe mee met de sessie"),
    ("begin", "Start stap 1 (voorzitter)"),
    ("status", "Stap, resterende tijd en antwoorden"),
    ("vraag", "Stel zelf een vraag aan het team"),
    ("volgende", "Naar de volgende stap (voorzitter)"),
    ("verleng", "Meer tijd voor deze stap (voorzitter)"),
    ("pauze", "Zet de klok stil (voorzitter)"),
    ("hervat", "Zet de klok weer aan (voorzitter)"),
    ("voorzitter", "Geef de voorzittersrol door"),
    ("stop", "Beëindig de sessie (voorzitter)"),
    ("samenvatting", "Stand van zaken: acties en antwoorden per stap"),
    ("actie", "Leg een actie vast: wie doet wat, wanneer"),
    ("acties", "Alle acties: te laat, open en klaar"),
    ("klaar", "Vink een actie af, bijvoorbeeld /klaar 3"),
    ("teamoverleg", "Stand van zaken voor elk teamoverleg (voorzitter)"),
    ("privacy", "Wat ik van je bewaar, en hoe lang"),
    ("help", "Uitleg over de bot"),
]
PRIVATE_COMMANDS = [
    ("start", "Koppel je account voor herinneringen"),
    ("mijnacties", "Jouw acties in al je groepen"),
    ("privacy", "Wat ik van je bewaar, en hoe lang"),
    ("vergeetmij", "Laat je gegevens wissen"),
    ("help", "Uitleg over de bot"),
]

SORRY = (
    "Sorry, daar ging iets mis aan mijn kant. Je bericht heb ik bewaard; probeer het zo nog eens."
)


# --- actions, reminders and the team meeting ---------------------------------------------

# What an action may need, in the manual's words (step 5). Keys go into callback data.
NEEDS = {
    "financien": "financiën",
    "kennis": "kennis",
    "hulpmiddelen": "hulpmiddelen",
    "partners": "partners",
    "tijd": "tijd",
}
LEERJAREN = {
    "1": "Leerjaar 1",
    "2": "Leerjaar 2",
    "3": "Leerjaar 3",
    "4": "Leerjaar 4",
    "alle": "Alle leerjaren",
}
NO_OWNER = "zonder eigenaar"
ACTION_EXAMPLE = "/actie @anna 15 december: Engelstalig lesmateriaal zoeken"
NO_ACTIONS_YET = f"Nog geen acties. Leg er een vast met {ACTION_EXAMPLE}."
ACTIONS_NEED_SESSION = "Acties horen bij een werksessie. Start er eerst een met /sessie."
ACTIONS_IN_PRIVATE = (
    "Acties leg je vast in de groep van je team, met /actie. "
    "Hier zie je je eigen acties met /mijnacties."
)


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
    *, text: str, owner: str | None, when: str, needs: str, leerjaar: str | None
) -> str:
    """What an action is, on a few lines: shown on its card, in the dialog and in reminders."""
    lines = [esc(text), f"👤 {esc(owner or NO_OWNER)}", f"📅 {when}"]
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
    "owner": "👤 Eigenaar",
    "date": "📅 Datum",
    "text": "✏️ Tekst",
    "del": "🗑 Verwijderen",
    "undo": "↩️ Terugzetten",
}
ME_BUTTON = "🙋 Ik"
TYPE_DATE_BUTTON = "⌨️ Zelf een datum typen"


def action_changed(number: int, change: str) -> str:
    return f"✔️ Actie #{number}: {change}."


def ask_new_owner(who: str, number: int) -> str:
    return f"👤 {who}, wie wordt de eigenaar van actie #{number}? Tik op een naam."


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


def open_from_earlier(count: int) -> str:
    return (
        f"<i>Nog {plural(count, 'open actie', 'open acties')} uit eerdere sessies: "
        "zie /acties alle.</i>"
    )


USE_CARD_BUTTONS = "Pas de actie aan met de knoppen onder mijn bericht."
USE_REMINDER_BUTTONS = (
    "Gebruik de knoppen onder de herinnering: ✅ Klaar, ⏭ Week later of 🆘 Hulp nodig."
)


def only_action_people(number: int) -> str:
    return (
        f"Alleen de eigenaar, wie de actie maakte of de voorzitter kan actie #{number} aanpassen."
    )


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
        "en tijd. Tik aan wat past; iets anders reageer je op dit bericht. Dan op Verder.\n"
        f"<i>Gekozen:</i> {esc(chosen) if chosen else 'nog niets'}"
    )


def ask_note(who: str) -> str:
    return f"🧰 {who}, wat is er nog meer nodig? Typ het in een paar woorden."


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
OWNER_BY_BUTTON = "Tik op een naam, of reageer met @gebruikersnaam of ik."
TEXT_NEEDED = "Schrijf in een paar woorden wat je gaat doen."


def not_your_dialog(name: str) -> str:
    return f"Dit is de actie van {esc(name)}. Maak je eigen actie met /actie."


def unknown_owner(handle: str) -> str:
    return f"Ik ken @{esc(handle)} nog niet; kies hieronder wie het oppakt."


def unknown_name(name: str) -> str:
    return f"Ik weet niet wie je met ‘{esc(name)}’ bedoelt; kies hieronder wie het oppakt."


def resume_draft(who: str, body: str) -> str:
    return f"📝 {who}, je was nog bezig met deze actie:\n\n{body}\n\nWil je daarmee verder?"


def dialog_timed_out(who: str) -> str:
    return (
        f"⌛ {who}, je actie is nog niet af. Ik heb bewaard wat je al had ingevuld; "
        "ga verder met /actie."
    )


# /klaar

KLAAR_WHICH = "Geef het nummer van de actie, bijvoorbeeld /klaar 3. Met /acties zie je de nummers."


def unknown_action(number: int) -> str:
    return f"Actie #{number} bestaat niet in deze groep. Met /acties zie je de nummers."


def already_done(number: int) -> str:
    return f"Actie #{number} is al klaar."


def only_owner_or_chair(number: int, owner: str | None, chair: str) -> str:
    who = f"{esc(owner)} (eigenaar) of {esc(chair)} (voorzitter)" if owner else esc(chair)
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


# Reminders

REMINDER_BUTTONS = {"done": "✅ Klaar", "later": "⏭ Week later", "help": "🆘 Hulp nodig"}
PRIVATE_REMINDERS_BUTTON = "💬 Herinneringen privé"
LINKED = (
    "Gelukt! Herinneringen over je acties stuur ik je voortaan hier, in deze chat. "
    "Met /mijnacties zie je al je acties."
)
HELP_SENT = "Ik heb het de voorzitter laten weten."
HELP_ALREADY = "Je hulpvraag ligt al bij de voorzitter."


def reminder(
    *, number: int, group: str | None, body: str, late: bool, reminding: bool = True
) -> str:
    """A reminder (or, not `reminding`, an action in /mijnacties) with its group's name."""
    where = f" · {esc(group)}" if group else ""
    if late:
        head = f"⚠️ <b>Actie #{number} is te laat</b>"
    elif reminding:
        head = f"⏰ <b>Herinnering · actie #{number}</b>"
    else:
        head = f"📝 <b>Actie #{number}</b>"
    return f"{head}{where}\n{body}"


def reminder_in_group(*, owner: str | None, reminder_text: str, link: str | None) -> str:
    lead = f"{owner}, dit is een herinnering voor jou.\n" if owner else ""
    tail = (
        f'\n\n💬 Liever privé? <a href="{esc(link)}">Start een chat met mij</a>, '
        "dan stuur ik je herinneringen voortaan daar."
        if link
        else ""
    )
    return f"{lead}{reminder_text}{tail}"


def only_owner_or_chair_button(owner: str | None) -> str:
    who = f"{esc(owner)} (eigenaar)" if owner else "de eigenaar"
    return f"Alleen {who} of de voorzitter kan dit doen."


def help_request(*, owner: str, chair: str, number: int, text: str, needs: str) -> str:
    need = f" Nodig: {esc(needs)}." if needs else ""
    return (
        f"🆘 {owner} vraagt hulp bij actie #{number}: {esc(text)}.{need}\n"
        f"{chair}, kun je helpen, of zet je het op de agenda van het teamoverleg?"
    )


def snoozed(number: int, when: str) -> str:
    return f"⏭ Actie #{number} schuift een week op: de nieuwe deadline is {when}."


def done_elsewhere(owner: str, number: int, text: str) -> str:
    return f"✅ {esc(owner)} heeft actie #{number} afgerond: {esc(text)}."


# The team meeting

MEETING_EXAMPLE = "/teamoverleg dinsdag 15:30 elke 2 weken"
MEETING_NONE = (
    f"Er is nog geen teamoverleg ingesteld. Stel het in met bijvoorbeeld {MEETING_EXAMPLE}."
)
MEETING_OFF = (
    "Goed, ik zet geen stand van zaken meer klaar voor het teamoverleg. "
    f"Weer aanzetten kan met {MEETING_EXAMPLE}."
)


def rhythm(every_weeks: int) -> str:
    return "elke week" if every_weeks == 1 else f"elke {every_weeks} weken"


def meeting_planned(*, weekday: str, at: str, every_weeks: int, first: str, post_at: str) -> str:
    return (
        f"📅 Teamoverleg: {rhythm(every_weeks)} op {weekday} om {at}. "
        f"Een uur van tevoren zet ik hier de stand van zaken klaar: wat klaar is, wat open "
        f"staat en wat te laat is. Het eerstvolgende overleg is {first}; "
        f"de stand van zaken komt dan om {post_at}."
    )


def meeting_intro(when: str) -> str:
    return (
        f"🗓 <b>Straks is het teamoverleg</b> ({when}). Hieronder de stand van zaken: "
        "wat is klaar, wat staat open, wat is te laat en wat vraagt een besluit?"
    )


def meeting_chair_copy(group: str | None, when: str) -> str:
    team = f" van {esc(group)}" if group else ""
    return (
        f"🗓 Het teamoverleg{team} is {when}. Dit zet ik ook in de groep, "
        "zodat je het als voorzitter vast kunt doornemen."
    )


MY_ACTIONS_IN_GROUP = (
    "Je eigen acties laat ik je zien in een privéchat met mij: open die chat en stuur daar "
    "/mijnacties. In de groep zie je alle acties met /acties."
)


# --- privacy ---------------------------------------------------------------------------

# What remains of a member who asked to be forgotten (their id stays on old sessions).
FORMER_MEMBER = "Oud-deelnemer"
# What remains of a sent message, in the bot's records, that named them.
REMOVED_ON_REQUEST = "(verwijderd op verzoek)"
YEARS_NL = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}


def retention_span(days: int) -> str:
    years, rest = divmod(days, 365)
    if rest == 0 and years in YEARS_NL:
        return f"ongeveer {YEARS_NL[years]} jaar"
    return plural(days, "dag", "dagen")


def privacy(retention_days: int) -> str:
    return (
        "🔒 <b>Wat ik van je bewaar</b>\n"
        "Om jullie sessie te begeleiden en de afspraken daarna op te volgen, bewaar ik:\n"
        "• je naam en gebruikersnaam\n"
        "• je antwoorden en je markeringen op de poster\n"
        "• acties die je oppakt, met hun herinneringen\n"
        "• wanneer je iets deed (meedoen, antwoorden, afvinken)\n\n"
        f"<b>Hoe lang?</b> Een afgeronde sessie wis ik na {retention_span(retention_days)}, "
        "met alle antwoorden en markeringen. Acties die dan nog openstaan, blijven zolang "
        "jullie ermee bezig zijn.\n"
        "<b>Wie ziet het?</b> Je team in de groep, en wie de bot host.\n"
        "<b>Vergeten worden?</b> Stuur /vergeetmij in een privéchat met mij. Dan wis ik je "
        "antwoorden, markeringen en naam uit al je groepen."
    )


FORGET_IN_PRIVATE = (
    "Dat regelen we liever onder vier ogen: stuur /vergeetmij in een privéchat met mij."
)
FORGET_ONLY_YOURSELF = "Dit kan alleen in je eigen privéchat met mij."
FORGET_ASK = (
    "🗑 <b>Wil je dat ik je vergeet?</b>\n"
    "Ik wis dan je antwoorden, je markeringen en je naam uit al je groepen. Acties van jou "
    "komen zonder eigenaar te staan; de voorzitter hoort dat van mij. "
    "Dit kan ik niet terugdraaien."
)
FORGET_YES_BUTTON = "Ja, vergeet mij"
FORGET_NO_BUTTON = "Nee"
FORGET_KEPT = "Prima, ik laat alles zoals het is."


FORGET_NOTHING_STORED = "Ik had niets van je bewaard, dus er valt niets te vergeten."


def forgotten(*, answers: int, marks: int, groups: int, released_actions: int) -> str:
    if groups:
        removed = (
            f"Gewist: {plural(answers, 'antwoord', 'antwoorden')} en "
            f"{plural(marks, 'markering', 'markeringen')} uit "
            f"{plural(groups, 'groep', 'groepen')}, en je naam."
        )
    else:
        removed = "Gewist: je naam. Verder had ik niets van je bewaard."
    released = (
        f" {plural(released_actions, 'open actie', 'open acties')} van jou "
        f"{'staat' if released_actions == 1 else 'staan'} nu zonder eigenaar; "
        "de voorzitter weet ervan."
        if released_actions
        else ""
    )
    return f"✅ Klaar, ik ben je vergeten. {removed}{released}"


def numbers_nl(numbers: Sequence[int]) -> str:
    """#3 / #3 en #5 / #3, #5 en #7"""
    tags = [f"#{number}" for number in numbers]
    return tags[0] if len(tags) == 1 else f"{', '.join(tags[:-1])} en {tags[-1]}"


def member_forgotten(
    *,
    released: Sequence[int],
    chair: str | None,
    new_chair: str | None = None,
    session_stopped: bool = False,
) -> str:
    """Told in a group when a member asked to be forgotten; `chair` is a mention."""
    lines = ["🔒 Een deelnemer heeft gevraagd om vergeten te worden."]
    if new_chair:
        lines.append(f"{esc(new_chair)} is nu de voorzitter.")
    if session_stopped:
        lines.append(
            "De sessie is gestopt, want verder deed er niemand mee. Start een nieuwe met /sessie."
        )
    if released:
        verb = "is" if len(released) == 1 else "zijn"
        ask = f"{chair}, wil je" if chair else "Wil iemand"
        lines.append(
            f"Actie {numbers_nl(released)} {verb} nu zonder eigenaar. {ask} een nieuwe eigenaar "
            "kiezen? Tik op 👤 Eigenaar onder de actie."
        )
    return " ".join(lines)
