"""The one rule for text that goes into a file: what XML (.docx), PDF and PNG (Typst),
CSV and iCalendar cannot hold is left out, so one pasted character never costs the team
its export.

Left out: control characters other than tab and newline (a carriage return becomes a
newline), lone surrogates, and Unicode's non-characters (U+FDD0..U+FDEF and the last two
code points of every plane, such as U+FFFE and U+FFFF).
"""

from __future__ import annotations

import re

_NON_CHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_UNFIT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NON_CHARACTERS + "]"
)


def printable(text: str) -> str:
    """Member text as every document format can hold it."""
    return _UNFIT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def printable_data(value: object) -> object:
    """The same for every string in JSON-like data (dicts, lists, tuples)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_data(key): printable_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable_data(item) for item in value]
    return value
