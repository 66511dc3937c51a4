"""Texts for a work session: opening, joining, steps, hulpvragen, wrap-ups, status and its end."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.texts.documents.exports import find_on
from bot.texts.formatting import esc, minutes_text, number_word, plural, shorten, telegram_length
from bot.texts.session.hulpvragen import HULPVRAGEN_OPTIONAL
from bot.texts.session.keywords import keywords_line
from prompts import Deck, Step

# --- opening ---------------------------------------------------------------------------


def opening(
    *, deck: Deck, chair: str, step_seconds: Sequence[int], participants: Sequence[str]
) -> str:
    total = timedelta(seconds=sum(step_seconds))
    lines = [
        "👋 <b>Aan de slag met internationalisering</b>",
        f"Welkom bij de werksessie! {esc(chair)} is de voorzitter en houdt de tijd in de gaten.",
        "",
        f"We doorlopen samen {number_word(len(deck.steps))} stappen in {minutes_text(total)}:",
    ]
    for step, seconds in zip(deck.steps, step_seconds, strict=True):
        lines.append(
            f"{step.number}. {esc(step.title)} – {minutes_text(timedelta(seconds=seconds))}"
        )
    lines += [
        "",
        "Leg de poster ‘Aan de slag met internationalisering’ klaar als jullie die op papier "
        "hebben. Ook handig, maar niet verplicht: de internationaliseringsvisie van de school, "
        "het teamplan en het kwalificatiedossier.",
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


JOIN_BUTTON = "🙋 Doe mee"
BEGIN_BUTTON = "▶️ Begin"
SESSION_BEGINS = "De sessie begint!"
ALREADY_BEGUN = "De sessie loopt al. Met /volgende ga je naar de volgende stap."

SPLIT_TIP = (
    "💡 <b>Tip</b>: jullie zijn met meer dan zeven. De handleiding raadt aan de groep dan te "
    "splitsen. Koppel de bevindingen aan het eind, of in een vervolgsessie, aan elkaar terug.\n"
    "Zo doen jullie dat: maak een tweede Telegram-groep met mij erin. De voorzitter typt hier "
    "/koppel en geeft de code aan de voorzitter van die groep, die hem daar typt.\n"
    "Met /terugkoppeling zien jullie daarna de conclusies van beide groepen samen."
)


def joined(name: str, count: int) -> str:
    return f"Welkom, {esc(name)}! Je doet mee ({plural(count, 'deelnemer', 'deelnemers')})."


def already_joined(name: str) -> str:
    return f"{esc(name)}, je doet al mee."


# --- steps -----------------------------------------------------------------------------


def step_card(
    step: Step, *, total_steps: int, duration: timedelta, extra: Sequence[str] = ()
) -> str:
    """A step's card; `extra` are blocks the step adds (step 5: how to record an action)."""
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
            elif resource.search:
                names.append(f"{esc(resource.title)} ({esc(find_on(resource))})")
            else:
                names.append(esc(resource.title))
        lines += ["", "<i>Hulpbronnen:</i> " + " · ".join(names)]
    for tip in step.tips or ():
        lines += ["", f"💡 {esc(tip)}"]
    for block in extra:
        lines += ["", block]
    lines += ["", "↩️ Reageer op dit bericht met je antwoord. Steekwoorden zijn prima."]
    lines += [HULPVRAGEN_OPTIONAL]
    return "\n".join(lines)


def hulpvraag(step: Step, text: str) -> str:
    return (
        f"💬 <b>Hulpvraag · stap {step.number}</b>\n{esc(text)}\n\n"
        "<i>Reageer op dit bericht om te antwoorden.</i>"
    )


# Room for a member's question, an answer or an action in a message of the bot's: its
# framing (a name of up to 129 characters, a heading, a hint) fits in what is left of 4,096.
QUESTION_ROOM = 3600
ANSWER_ROOM = 120


def own_question(asker: str, text: str) -> str:
    shown, cut = shorten(text, QUESTION_ROOM)
    note = "\n<i>✂️ Ingekort. De hele vraag staat in /samenvatting.</i>" if cut else ""
    return (
        f"❓ <b>Vraag van {esc(asker)}</b>\n{esc(shown)}{note}\n\n"
        "<i>Reageer op dit bericht om te antwoorden.</i>"
    )


def warning(step: Step, remaining: timedelta) -> str:
    return (
        f"⏳ Nog {minutes_text(remaining)} in stap {step.number} ({esc(step.title)}). "
        "Tijd om af te ronden. De voorzitter kan verlengen met /verleng."
    )


def extended(step: Step, by: timedelta, remaining: timedelta) -> str:
    return (
        f"⏱ Stap {step.number} duurt {minutes_text(by)} langer. "
        f"Jullie hebben nog {minutes_text(remaining)}."
    )


def paused(step: Step) -> str:
    return f"⏸ De klok van stap {step.number} staat stil. Zet hem weer aan met /hervat."


def resumed(step: Step, remaining: timedelta) -> str:
    return f"▶️ De klok loopt weer. Nog {minutes_text(remaining)} in stap {step.number}."


def chair_handed_over(name: str) -> str:
    return f"👑 {esc(name)} is nu de voorzitter."


def answer_line(name: str, text: str, *, limit: int = 160) -> str:
    shown, _ = shorten(" ".join(text.split()), limit)
    return f"• <b>{esc(name)}</b>: {esc(shown)}"


def wrap_up(
    step: Step,
    *,
    answers: Sequence[tuple[str, str]],
    top_marks: Sequence[tuple[str, int, str]],
    keywords: Sequence[str] = (),
    max_lines: int = 12,
) -> str:
    people = len({name for name, _ in answers})
    lines = [f"✅ <b>Stap {step.number} · {esc(step.title)} is klaar</b>"]
    if answers:
        lines.append(
            f"{plural(len(answers), 'antwoord', 'antwoorden')} van "
            f"{plural(people, 'deelnemer', 'deelnemers')}:"
        )
        shown = answers[:max_lines]
        lines += [answer_line(name, text, limit=ANSWER_ROOM) for name, text in shown]
        if len(answers) > max_lines:
            lines.append(f"… en nog {len(answers) - max_lines} (zie /samenvatting).")
        elif any(telegram_length(" ".join(text.split())) > ANSWER_ROOM for _, text in shown):
            lines.append("<i>✂️ Lange antwoorden staan hier ingekort. Voluit in /samenvatting.</i>")
    else:
        lines.append("Er zijn bij deze stap geen antwoorden genoteerd.")
    if top_marks:
        lines.append("")
        lines.append(
            "Meest gemarkeerd: "
            + ", ".join(
                f"{esc(label)} ({count}, {MARKED_AS[board]})" for label, count, board in top_marks
            )
        )
    if keywords:
        lines += ["", keywords_line(keywords)]
    return "\n".join(lines)


# Which question a mark of step 4 answers, after its count in "meest gemarkeerd".
MARKED_AS = {"al": "doen we al", "nieuw": "interessant"}


SESSION_DONE = (
    "🎉 <b>De werksessie is klaar.</b> Dank jullie wel!\n"
    "Ga aan de slag met de afspraken uit stap 5 en bespreek de voortgang in jullie teamoverleg. "
    "De samenvatting volgt hieronder. Later vraag je hem opnieuw op met /samenvatting."
)
SESSION_STOPPED = (
    "⏹ <b>De sessie is gestopt.</b> Alles wat jullie hebben gedeeld is bewaard. "
    "De samenvatting volgt hieronder en staat later klaar via /samenvatting."
)
SUMMARY_AS_DOCUMENT = (
    "📄 De samenvatting is te lang voor één bericht. Je vindt hem hieronder als PDF en als "
    "Word-bestand."
)


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


# --- summary ---------------------------------------------------------------------------


def session_of(day: str) -> str:
    """A session named by its day ("werksessie van dinsdag 3 december")."""
    return f"werksessie van {day}"


def summary_file_name(day: date, extension: str) -> str:
    return f"samenvatting-{day.isoformat()}.{extension}"
