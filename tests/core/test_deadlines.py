from datetime import date

import pytest

from bot.core.calendar.deadlines import (
    DeadlineError,
    DeadlineReason,
    QuickDeadline,
    parse_deadline,
    quick_deadlines,
)
from bot.texts.calendar.dates import QUICK_DEADLINES, deadline_problem, format_date_nl

SUN = date(2026, 11, 22)  # zondag
WED = date(2026, 11, 25)  # woensdag
FRI = date(2026, 11, 27)  # vrijdag


SUNDAY_CASES = [
    # explicit dates
    ("15 december", date(2026, 12, 15)),
    ("15 dec", date(2026, 12, 15)),
    ("15 dec.", date(2026, 12, 15)),
    ("15-12", date(2026, 12, 15)),
    ("15/12", date(2026, 12, 15)),
    ("15-12-2026", date(2026, 12, 15)),
    ("15/12/2026", date(2026, 12, 15)),
    ("15-12-26", date(2026, 12, 15)),
    ("15.12.2026", date(2026, 12, 15)),
    ("2026-12-15", date(2026, 12, 15)),
    ("15 december 2026", date(2026, 12, 15)),
    ("maandag 15 december", date(2026, 12, 15)),
    ("ma 7 dec", date(2026, 12, 7)),
    ("december 15", date(2026, 12, 15)),
    ("15e december", date(2026, 12, 15)),
    ("3/4", date(2027, 4, 3)),  # day first
    ("1 mrt", date(2027, 3, 1)),
    ("29 februari", date(2028, 2, 29)),  # next valid occurrence
    # year rollover
    ("15 januari", date(2027, 1, 15)),
    ("15-1", date(2027, 1, 15)),
    ("22 november", SUN),  # today itself is allowed
    ("21 november", date(2027, 11, 21)),
    # weekdays
    ("vrijdag", date(2026, 11, 27)),
    ("zondag", date(2026, 11, 29)),  # same weekday as today -> next week
    ("maandag", date(2026, 11, 23)),
    ("aanstaande maandag", date(2026, 11, 23)),
    ("komende maandag", date(2026, 11, 23)),
    ("volgende vrijdag", date(2026, 11, 27)),
    ("vrijdag a.s.", date(2026, 11, 27)),
    ("volgende week vrijdag", date(2026, 11, 27)),  # ISO week: Sunday ends this week
    ("vrijdag volgende week", date(2026, 11, 27)),
    ("volgende week maandag", date(2026, 11, 23)),
    ("deze zondag", SUN),
    ("deze vrijdag", date(2026, 11, 27)),
    ("deze week zondag", SUN),
    ("vrijdag over een week", date(2026, 12, 4)),
    # relative
    ("vandaag", SUN),
    ("morgen", date(2026, 11, 23)),
    ("overmorgen", date(2026, 11, 24)),
    ("over 3 dagen", date(2026, 11, 25)),
    ("over drie dagen", date(2026, 11, 25)),
    ("over een week", date(2026, 11, 29)),
    ("over één week", date(2026, 11, 29)),
    ("over 1 week", date(2026, 11, 29)),
    ("over twee weken", date(2026, 12, 6)),
    ("over 2 weken", date(2026, 12, 6)),
    ("binnen twee weken", date(2026, 12, 6)),
    ("over twaalf dagen", date(2026, 12, 4)),
    ("over anderhalve week", date(2026, 12, 2)),
    ("over een maand", date(2026, 12, 22)),
    ("over 2 maanden", date(2027, 1, 22)),
    ("over zes maanden", date(2027, 5, 22)),
    ("volgende week", date(2026, 11, 29)),
    ("volgende maand", date(2026, 12, 22)),
    ("begin volgende week", date(2026, 11, 23)),
    ("eind volgende week", date(2026, 11, 27)),
    ("eind van de week", date(2026, 11, 27)),
    # month parts
    ("eind januari", date(2027, 1, 31)),
    ("eind van januari", date(2027, 1, 31)),
    ("einde januari", date(2027, 1, 31)),
    ("eind februari 2028", date(2028, 2, 29)),
    ("eind november", date(2026, 11, 30)),
    ("eind van de maand", date(2026, 11, 30)),
    ("eind deze maand", date(2026, 11, 30)),
    ("eind maand", date(2026, 11, 30)),
    ("eind volgende maand", date(2026, 12, 31)),
    ("begin februari", date(2027, 2, 1)),
    ("begin november", date(2027, 11, 1)),  # 1 nov 2026 has passed -> next occurrence
    ("begin volgende maand", date(2026, 12, 1)),
    ("half januari", date(2027, 1, 15)),
    ("medio januari", date(2027, 1, 15)),
    ("eind van het jaar", date(2026, 12, 31)),
    ("eind dit jaar", date(2026, 12, 31)),
    ("eind volgend jaar", date(2027, 12, 31)),
    # prefixes, case, punctuation, times next to a date
    ("  Op VRIJDAG! ", date(2026, 11, 27)),
    ("uiterlijk 15 dec.", date(2026, 12, 15)),
    ("vóór 15-12", date(2026, 12, 15)),
    ("Deadline: over 2 weken", date(2026, 12, 6)),
    ("uiterlijk op maandag 15 december.", date(2026, 12, 15)),
    ("voor eind januari", date(2027, 1, 31)),
    ("morgen 9 uur", date(2026, 11, 23)),
    ("vrijdag om 15:30", date(2026, 11, 27)),
    ("vrijdagmiddag", date(2026, 11, 27)),
    ("morgenochtend", date(2026, 11, 23)),
]

WEDNESDAY_CASES = [
    ("vrijdag", date(2026, 11, 27)),
    ("woensdag", date(2026, 12, 2)),  # same weekday -> next week
    ("maandag", date(2026, 11, 30)),
    ("aanstaande maandag", date(2026, 11, 30)),
    ("volgende week vrijdag", date(2026, 12, 4)),
    ("vrijdag volgende week", date(2026, 12, 4)),
    ("vrijdag van volgende week", date(2026, 12, 4)),
    ("volgende week woensdag", date(2026, 12, 2)),
    ("deze week vrijdag", date(2026, 11, 27)),
    ("vrijdag deze week", date(2026, 11, 27)),
    ("deze vrijdag", date(2026, 11, 27)),
    ("deze woensdag", WED),
    ("volgende week", date(2026, 12, 2)),
    ("begin volgende week", date(2026, 11, 30)),
    ("eind van de week", date(2026, 11, 27)),
    ("eind volgende week", date(2026, 12, 4)),
    ("over 2 weken", date(2026, 12, 9)),
    ("over een maand", date(2026, 12, 25)),
    ("volgende maand", date(2026, 12, 25)),
    ("eind van de maand", date(2026, 11, 30)),
    ("eind volgende maand", date(2026, 12, 31)),
    ("15 december", date(2026, 12, 15)),
    ("15 januari", date(2027, 1, 15)),
    ("eind januari", date(2027, 1, 31)),
]


@pytest.mark.parametrize(("text", "expected"), SUNDAY_CASES)
def test_parse_on_sunday(text: str, expected: date) -> None:
    assert parse_deadline(text, today=SUN) == expected


@pytest.mark.parametrize(("text", "expected"), WEDNESDAY_CASES)
def test_parse_on_wednesday(text: str, expected: date) -> None:
    assert parse_deadline(text, today=WED) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("vrijdag", FRI, date(2026, 12, 4)),  # bare weekday on that weekday -> next week
        ("aanstaande vrijdag", FRI, date(2026, 12, 4)),
        ("deze vrijdag", FRI, FRI),
        ("15 december", date(2026, 12, 20), date(2027, 12, 15)),
        ("15-12", date(2026, 12, 15), date(2026, 12, 15)),
        ("eind januari", date(2026, 11, 2), date(2027, 1, 31)),
        ("eind december", date(2026, 12, 31), date(2026, 12, 31)),
        ("over een maand", date(2027, 1, 31), date(2027, 2, 28)),  # clamped
        ("volgende maand", date(2027, 1, 31), date(2027, 2, 28)),
        ("eind volgende maand", date(2026, 12, 10), date(2027, 1, 31)),
        ("half januari", date(2027, 1, 20), date(2028, 1, 15)),
        ("volgende week vrijdag", date(2026, 12, 28), date(2027, 1, 8)),
    ],
)
def test_parse_other_days(text: str, today: date, expected: date) -> None:
    assert parse_deadline(text, today=today) == expected


def _examples(message: str) -> list[str]:
    tail = message.split("Probeer bijvoorbeeld: ", 1)[1].rstrip(".")
    first, last = tail.rsplit(" of ", 1)
    return [*first.split(", "), last]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "ooit",
        "binnenkort",
        "asap",
        "blabla",
        "???",
        "z.s.m.",
        "31 februari",
        "32-12",
        "15-13",
        "0-12",
        "15.12",
        "9 uur",
        "om 9 uur",
        "15:30",
        "deze maand",
        "over een paar dagen",
    ],
)
def test_no_date(text: str) -> None:
    with pytest.raises(DeadlineError) as info:
        parse_deadline(text, today=SUN)
    err = info.value
    assert err.reason in (DeadlineReason.NO_DATE, DeadlineReason.TIME_ONLY)  # "9 uur"
    assert isinstance(err, ValueError)
    examples = _examples(deadline_problem(err, today=SUN))
    assert len(examples) == 3
    for example in examples:  # the examples we suggest must work themselves
        parse_deadline(example, today=SUN)


def test_time_only_message_mentions_time() -> None:
    with pytest.raises(DeadlineError) as info:
        parse_deadline("9 uur", today=SUN)
    assert info.value.reason == DeadlineReason.TIME_ONLY
    said = deadline_problem(info.value, today=SUN)
    assert "tijd" in said
    for example in _examples(said):
        parse_deadline(example, today=SUN)


@pytest.mark.parametrize(
    ("text", "understood"),
    [
        ("gisteren", date(2026, 11, 21)),
        ("20 november 2026", date(2026, 11, 20)),
        ("15-12-2025", date(2025, 12, 15)),
        ("2026-01-01", date(2026, 1, 1)),
        ("deze week vrijdag", date(2026, 11, 20)),
        ("begin deze maand", date(2026, 11, 1)),
        ("3 dagen geleden", date(2026, 11, 19)),
        ("twee weken geleden", date(2026, 11, 8)),
    ],
)
def test_past(text: str, understood: date) -> None:
    with pytest.raises(DeadlineError) as info:
        parse_deadline(text, today=SUN)
    err = info.value
    assert err.reason == DeadlineReason.PAST
    assert err.understood == understood
    said = deadline_problem(err, today=SUN)
    assert said.startswith("Die datum")
    assert format_date_nl(understood, today=SUN) in said
    examples = _examples(said)
    assert len(examples) == 3
    for example in examples:
        assert parse_deadline(example, today=SUN) > SUN


@pytest.mark.parametrize(
    ("d", "today", "expected"),
    [
        (date(2026, 11, 22), None, "zondag 22 november 2026"),
        (date(2026, 12, 15), None, "dinsdag 15 december 2026"),
        (date(2026, 12, 15), SUN, "dinsdag 15 december"),
        (date(2027, 1, 15), SUN, "vrijdag 15 januari 2027"),
        (date(2027, 3, 1), None, "maandag 1 maart 2027"),
    ],
)
def test_format_date_nl(d: date, today: date | None, expected: str) -> None:
    assert format_date_nl(d, today=today) == expected


@pytest.mark.parametrize("today", [SUN, WED, date(2026, 11, 28), date(2027, 1, 31)])
def test_quick_deadlines(today: date) -> None:
    options = quick_deadlines(today)
    labels = [QUICK_DEADLINES[choice] for choice, _ in options]
    dates = [d for _, d in options]
    assert 3 <= len(options) <= 4  # "over 1 maand" can coincide with a month end
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    assert all(d > today for d in dates)
    assert {"over 1 week", "over 2 weken", "over 1 maand"} <= set(labels)
    for label, (_, d) in zip(labels, options, strict=True):
        assert parse_deadline(label, today=today) == d


def test_quick_deadlines_values_on_sunday() -> None:
    assert [(QUICK_DEADLINES[choice], d) for choice, d in quick_deadlines(SUN)] == [
        ("over 1 week", date(2026, 11, 29)),
        ("eind van de maand", date(2026, 11, 30)),
        ("over 2 weken", date(2026, 12, 6)),
        ("over 1 maand", date(2026, 12, 22)),
    ]
    # Too close to the end of the month: offer the end of next month instead.
    assert (QuickDeadline.NEXT_MONTH_END, date(2026, 12, 31)) in quick_deadlines(date(2026, 11, 28))
    # 31 januari: "over 1 maand" and "eind volgende maand" are both 28 februari; one button.
    assert [d for _, d in quick_deadlines(date(2027, 1, 31))] == [
        date(2027, 2, 7),
        date(2027, 2, 14),
        date(2027, 2, 28),
    ]
