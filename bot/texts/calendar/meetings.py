"""Texts for the recurring team meeting and its stand van zaken."""

from __future__ import annotations

from bot.core.calendar.meeting_times import MAX_EVERY_WEEKS, MeetingReason
from bot.texts.formatting import esc

MEETING_EXAMPLE = "/teamoverleg dinsdag 15:30 elke 2 weken"
MEETING_NONE = (
    f"Er is nog geen teamoverleg ingesteld. Stel het in met bijvoorbeeld {MEETING_EXAMPLE}."
)
MEETING_OFF = (
    "Goed, ik zet geen stand van zaken meer klaar voor het teamoverleg. "
    f"Weer aanzetten kan met {MEETING_EXAMPLE}."
)

MEETING_PROBLEMS = {
    MeetingReason.EVERY: f"Kies elke 1 tot {MAX_EVERY_WEEKS} weken.",
    MeetingReason.NO_TIME: "Ik mis de tijd van het teamoverleg.",
    MeetingReason.BAD_TIME: "Die tijd bestaat niet.",
    MeetingReason.NO_DAY: "Ik mis de dag van het teamoverleg.",
    MeetingReason.UNCLEAR: "Dat begrijp ik niet.",
}


def meeting_problem(reason: MeetingReason) -> str:
    """What is wrong with a /teamoverleg schedule, with an example that works."""
    return f"{MEETING_PROBLEMS[reason]} Schrijf bijvoorbeeld: {MEETING_EXAMPLE}."


def rhythm(every_weeks: int) -> str:
    return "elke week" if every_weeks == 1 else f"elke {every_weeks} weken"


def meeting_planned(*, weekday: str, at: str, every_weeks: int, first: str, post_at: str) -> str:
    return (
        f"📅 Teamoverleg: {rhythm(every_weeks)} op {weekday} om {at}. "
        f"Een uur van tevoren zet ik hier de stand van zaken klaar: wat klaar is, wat open "
        f"staat en wat te laat is. Het eerstvolgende overleg is {first}. "
        f"De stand van zaken komt dan om {post_at}."
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
