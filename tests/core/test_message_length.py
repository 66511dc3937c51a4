"""The summary is packed into messages as Telegram counts them: UTF-16 code units, so an
emoji counts twice and a line full of them is still split below 4,096."""

from __future__ import annotations

import html

from bot.core.documents.summary import pack, visible_length
from bot.core.message_length import MAX_MESSAGE


def test_an_emoji_heavy_line_is_split_below_telegrams_limit_and_kept_whole():
    line = "🎉 <b>feest</b> " + "🌍" * 5000 + " &amp; klaar"
    messages = pack(["<b>Stap 1</b>", line])
    assert all(visible_length(message) <= MAX_MESSAGE for message in messages)
    shown = "".join(html.unescape(message) for message in messages)
    assert shown.count("🌍") == 5000 and shown.endswith("& klaar")


def test_a_line_that_fits_by_characters_but_not_by_utf16_units_is_split():
    line = "😀" * 3000  # 3,000 characters, 6,000 units
    messages = pack([line])
    assert len(messages) == 2
    assert "".join(messages) == line
