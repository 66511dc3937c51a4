"""The one-line /actie, read against a fixed day (Tuesday 24 November 2026)."""

from datetime import date

import pytest

from bot.core.actions.action_line import ActionLine, Owner, parse_action_line, parse_owner
from bot.core.calendar.deadlines import DeadlineReason

TODAY = date(2026, 11, 24)


def read(text: str, mentions=()) -> ActionLine:
    return parse_action_line(text, today=TODAY, mentions=mentions)


def test_the_example_from_the_issue():
    line = read("@anna 15 december: Engelstalig lesmateriaal zoeken voor leerjaar 2")
    assert line == ActionLine(
        owner=Owner("username", "anna"),
        deadline=date(2026, 12, 15),
        deadline_text="15 december",
        deadline_error=None,
        what="Engelstalig lesmateriaal zoeken voor leerjaar 2",
    )


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("ik vrijdag: x", Owner("self")),
        ("Mij vrijdag: x", Owner("self")),
        ("@Bram_2 vrijdag: x", Owner("username", "Bram_2")),
        ("Dirk Jansen vrijdag: x", Owner("mention", "Dirk Jansen")),
        ("dirk vrijdag: x", Owner("name", "dirk")),
        ("vrijdag: x", None),
    ],
)
def test_owner_kinds(text, owner):
    line = read(text, mentions=["Dirk Jansen"])
    assert line.owner == owner
    assert line.deadline == date(2026, 11, 27)
    assert line.what == "x"


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        ("morgen", date(2026, 11, 25)),
        ("volgende week vrijdag", date(2026, 12, 4)),
        ("over twee weken", date(2026, 12, 8)),
        ("eind januari", date(2027, 1, 31)),
        ("15-12", date(2026, 12, 15)),
        ("15-12-2026 om 9:30", date(2026, 12, 15)),
    ],
)
def test_date_forms_before_the_colon(deadline, expected):
    line = read(f"ik {deadline}: gastles regelen")
    assert (line.deadline, line.what, line.deadline_error) == (expected, "gastles regelen", None)


def test_a_time_with_a_colon_does_not_end_the_deadline():
    line = read("ik morgen 9:30: stagebedrijf bellen")
    assert line.deadline == date(2026, 11, 25)
    assert line.what == "stagebedrijf bellen"


def test_without_a_colon_the_longest_date_after_the_owner_is_the_deadline():
    line = read("@anna volgende week vrijdag Erasmus+ aanvraag lezen")
    assert line.deadline == date(2026, 12, 4)
    assert line.what == "Erasmus+ aanvraag lezen"


def test_without_a_colon_a_trailing_small_number_is_part_of_the_action():
    line = read("ik morgen 2 gastlessen plannen")
    assert line.deadline == date(2026, 11, 25)
    assert line.what == "2 gastlessen plannen"


def test_without_a_colon_and_without_a_date_everything_is_the_action():
    line = read("ik partnerschool in Duitsland zoeken")
    assert line.deadline is None and line.deadline_error is None
    assert line.what == "partnerschool in Duitsland zoeken"


def test_a_past_date_is_kept_as_an_error_with_the_rest():
    line = read("@anna 1 november 2026: lesmateriaal")
    assert line.deadline is None
    assert line.deadline_error is not None
    assert line.deadline_error.reason == DeadlineReason.PAST
    assert line.deadline_error.understood == date(2026, 11, 1)
    assert line.owner == Owner("username", "anna")
    assert line.what == "lesmateriaal"


def test_no_date_is_kept_as_an_error():
    line = read("@anna ooit: lesmateriaal")
    assert line.deadline is None
    assert line.deadline_text == "ooit"
    assert line.deadline_error is not None
    assert line.deadline_error.reason == DeadlineReason.NO_DATE


def test_missing_parts_are_empty():
    assert read("@anna").what == ""
    assert read("@anna: lesmateriaal").deadline_text == ""
    assert read("").owner is None


@pytest.mark.parametrize(
    ("typed", "owner"),
    [
        ("ik", Owner("self")),
        ("@bram", Owner("username", "bram")),
        ("Anna de Vries", Owner("name", "Anna de Vries")),
        ("Dirk Jansen", Owner("mention", "Dirk Jansen")),
        ("15 december", None),
        ("@bram en ik", None),
    ],
)
def test_a_typed_owner(typed, owner):
    assert parse_owner(typed, mentions=["Dirk Jansen"]) == owner


# ----------------------------------------------------------------- what a teacher means

NAMES = ("Fatima", "Fatima el Amrani", "fatima_ea", "Anna", "Anna de Vries", "anna")


@pytest.mark.parametrize(
    ("text", "owner", "deadline", "what"),
    [
        ("Fatima morgen", Owner("name", "Fatima"), date(2026, 11, 25), ""),
        (
            "fatima morgen gastles plannen",
            Owner("name", "fatima"),
            date(2026, 11, 25),
            "gastles plannen",
        ),
        ("Anna de Vries vrijdag: x", Owner("name", "Anna de Vries"), date(2026, 11, 27), "x"),
        # A leftover date at the end is the deadline, a dangling "voor" goes with it.
        (
            "Fatima gastles plannen voor vrijdag over twee weken",
            Owner("name", "Fatima"),
            date(2026, 12, 11),
            "gastles plannen",
        ),
        (
            "ik stagebedrijven bellen morgen",
            Owner("self"),
            date(2026, 11, 25),
            "stagebedrijven bellen",
        ),
        # A name nobody in the group has, with only a date: still read as the owner.
        ("Piet morgen", Owner("name", "Piet"), date(2026, 11, 25), ""),
        # A word that starts like a name is no name.
        ("Annabel morgen", Owner("name", "Annabel"), date(2026, 11, 25), ""),
        ("Fatimas les morgen", None, date(2026, 11, 25), "Fatimas les"),
        # No date anywhere: nothing is guessed.
        ("Fatima gastles plannen", Owner("name", "Fatima"), None, "gastles plannen"),
        ("gastles plannen voor leerjaar 2", None, None, "gastles plannen voor leerjaar 2"),
    ],
)
def test_a_member_named_without_at_and_a_date_anywhere(text, owner, deadline, what) -> None:
    line = parse_action_line(text, today=TODAY, names=NAMES)
    assert (line.owner, line.deadline, line.what) == (owner, deadline, what)
