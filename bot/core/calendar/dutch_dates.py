"""The Dutch date words the parsers read, and small calendar helpers (pure, no I/O)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# Input vocabulary (the *_WORDS names): the words members type, which the parsers must
# read. They may live in the core because no member reads them back from here: dates are
# written for members by bot.texts.calendar.dates.

# Spoken/written names -> weekday number (Monday=0). Accents are stripped before lookup.
WEEKDAY_WORDS: dict[str, int] = {
    "maandag": 0,
    "dinsdag": 1,
    "woensdag": 2,
    "donderdag": 3,
    "vrijdag": 4,
    "zaterdag": 5,
    "zondag": 6,
    "ma": 0,
    "di": 1,
    "wo": 2,
    "do": 3,
    "vr": 4,
    "za": 5,
    "zo": 6,
}

# Month names and common abbreviations -> month number (1-12).
MONTH_WORDS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "febr": 2,
    "mrt": 3,
    "mar": 3,
    "maa": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# Number words (accents already stripped, so "één" arrives as "een").
NUMBER_WORDS: dict[str, int] = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
    "twintig": 20,
    "eenentwintig": 21,
    "dertig": 30,
}


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the end of the target month (31 jan + 1 -> 28/29 feb)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def monday_of_week(d: date) -> date:
    """Monday of the ISO week containing `d`."""
    return d - timedelta(days=d.weekday())


def next_weekday_after(today: date, weekday: int) -> date:
    """First date strictly after `today` that falls on `weekday` (1..7 days ahead)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def next_weekday_from(today: date, weekday: int) -> date:
    """First date on or after `today` that falls on `weekday` (0..6 days ahead)."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)
