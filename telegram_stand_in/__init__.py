"""A stand-in for Telegram's Bot API: the end-to-end tests and the rehearsal room run the
real bot against it over HTTP, exactly as against Telegram (or, in the same process, over
`FakeTelegram.transport()` or `FakeTelegram.answer_form`). What it promises, and what it
leaves out: README.md beside this file.

Usage::

    async with FakeTelegram() as fake:
        anna = fake.add_user("Anna", username="anna")
        group = fake.add_group("Team Zorg", members=[anna])
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
        ...
        await anna.send(group, "/sessie 3")
        await fake.wait_idle()
"""

from .html_check import HtmlParseError, html_to_text, parse_html
from .model import ApiError, FakeCallback, FakeChat, FakeMessage, FakeUser, Upload
from .server import Dropped, FakeTelegram

__all__ = [
    "ApiError",
    "Dropped",
    "FakeCallback",
    "FakeChat",
    "FakeMessage",
    "FakeTelegram",
    "FakeUser",
    "HtmlParseError",
    "Upload",
    "html_to_text",
    "parse_html",
]
