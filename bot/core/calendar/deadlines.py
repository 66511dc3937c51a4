"""Parse Dutch deadline phrases into dates (pure: the caller passes `today`).

Interpretation choices for ambiguous phrases (documented here, tested in
tests/core/test_deadlines.py):

* A day-month without year ("15 december", "15-12") is the next occurrence that is
  not in the past; today itself counts. "31 februari" / "32-12" are no date.
  A weekday in front of a full date ("maandag 15 december") is ignored: the date wins.
* Bare weekday ("vrijdag"), and "aanstaande/komende/eerstvolgende/volgende vrijdag",
  "vrijdag a.s.": the first vrijdag strictly AFTER today (said on a vrijdag -> next week).
* "deze vrijdag": the first vrijdag on or after today (today counts).
* "deze week vrijdag" / "vrijdag deze week": the vrijdag of the current ISO week
  (Monday-Sunday); if that has passed, it is refused as "past".
* "volgende week vrijdag" / "vrijdag volgende week": the vrijdag of the next ISO week.
* "volgende week": today + 7 days. "begin volgende week": Monday of next week.
  "eind van de week": the first vrijdag on or after today; "eind volgende week": vrijdag
  of next week.
* "over N dagen/weken/maanden/jaar" (also "binnen ..." or just "2 weken"): today + N units;
  months/years keep the day of month, clamped to the month end (31 jan + 1 maand = 28 feb).
  "anderhalve week" = 10 days, "anderhalve maand" = 1 month + 15 days.
* "volgende maand": same day next month, clamped to the month end.
* "eind/einde (van) januari": last day of januari; "begin januari": 1 januari;
  "half/medio/midden januari": 15 januari. Without a year: the next occurrence that is not
  in the past. "eind van de maand"/"eind deze maand": last day of this month;
  "eind volgende maand": last day of next month. "eind van het jaar"/"eind dit jaar":
  31 december this year.
* Times are ignored when a date is present ("morgen 9 uur" -> morgen); a time alone
  ("9 uur", "15:30") is no date.
* "N dagen/weken/maanden geleden" is understood, and refused as "past".
* Anything else is no date. There is no general date library behind this parser:
  dateparser (nl) misread Dutch phrases and, measured on the tested phrases, rescued only
  "3 dagen geleden", which the rule above now covers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from enum import StrEnum

from bot.core.calendar.dutch_dates import (
    MONTH_WORDS,
    NUMBER_WORDS,
    WEEKDAY_WORDS,
    add_months,
    last_day_of_month,
    monday_of_week,
    next_weekday_after,
    next_weekday_from,
)

__all__ = [
    "DeadlineError",
    "DeadlineReason",
    "QuickDeadline",
    "parse_deadline",
    "quick_deadlines",
]


class DeadlineReason(StrEnum):
    """Why a text is no usable deadline (bot.texts.calendar.dates words it for members)."""

    NO_DATE = "no_date"
    TIME_ONLY = "time_only"  # a time of day and no date
    PAST = "past"


class DeadlineError(ValueError):
    """The text is not a usable deadline: why, and (for PAST) the date that was understood."""

    def __init__(self, reason: DeadlineReason, understood: date | None = None) -> None:
        super().__init__(reason, understood)
        self.reason = reason
        self.understood = understood

    @property
    def is_date(self) -> bool:
        """Read as a date, even one in the past (that is a date with a problem)."""
        return self.reason == DeadlineReason.PAST


class QuickDeadline(StrEnum):
    """A deadline button; bot.texts.calendar.dates labels each with a phrase parse_deadline reads."""

    ONE_WEEK = "week"
    TWO_WEEKS = "two_weeks"
    ONE_MONTH = "month"
    MONTH_END = "month_end"
    NEXT_MONTH_END = "next_month_end"


def quick_deadlines(today: date) -> list[tuple[QuickDeadline, date]]:
    """Button choices, sorted by date, one per date."""
    end_of_month = last_day_of_month(today.year, today.month)
    if end_of_month - today < timedelta(days=7):
        month_end = (QuickDeadline.NEXT_MONTH_END, last_day_of_month(*_next_month(today)))
    else:
        month_end = (QuickDeadline.MONTH_END, end_of_month)
    options = [
        (QuickDeadline.ONE_WEEK, today + timedelta(days=7)),
        (QuickDeadline.TWO_WEEKS, today + timedelta(days=14)),
        (QuickDeadline.ONE_MONTH, add_months(today, 1)),
        month_end,
    ]
    result: list[tuple[QuickDeadline, date]] = []
    for choice, d in sorted(options, key=lambda option: option[1]):
        if all(d != seen for _, seen in result):
            result.append((choice, d))
    return result


# --------------------------------------------------------------------------- parsing


def parse_deadline(text: str, *, today: date) -> date:
    """Turn a Dutch phrase into a deadline date >= today, or raise DeadlineError."""
    norm = _normalize(text)
    stripped = _strip_times(norm)
    if not stripped:
        looks_like_time = re.search(r"\d:\d|\d\s*(?:uur|u)\b|'?s\s+\w+s\b", norm)
        raise DeadlineError(DeadlineReason.TIME_ONLY if looks_like_time else DeadlineReason.NO_DATE)
    norm = stripped

    result = _parse_by_hand(norm, today)
    if result is None:
        raise DeadlineError(DeadlineReason.NO_DATE)
    if result < today:
        raise DeadlineError(DeadlineReason.PAST, result)
    return result


_PREFIX_RE = re.compile(r"^(?:(?:op|voor|uiterlijk|deadline|tot en met|t/m|tot)\s+)+")

_TIME_PATTERNS = [
    # "om 9 uur", "9u", "9.30 uur", "rond 15:30 uur"
    re.compile(r"(?:\b(?:om|rond|voor)\s+)?\b\d{1,2}(?:[:.]\d{2})?\s*(?:uur|u)\b"),
    # "15:30"
    re.compile(r"(?:\b(?:om|rond|voor)\s+)?(?<![\d:.])\d{1,2}:\d{2}(?![\d:.])"),
    # "15.30" (a bare d.m without year is not accepted as a date anyway)
    re.compile(r"(?:\b(?:om|rond|voor)\s+)?(?<![\d:.])\d{1,2}\.\d{2}(?![\d:.])"),
    re.compile(r"'?\bs\s+(?:ochtends|morgens|middags|avonds)\b"),
    re.compile(
        r"\b(?:in de|aan het eind van de|aan het begin van de)\s+(?:ochtend|middag|avond)\b"
    ),
    re.compile(r"(?<=\bmorgen)(?:ochtend|middag|avond)\b"),
    re.compile(r"(?<=\bovermorgen)(?:ochtend|middag|avond)\b"),
    re.compile(r"(?<=\bvandaag)(?:ochtend|middag|avond)\b"),
    re.compile(r"(?<=dag)(?:ochtend|middag|avond)\b"),  # "vrijdagmiddag"
]


def _normalize(text: str) -> str:
    s = unicodedata.normalize("NFKD", text or "")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"[,;!?()\[\]\"]", " ", s)
    # Dots and colons only survive between digits ("15.12.2026", "15:30").
    s = re.sub(r"(?<!\d)[.:]|[.:](?!\d)", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" -'/")
    s = _PREFIX_RE.sub("", s + " ").strip()
    return s


def _strip_times(s: str) -> str:
    for pattern in _TIME_PATTERNS:
        s = pattern.sub(" ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"(?:^|\s)(?:om|rond|tegen)$", "", s).strip()
    return s


# Building blocks for the hand-written patterns.
_WD = "(?P<wd>" + "|".join(sorted(WEEKDAY_WORDS, key=len, reverse=True)) + ")"
_MONTH = "(?P<month>" + "|".join(sorted(MONTH_WORDS, key=len, reverse=True)) + ")"
_NUM = (
    r"(?P<num>\d{1,3}|anderhalve|anderhalf|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + ")"
)
_UNIT = r"(?P<unit>dagen|dag|weken|weekjes|weekje|week|maanden|maand|jaren|jaar)"
_WDX = "(?:" + "|".join(sorted(WEEKDAY_WORDS, key=len, reverse=True)) + ")"  # unnamed
_OPT_WD = rf"(?:{_WDX}\s+)?"

# Input vocabulary: the words members type, which the parser must know (never shown to them).
_NEXT_MONTH_WORDS = ("volgende maand", "komende maand")
_SIMPLE_DAY_WORDS = {
    "vandaag": 0,
    "vanavond": 0,
    "vanmiddag": 0,
    "vanochtend": 0,
    "vanmorgen": 0,
    "nu": 0,
    "eind van de dag": 0,
    "einde van de dag": 0,
    "morgen": 1,
    "overmorgen": 2,
    "gisteren": -1,
    "eergisteren": -2,
}


_RE_AMOUNT = re.compile(
    rf"(?:(?:over|binnen)\s+)?{_NUM}\s+{_UNIT}(?:\s+(?:vanaf\s+)?(?:nu|vandaag))?"
)
# A date in the past is still understood, so the member hears "that is in the past".
_RE_AGO = re.compile(rf"{_NUM}\s+{_UNIT}\s+geleden")
_RE_ANCHOR_PLUS_WEEKS = re.compile(
    rf"(?P<anchor>vandaag|morgen|overmorgen|{_WD})\s+over\s+{_NUM}\s+(?P<unit>weken|week)"
)
_RE_WEEKS_THEN_WD = re.compile(rf"over\s+{_NUM}\s+(?P<unit>weken|week)\s+(?:op\s+)?{_WD}")
_RE_WD = re.compile(_WD)
_RE_WD_COMING = re.compile(
    rf"(?:aanstaande|komende|eerstvolgende|volgende)\s+{_WDX}|{_WDX}\s+(?:a s|as|aanstaande)"
)
_RE_WD_NEXT_WEEK = re.compile(
    rf"(?:volgende|komende)\s+week\s+(?:op\s+)?{_WDX}"
    rf"|{_WDX}\s+(?:van\s+)?(?:de\s+)?(?:volgende|komende)\s+week"
)
_RE_WD_THIS_WEEK = re.compile(rf"deze\s+week\s+(?:op\s+)?{_WDX}|{_WDX}\s+(?:van\s+)?deze\s+week")
_RE_THIS_WD = re.compile(rf"deze\s+{_WD}")
_RE_PART = r"(?P<part>eind|einde|begin|half|halverwege|medio|midden)"
_RE_PART_MONTHNAME = re.compile(rf"{_RE_PART}\s+(?:van\s+)?{_MONTH}(?:\s+(?P<year>\d{{4}}))?")
_RE_PART_THIS_MONTH = re.compile(rf"{_RE_PART}\s+(?:van\s+)?(?:de\s+|deze\s+)?maand")
_RE_PART_NEXT_MONTH = re.compile(rf"{_RE_PART}\s+(?:van\s+)?(?:de\s+)?volgende\s+maand")
_RE_YEAR_END = re.compile(r"(?:eind|einde)\s+(?:van\s+)?(?:het\s+|dit\s+)?jaar|jaareinde")
_RE_NEXT_YEAR_PART = re.compile(
    r"(?P<part>eind|einde|begin)\s+(?:van\s+)?(?:het\s+)?volgend(?:e)?\s+jaar"
)
_RE_DAY_MONTHNAME = re.compile(
    rf"{_OPT_WD}(?:de\s+)?(?P<day>\d{{1,2}})(?:e|ste|de)?\s+{_MONTH}(?:\s+(?P<year>\d{{4}}|'\d{{2}}))?"
)
_RE_MONTHNAME_DAY = re.compile(
    rf"{_OPT_WD}{_MONTH}\s+(?P<day>\d{{1,2}})(?:e|ste|de)?(?:\s+(?P<year>\d{{4}}))?"
)
_RE_ISO = re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})")
_RE_NUMERIC = re.compile(
    rf"{_OPT_WD}(?P<day>\d{{1,2}})[-/.](?P<m>\d{{1,2}})(?:[-/.](?P<year>\d{{4}}|\d{{2}}))?"
)
_RE_WEEK_WORDS = re.compile(
    r"(?P<which>volgende|komende|begin volgende|eind volgende|eind van volgende"
    r"|eind van de|eind deze|eind van deze|einde van de|einde van deze) week"
)


def _number(word: str) -> float:
    if word.isdigit():
        return int(word)
    if word.startswith("anderhal"):
        return 1.5
    return NUMBER_WORDS[word]


def _add_amount(today: date, amount: float, unit: str, sign: int = 1) -> date | None:
    """`amount` units after today, or before it with sign -1 ("3 dagen geleden")."""
    if unit.startswith("dag"):
        if amount != int(amount):
            return None
        return today + timedelta(days=sign * int(amount))
    if unit.startswith("we"):
        return today + timedelta(days=sign * (10 if amount == 1.5 else int(amount) * 7))
    if unit.startswith("maand"):
        if amount == 1.5:
            return add_months(today, sign) + timedelta(days=sign * 15)
        return add_months(today, sign * int(amount))
    # jaar/jaren
    months = 18 if amount == 1.5 else int(amount) * 12
    return add_months(today, sign * months)


def _next_month(today: date) -> tuple[int, int]:
    first = add_months(today.replace(day=1), 1)
    return first.year, first.month


def _month_part(year: int, month: int, part: str) -> date:
    if part in ("eind", "einde"):
        return last_day_of_month(year, month)
    if part == "begin":
        return date(year, month, 1)
    return date(year, month, 15)


def _year(raw: str) -> int:
    raw = raw.lstrip("'")
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DeadlineError(DeadlineReason.NO_DATE) from None


def _next_occurrence(month: int, day: int, today: date) -> date:
    """First valid day-month on or after today (29 februari may skip to a leap year)."""
    if not 1 <= month <= 12:
        raise DeadlineError(DeadlineReason.NO_DATE)
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise DeadlineError(DeadlineReason.NO_DATE)


def _parse_by_hand(s: str, today: date) -> date | None:
    if s in _SIMPLE_DAY_WORDS:
        return today + timedelta(days=_SIMPLE_DAY_WORDS[s])

    if m := _RE_WEEK_WORDS.fullmatch(s):
        which = m["which"]
        next_monday = monday_of_week(today) + timedelta(days=7)
        if which in ("volgende", "komende"):
            return today + timedelta(days=7)
        if which.startswith("begin"):
            return next_monday
        if which.endswith("volgende"):
            return next_monday + timedelta(days=4)
        return next_weekday_from(today, 4)  # "eind van de week": coming vrijdag

    if m := _RE_AMOUNT.fullmatch(s):
        return _add_amount(today, _number(m["num"]), m["unit"])

    if m := _RE_AGO.fullmatch(s):
        return _add_amount(today, _number(m["num"]), m["unit"], sign=-1)

    if m := _RE_ANCHOR_PLUS_WEEKS.fullmatch(s):
        anchor = m["anchor"]
        if anchor in _SIMPLE_DAY_WORDS:
            base = today + timedelta(days=_SIMPLE_DAY_WORDS[anchor])
        else:
            base = next_weekday_after(today, WEEKDAY_WORDS[m["wd"]])
        return _add_weeks(base, m["num"])

    if m := _RE_WEEKS_THEN_WD.fullmatch(s):
        return _add_weeks(next_weekday_after(today, WEEKDAY_WORDS[m["wd"]]), m["num"])

    if _RE_WD.fullmatch(s) or _RE_WD_COMING.fullmatch(s):
        return next_weekday_after(today, WEEKDAY_WORDS[_weekday_word(s)])

    if m := _RE_WD_NEXT_WEEK.fullmatch(s):
        wd = WEEKDAY_WORDS[_weekday_word(s)]
        return monday_of_week(today) + timedelta(days=7 + wd)

    if m := _RE_WD_THIS_WEEK.fullmatch(s):
        return monday_of_week(today) + timedelta(days=WEEKDAY_WORDS[_weekday_word(s)])

    if m := _RE_THIS_WD.fullmatch(s):
        return next_weekday_from(today, WEEKDAY_WORDS[m["wd"]])

    if s in _NEXT_MONTH_WORDS:
        return add_months(today, 1)

    if m := _RE_PART_THIS_MONTH.fullmatch(s):
        return _month_part(today.year, today.month, m["part"])

    if m := _RE_PART_NEXT_MONTH.fullmatch(s):
        return _month_part(*_next_month(today), m["part"])

    if m := _RE_PART_MONTHNAME.fullmatch(s):
        month = MONTH_WORDS[m["month"]]
        if m["year"]:
            return _month_part(int(m["year"]), month, m["part"])
        candidate = _month_part(today.year, month, m["part"])
        return candidate if candidate >= today else _month_part(today.year + 1, month, m["part"])

    if _RE_YEAR_END.fullmatch(s):
        return date(today.year, 12, 31)

    if m := _RE_NEXT_YEAR_PART.fullmatch(s):
        return (
            date(today.year + 1, 12, 31)
            if m["part"].startswith("eind")
            else date(today.year + 1, 1, 1)
        )

    for pattern in (_RE_DAY_MONTHNAME, _RE_MONTHNAME_DAY):
        if m := pattern.fullmatch(s):
            month, day = MONTH_WORDS[m["month"]], int(m["day"])
            if m["year"]:
                return _make_date(_year(m["year"]), month, day)
            return _next_occurrence(month, day, today)

    if m := _RE_ISO.fullmatch(s):
        return _make_date(int(m["year"]), int(m["m"]), int(m["day"]))

    if m := _RE_NUMERIC.fullmatch(s):
        day, month = int(m["day"]), int(m["m"])
        if m["year"]:
            return _make_date(_year(m["year"]), month, day)
        if "." in s:  # "15.12" without a year is too close to a time; refuse
            raise DeadlineError(DeadlineReason.NO_DATE)
        return _next_occurrence(month, day, today)

    return None


def _add_weeks(base: date, num: str) -> date | None:
    amount = _number(num)
    return _add_amount(base, amount, "week") if amount != 1.5 else None


def _weekday_word(s: str) -> str:
    """The weekday word in a phrase matched by one of the weekday patterns."""
    for word in s.split():
        if word in WEEKDAY_WORDS:
            return word
    raise AssertionError("weekday pattern matched without a weekday")  # pragma: no cover
