"""Dates as members read them, and what is wrong with a date they typed.

The core reads Dutch dates (bot.core.calendar.dutch_dates holds the words it understands) and says
why one is unusable with a reason code; the words written back to members live here.
"""

from __future__ import annotations

from datetime import date

from bot.core.calendar.deadlines import DeadlineError, DeadlineReason, QuickDeadline

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# The deadline buttons; each label is itself a deadline the bot reads (tests/core checks).
QUICK_DEADLINES = {
    QuickDeadline.ONE_WEEK: "over 1 week",
    QuickDeadline.TWO_WEEKS: "over 2 weken",
    QuickDeadline.ONE_MONTH: "over 1 maand",
    QuickDeadline.MONTH_END: "eind van de maand",
    QuickDeadline.NEXT_MONTH_END: "eind volgende maand",
}
# Each example is itself a deadline the bot reads (tests/core checks).
DEADLINE_EXAMPLES = "15 december, volgende week vrijdag of over twee weken"
DEADLINE_EXAMPLES_PAST = "morgen, volgende week vrijdag of over twee weken"


def format_date_nl(d: date, *, today: date | None = None) -> str:
    """'vrijdag 15 december 2026'; the year is left out when `today` is in the same year."""
    text = f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"
    if today is None or today.year != d.year:
        text += f" {d.year}"
    return text


def date_at(d: date, clock: str, *, today: date) -> str:
    """'dinsdag 15 december om 15:30'."""
    return f"{format_date_nl(d, today=today)} om {clock}"


def deadline_problem(error: DeadlineError, *, today: date) -> str:
    """What is wrong with a typed deadline, with examples that work."""
    if error.reason == DeadlineReason.PAST and error.understood is not None:
        written = format_date_nl(error.understood, today=today)
        return (
            f"Die datum ({written}) ligt in het verleden. "
            f"Probeer bijvoorbeeld: {DEADLINE_EXAMPLES_PAST}."
        )
    if error.reason == DeadlineReason.TIME_ONLY:
        return f"Ik heb een datum nodig, geen tijd. Probeer bijvoorbeeld: {DEADLINE_EXAMPLES}."
    return f"Dat herken ik niet als datum. Probeer bijvoorbeeld: {DEADLINE_EXAMPLES}."
