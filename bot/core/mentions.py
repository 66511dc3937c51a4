"""Which people a message names: the links /vergeetmij follows (storage outbox_mention).

A name counts as a whole word or words, never inside another word, so a member called "E"
is not named by every "e"; a mention link names its member whatever it shows. Only the
people of the message's own chat are asked about (bot.services.common), so a name never
links a message to someone in another group.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

MENTION_LINK = re.compile(r"tg://user\?id=(\d+)")


def named_people(people: Mapping[int, Iterable[str]], texts: Iterable[str]) -> set[int]:
    """The ids in `people` (id -> the names they go by) that one of `texts` names, and
    anyone a mention link names. Texts may be Telegram HTML or JSON: entities are read as
    the characters they stand for."""
    found: set[int] = set()
    by_name: dict[str, set[int]] = {}
    for user_id, names in people.items():
        for name in names:
            if name.strip():
                by_name.setdefault(name.strip(), set()).add(user_id)
    for text in texts:
        if not text:
            continue
        found |= {int(i) for i in MENTION_LINK.findall(text)}
        plain = html.unescape(text)
        # Only names that occur at all (a fast scan), longest first: "Anna de Vries" is one
        # person, not also an "Anna".
        present = sorted((n for n in by_name if n in plain), key=len, reverse=True)
        if present:
            alternatives = "|".join(re.escape(name) for name in present)
            for match in re.finditer(rf"(?<!\w)({alternatives})(?!\w)", plain):
                found |= by_name[match.group(1)]
    return found
