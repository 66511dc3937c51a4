"""The action plan as CSV that Dutch Excel opens as it should: UTF-8 with a BOM (else it
guesses an old code page), `;` between cells (Dutch Excel reads `,` as the decimal comma),
dates as dd-mm-jjjj."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.services.documents.clean import printable

HEADER = ("Nummer", "Actie", "Trekker", "Deadline", "Leerjaar", "Nodig", "Toelichting", "Status")
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ActionRow:
    number: int
    what: str
    owner: str
    deadline: date
    leerjaar: str
    needs: str
    note: str
    status: str


def safe_cell(value: str) -> str:
    """Member text never becomes a formula: a leading apostrophe makes it plain text."""
    value = printable(value)
    return f"'{value}" if value.startswith(FORMULA_START) else value


def dutch_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def actions_csv(rows: Sequence[ActionRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(
            (
                row.number,
                safe_cell(row.what),
                safe_cell(row.owner),
                dutch_date(row.deadline),
                safe_cell(row.leerjaar),
                safe_cell(row.needs),
                safe_cell(row.note),
                row.status,
            )
        )
    return buffer.getvalue().encode("utf-8-sig")
