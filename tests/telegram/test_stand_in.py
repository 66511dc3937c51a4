"""Tests of the fake Telegram server itself, driven through the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import sys

import httpx
import pytest
import telegram
from PIL import Image
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import ApplicationBuilder, CommandHandler
from telegram.request import HTTPXRequest

from bot.telegram.delivery import _inline_markup
from telegram_stand_in import FakeTelegram, parse_html
from telegram_stand_in.html_check import HtmlParseError
from telegram_stand_in.params import METHODS
from tests.clock import FakeClock

NOW = dtm.datetime(2025, 3, 14, 9, 30, tzinfo=dtm.UTC)


@pytest.fixture
async def fake():
    async with FakeTelegram(clock=lambda: NOW) as server:
        yield server


@pytest.fixture(params=["http", "in-process"])
async def bot(request, fake):
    """A bot on either line to the stand-in: HTTP, or the in-process line the end-to-end
    tests use (FakeTelegram.transport). Every test with it holds for both."""
    lines = {}
    if request.param == "in-process":
        line = {"transport": fake.transport()}
        lines = {
            "request": HTTPXRequest(httpx_kwargs=line),
            "get_updates_request": HTTPXRequest(httpx_kwargs=line),
        }
    async with telegram.Bot(fake.token, base_url=fake.base_url, **lines) as client:
        yield client


@pytest.fixture
def poll_clock():
    return FakeClock(NOW)


@pytest.fixture
async def polled(poll_clock):
    """A stand-in whose long polls expire on a clock the test moves, and a bot polling it."""
    async with (
        FakeTelegram(clock=poll_clock.now, poll_clock=lambda: poll_clock.now().timestamp()) as fake,
        telegram.Bot(fake.token, base_url=fake.base_url) as client,
    ):
        yield fake, client


async def fetch(bot: telegram.Bot) -> list[telegram.Update]:
    """Fetch pending updates and acknowledge them."""
    updates = await bot.get_updates(timeout=0)
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return list(updates)


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in buttons]])


# ---------------------------------------------------------------------------------------------
# Basics
# ---------------------------------------------------------------------------------------------


async def test_get_me_and_send_message_round_trip(fake, bot):
    anna = fake.add_user("Anna", username="anna", last_name="de Vries")
    group = fake.add_group("Team Zorg", members=[anna])
    assert anna.id > 2**32 and group.id < -(10**12)

    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (7_000_000_001, "aandeslag_bot", True)

    sent = await bot.send_message(
        group.id,
        "<b>Welkom</b> &amp; succes",
        parse_mode="HTML",
        reply_markup=keyboard(("Doe mee", "join")),
    )
    assert sent.text == "Welkom & succes"
    assert sent.entities[0].type == "bold" and sent.entities[0].length == 6
    assert sent.from_user.id == fake.bot.id
    assert (
        sent.chat.id == group.id
        and sent.chat.type == "supergroup"
        and sent.chat.title == "Team Zorg"
    )
    assert sent.date == NOW
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "join"

    stored = group.bot_messages()[0]
    assert stored.message_id == sent.message_id
    assert stored.html == "<b>Welkom</b> &amp; succes"
    assert stored.text == "Welkom & succes"
    assert stored.buttons == [[("Doe mee", "join")]]
    assert fake.requests[-1][0] == "sendMessage"
    assert fake.calls("sendMessage")[0]["chat_id"] == group.id


async def test_raw_http_json_shapes(fake):
    """Form, JSON and query-string bodies; exact error JSON like Telegram's."""
    group = fake.add_group("G", members=[fake.add_user("A")])
    url = f"{fake.base_url}{fake.token}"
    async with httpx.AsyncClient() as client:
        ok = (
            await client.post(f"{url}/sendMessage", json={"chat_id": group.id, "text": "123"})
        ).json()
        assert ok["ok"] is True and ok["result"]["text"] == "123"
        form = await client.post(
            f"{url}/sendMessage",
            data={"chat_id": str(group.id), "text": "a < b", "parse_mode": "HTML"},
        )
        assert form.status_code == 400
        assert form.json() == {
            "ok": False,
            "error_code": 400,
            "description": 'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
        }
        fake.fail_next("getMe", retry_after=3)
        limited = (await client.get(f"{url}/getMe")).json()
        assert limited == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        }
        assert (await client.post(f"{url}/fooBar")).json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found",
        }
        unauthorized = await client.post(f"{fake.base_url}1:bad/getMe")
        assert (
            unauthorized.status_code == 401 and unauthorized.json()["description"] == "Unauthorized"
        )


async def test_invalid_token_and_unknown_method(fake):
    with pytest.raises(InvalidToken):
        async with telegram.Bot("999:WRONG", base_url=fake.base_url) as wrong:
            await wrong.get_me()
    async with telegram.Bot(fake.token, base_url=fake.base_url) as client:
        with pytest.raises(telegram.error.EndPointNotFound):
            await client.do_api_request("noSuchMethod")


async def test_commands_and_webhook(fake, bot):
    group = fake.add_group("G", members=[fake.add_user("A")])
    await bot.set_my_commands([BotCommand("sessie", "Start een sessie")])
    await bot.set_my_commands(
        [BotCommand("stop", "Stop")], scope=BotCommandScopeChat(group.id), language_code="nl"
    )
    assert [c.command for c in await bot.get_my_commands()] == ["sessie"]
    scoped = await bot.get_my_commands(scope=BotCommandScopeChat(group.id), language_code="nl")
    assert [c.command for c in scoped] == ["stop"]
    assert fake.commands()[0]["command"] == "sessie"
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    with pytest.raises(BadRequest, match="(?i)bot_command_description_invalid"):
        await bot.set_my_commands([BotCommand("ok", "x" * 257)])

    await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    assert fake.webhook["secret_token"] == "s3cret"
    with pytest.raises(telegram.error.Conflict):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


async def test_send_errors(fake, bot):
    anna = fake.add_user("Anna", username="anna")
    piet = fake.add_user("Piet")
    group = fake.add_group("Team Zorg", members=[anna, piet])

    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(group.id, "  <b> </b> ", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-1009999999999, "hoi")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(piet.id, "hoi")
    await piet.start_private()
    assert (await bot.send_message(piet.id, "hoi")).chat.type == "private"
    piet.block_bot()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(piet.id, "hoi")
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(group.id, "x", reply_parameters=ReplyParameters(message_id=999))
    ok = await bot.send_message(
        group.id, "x", reply_parameters=ReplyParameters(999, allow_sending_without_reply=True)
    )
    assert ok.reply_to_message is None
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(group.id, "x", reply_markup=keyboard(("Te lang", "x" * 65)))
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(group.id, "x", message_thread_id=12345)


async def test_shapes_telegram_refuses(fake):
    """What Telegram does not take is refused with its 400, before anything changes: an
    empty reply_markup, a parameter the method does not have, a value of the wrong type."""
    group = fake.add_group("G", members=[fake.add_user("A")])
    url = f"{fake.base_url}{fake.token}"
    buttons = {"inline_keyboard": [[{"text": "Ja", "callback_data": "y"}]]}
    async with httpx.AsyncClient() as client:

        async def call(method: str, **params: object) -> dict:
            return (await client.post(f"{url}/{method}", json=params)).json()

        sent = await call("sendMessage", chat_id=group.id, text="Vraag", reply_markup=buttons)
        message_id = sent["result"]["message_id"]
        refused = {
            ("editMessageText", "can't parse reply keyboard markup JSON object"): {
                "chat_id": group.id,
                "message_id": message_id,
                "text": "Klaar",
                "reply_markup": {},
            },
            ("sendMessage", 'unknown parameter "disable_preview" for method sendMessage'): {
                "chat_id": group.id,
                "text": "x",
                "disable_preview": True,
            },
            ("sendMessage", 'parameter "message_thread_id" must be of type Integer'): {
                "chat_id": group.id,
                "text": "x",
                "message_thread_id": "een",
            },
            ("sendMessage", "can't parse link preview options JSON object"): {
                "chat_id": group.id,
                "text": "x",
                "link_preview_options": [True],
            },
            ("answerCallbackQuery", 'parameter "show_alert" must be of type Boolean'): {
                "callback_query_id": "1",
                "show_alert": "graag",
            },
            ("getUpdates", 'unknown parameter "timeout_seconds" for method getUpdates'): {
                "timeout_seconds": 1
            },
        }
        for (method, description), params in refused.items():
            answer = await call(method, **params)
            assert answer == {
                "ok": False,
                "error_code": 400,
                "description": f"Bad Request: {description}",
            }, method
        assert group.bot_messages()[0].text == "Vraag"
        assert group.bot_messages()[0].buttons == [[("Ja", "y")]]

        # Buttons go away with an empty inline_keyboard.
        removed = await call(
            "editMessageText",
            chat_id=group.id,
            message_id=message_id,
            text="Klaar",
            reply_markup={"inline_keyboard": []},
        )
        assert removed["ok"] and "reply_markup" not in removed["result"]
        assert group.bot_messages()[0].buttons == []


def test_every_method_of_the_fake_knows_its_parameters(fake):
    known = {name.lower() for name in METHODS}
    assert set(fake._api._handlers) <= known


async def test_the_bot_removes_buttons_the_way_telegram_takes(fake, bot):
    """The outbox's edit without buttons reaches Telegram as an empty inline_keyboard."""
    group = fake.add_group("G", members=[fake.add_user("A")])
    sent = await bot.send_message(group.id, "Voorstel", reply_markup=keyboard(("➕", "oi:1:x")))
    await bot.edit_message_text(
        "Staat op het bord",
        group.id,
        sent.message_id,
        reply_markup=_inline_markup({"inline_keyboard": []}, bot),
    )
    assert fake.calls("editMessageText")[-1]["reply_markup"] == {"inline_keyboard": []}
    assert group.bot_messages()[0].buttons == []


async def test_edit_pin_callback_errors(fake, bot):
    anna = fake.add_user("Anna")
    group = fake.add_group("G", members=[anna])
    sent = await bot.send_message(group.id, "Vraag", reply_markup=keyboard(("Ja", "y")))

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "Vraag", group.id, sent.message_id, reply_markup=keyboard(("Ja", "y"))
        )
    # Same text without markup removes the keyboard, so that is a modification.
    edited = await bot.edit_message_text("Vraag", group.id, sent.message_id)
    assert edited.reply_markup is None and group.bot_messages()[0].buttons == []
    assert group.bot_messages()[0].edited
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", group.id, 4242)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(group.id, sent.message_id)
    await bot.edit_message_reply_markup(
        group.id, sent.message_id, reply_markup=keyboard(("Nee", "n"))
    )
    assert group.bot_messages()[0].buttons == [[("Nee", "n")]]

    with pytest.raises(BadRequest, match="Not enough rights to manage pinned messages"):
        await bot.pin_chat_message(group.id, sent.message_id)
    admin_group = fake.add_group("A", members=[anna], bot_is_admin=True)
    pinned = await bot.send_message(admin_group.id, "Agenda")
    await bot.pin_chat_message(admin_group.id, pinned.message_id)
    assert admin_group.pinned == [pinned.message_id]
    await bot.unpin_chat_message(admin_group.id)
    assert admin_group.pinned == []

    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")
    cb = await anna.press(group.bot_messages()[0], data="n")
    assert cb.answer_text is None
    (update,) = await fetch(bot)
    await update.callback_query.answer("Genoteerd", show_alert=True)
    assert (cb.answer_text, cb.show_alert) == ("Genoteerd", True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await update.callback_query.answer("twice")

    assert await bot.delete_message(group.id, sent.message_id)
    assert group.bot_messages() == [] and group.messages[0].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(group.id, sent.message_id)


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_faults(fake, bot):
    group = fake.add_group("G", members=[fake.add_user("A")])
    other = fake.add_group("H", members=[fake.add_user("B")])

    fake.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(group.id, "x")
    assert info.value.retry_after in (7, dtm.timedelta(seconds=7))

    fake.fail_next("sendMessage", error_code=502, chat_id=other.id)
    await bot.send_message(group.id, "not affected")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(other.id, "x")

    fake.fail_next("sendMessage", migrate_to_chat_id=-1001234567890)
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(group.id, "x")
    assert migrated.value.new_chat_id == -1001234567890

    fake.drop_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(group.id, "x")
    assert (await bot.send_message(group.id, "works again")).text == "works again"
    assert [p["text"] for p in fake.calls("sendMessage")].count("x") == 4


async def test_migration_and_bot_membership(fake, bot):
    anna = fake.add_user("Anna")
    old = fake.add_group("Oud", members=[anna], supergroup=False)
    assert old.to_dict()["type"] == "group"
    new = await old.migrate_to_supergroup()
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(old.id, "hoi")
    assert info.value.new_chat_id == new.id
    updates = await fetch(bot)
    assert updates[0].message.migrate_to_chat_id == new.id
    assert updates[1].message.migrate_from_chat_id == old.id
    with pytest.raises(AssertionError):
        await anna.send(old, "te laat")

    await new.remove_bot(by=anna)
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(new.id, "hoi")
    await new.add_bot(by=anna)
    kinds = [
        (u.my_chat_member.new_chat_member.status if u.my_chat_member else "msg")
        for u in await fetch(bot)
    ]
    assert kinds == ["kicked", "msg", "member", "msg"]
    await bot.send_message(new.id, "terug")

    outsider = fake.add_user("Kees")
    with pytest.raises(AssertionError, match="not a member"):
        await outsider.send(new, "hallo")


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>vet</b> <strong>s</strong> <i>i</i><em>e</em><u>u</u><ins>n</ins>", "vet s ieun"),
        ("<s>a</s><strike>b</strike><del>c</del>", "abc"),
        ('<span class="tg-spoiler">geheim</span> <tg-spoiler>x</tg-spoiler>', "geheim x"),
        ('<a href="https://nuffic.nl/?a=1&amp;b=2">link</a>', "link"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote expandable>lang citaat</blockquote>", "lang citaat"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("1 &lt; 2 &gt; 0 &quot;q&quot; &#65;&#x42;", '1 < 2 > 0 "q" AB'),
        ("<b>a <i>b</i></b>", "a b"),
    ],
)
def test_html_valid(html, plain):
    assert parse_html(html)[0] == plain


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("a<br>b", 'Unsupported start tag "br"'),
        ("<foo>x</foo>", 'Unsupported start tag "foo"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag"),
        ("1 < 2", 'Unsupported start tag ""'),
        ("Tom & Jerry", "Unsupported HTML entity"),
        ("&nbsp;", "Unsupported HTML entity"),
        ('<span class="x">y</span>', 'must have class "tg-spoiler"'),
        ("<b", "Unclosed start tag"),
    ],
)
def test_html_invalid(html, error):
    with pytest.raises(HtmlParseError, match=error):
        parse_html(html)


async def test_html_errors_and_length_through_ptb(fake, bot):
    group = fake.add_group("G", members=[fake.add_user("A")])
    with pytest.raises(BadRequest, match='Can\'t parse entities: unsupported start tag "br"'):
        await bot.send_message(group.id, "a<br>b", parse_mode="HTML")
    ok = await bot.send_message(group.id, "<b>" + "é" * 4096 + "</b>", parse_mode="HTML")
    assert len(ok.text) == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(group.id, "<b>" + "x" * 4097 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):  # emoji count twice (UTF-16)
        await bot.send_message(group.id, "😀" * 2049)
    # Markdown is accepted without validation.
    await bot.send_message(group.id, "*vet*", parse_mode="MarkdownV2")


# ---------------------------------------------------------------------------------------------
# Updates
# ---------------------------------------------------------------------------------------------


async def test_privacy_mode_filtering(fake, bot):
    anna = fake.add_user("Anna", username="anna")
    piet = fake.add_user("Piet")
    group = fake.add_group("Team Zorg", members=[anna, piet], privacy=True)
    open_group = fake.add_group("Open", members=[anna], privacy=False)
    admin_group = fake.add_group("Admin", members=[anna], bot_is_admin=True)
    bot_msg = await bot.send_message(group.id, "Wat vind jij?")

    await anna.send(group, "gewoon gepraat")  # invisible
    await anna.send(group, "/sessie 3")  # visible
    await anna.send(group, "/sessie@aandeslag_bot 4")  # visible
    await anna.send(group, "/sessie@andere_bot 5")  # invisible
    await anna.send(group, "hoi /sessie")  # invisible: command not at the start
    reply = await piet.send(group, "Mijn antwoord", reply_to=group.bot_messages()[0])  # visible
    await piet.send(group, "antwoord op Anna", reply_to=reply)  # invisible
    await open_group.add_member(piet)  # service message: visible
    await anna.send(open_group, "alles zichtbaar")
    await anna.send(admin_group, "admin ziet alles")
    mine = await anna.send(group, "typo")
    await anna.edit(mine, "/sessie 6")  # edit is now a command: visible as edited_message
    await anna.start_private()
    await anna.send_private("privé bericht")

    updates = await fetch(bot)
    seen = [(u.effective_message.text, bool(u.edited_message)) for u in updates]
    assert seen == [
        ("/sessie 3", False),
        ("/sessie@aandeslag_bot 4", False),
        ("Mijn antwoord", False),
        (None, False),
        ("alles zichtbaar", False),
        ("admin ziet alles", False),
        ("/sessie 6", True),
        ("/start", False),
        ("privé bericht", False),
    ]
    first = updates[0].message
    assert first.entities[0].type == "bot_command" and first.entities[0].length == 7
    assert updates[2].message.reply_to_message.message_id == bot_msg.message_id
    assert updates[3].message.new_chat_members[0].id == piet.id
    assert updates[-1].message.chat.id == anna.id == anna.private_chat.id
    assert [u.update_id for u in updates] == sorted({u.update_id for u in updates})
    await fake.wait_idle(timeout=1)


async def test_entities_of_user_messages(fake, bot):
    anna = fake.add_user("Anna", username="anna")
    piet = fake.add_user("Piet")
    group = fake.add_group("G", members=[anna, piet], privacy=False)
    await anna.send(group, "/actie 😀 Piet morgen: vraag @anna", text_mentions={"Piet": piet})
    (update,) = await fetch(bot)
    message = update.message
    by_type = {e.type: e for e in message.entities}
    assert message.parse_entity(by_type["text_mention"]) == "Piet"
    assert by_type["text_mention"].offset == 10  # the emoji counts as two UTF-16 units
    assert by_type["text_mention"].user.id == piet.id
    assert message.parse_entity(by_type["mention"]) == "@anna"


async def test_forum_topics(fake, bot):
    anna = fake.add_user("Anna")
    forum = fake.add_group("Forum", members=[anna], forum=True, privacy=False)
    topic = forum.create_topic("Sessie")
    first = await anna.send(forum, "in het topic", thread_id=topic)
    updates = await fetch(bot)
    assert updates[0].message.forum_topic_created.name == "Sessie"
    msg = updates[1].message
    assert msg.message_thread_id == topic and msg.is_topic_message
    assert msg.reply_to_message.message_id == topic
    assert msg.reply_to_message.forum_topic_created is not None

    sent = await bot.send_message(forum.id, "antwoord", message_thread_id=topic)
    assert sent.message_thread_id == topic and sent.reply_to_message.message_id == topic
    reply = await bot.send_message(
        forum.id, "direct", reply_parameters=ReplyParameters(first.message_id)
    )
    assert (
        reply.message_thread_id == topic and reply.reply_to_message.message_id == first.message_id
    )
    await anna.send(forum, "reply", reply_to=forum.bot_messages()[0])
    (update,) = await fetch(bot)
    assert update.message.reply_to_message.message_id == sent.message_id
    assert update.message.message_thread_id == topic

    general = await bot.send_message(forum.id, "algemeen")
    assert general.message_thread_id is None and general.reply_to_message is None
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(forum.id, "x", message_thread_id=9999)


async def test_send_document(fake, bot):
    anna = fake.add_user("Anna")
    group = fake.add_group("G", members=[anna])
    data = b"naam;actie\nAnna;bellen\n"
    sent = await bot.send_document(
        group.id, data, filename="acties.csv", caption="<b>Acties</b>", parse_mode="HTML"
    )
    assert sent.document.file_name == "acties.csv" and sent.caption == "Acties"
    assert group.bot_messages()[-1].document == ("acties.csv", data, "Acties")
    again = await bot.send_document(group.id, sent.document.file_id)
    assert again.document.file_id == sent.document.file_id
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(group.id, data, filename="a.csv", caption="x" * 1025)


def png_of(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


async def test_send_photo_like_telegram(fake, bot):
    anna = fake.add_user("Anna")
    group = fake.add_group("G", members=[anna])
    data = png_of(2315, 1637)
    sent = await bot.send_photo(group.id, data, caption="<b>Poster</b>", parse_mode="HTML")
    # Telegram keeps a few sizes, the largest at most 2560 pixels on its long side.
    sizes = [(p.width, p.height) for p in sent.photo]
    assert sizes[0] == (90, 64) and sizes[-1] == (2315, 1637)
    assert sent.caption == "Poster" and sent.document is None
    assert group.bot_messages()[-1].photo == data
    again = await bot.send_photo(group.id, sent.photo[-1].file_id)
    assert again.photo[-1].width == 2315
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(group.id, b"not an image")
    with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
        await bot.send_photo(group.id, png_of(2100, 100))
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(group.id, data, caption="x" * 1025)


async def test_poll_votes_reach_the_bot_and_a_closed_poll_takes_none(fake, bot):
    anna = fake.add_user("Anna")
    bram = fake.add_user("Bram")
    group = fake.add_group("G", members=[anna, bram])
    sent = await bot.send_poll(
        group.id, "Wanneer het teamoverleg?", ["Maandag", "Dinsdag"], is_anonymous=False
    )
    shown = group.bot_messages()[-1]
    await anna.vote(shown, [1])
    await bram.vote(shown, [1])
    await bram.vote(shown, [0])
    updates = await fetch(bot)
    answers = [u.poll_answer for u in updates if u.poll_answer]
    assert [(a.user.first_name, a.option_ids) for a in answers] == [
        ("Anna", (1,)),
        ("Bram", (1,)),
        ("Bram", (0,)),
    ]
    polls = [u.poll for u in updates if u.poll]
    assert [o.voter_count for o in polls[-1].options] == [1, 1]
    assert [o["voter_count"] for o in shown.poll["options"]] == [1, 1]
    stopped = await bot.stop_poll(group.id, sent.message_id)
    assert stopped.is_closed and stopped.total_voter_count == 2
    with pytest.raises(AssertionError, match="closed"):
        await anna.vote(shown, [0])


# The poll clock stands still in these tests, so a poll can only end the way the test says;
# the guard of 10 real seconds is far below the poll's 60 and only turns a hang into a failure.
async def test_a_waiting_long_poll_returns_as_soon_as_an_update_arrives(polled):
    fake, bot = polled
    anna = fake.add_user("Anna")
    group = fake.add_group("G", members=[anna], privacy=False)
    poll = asyncio.create_task(bot.get_updates(timeout=60))
    await fake.wait_until(lambda: fake.polls_waiting == 1)
    await anna.send(group, "hallo")
    updates = await asyncio.wait_for(poll, 10)
    assert [u.message.text for u in updates] == ["hallo"]


async def test_an_empty_long_poll_waits_out_its_timeout(polled, poll_clock):
    fake, bot = polled
    poll = asyncio.create_task(bot.get_updates(timeout=60))
    await fake.wait_until(lambda: fake.polls_waiting == 1)
    assert not poll.done()
    poll_clock.advance(seconds=60)
    assert await asyncio.wait_for(poll, 10) == ()
    assert fake.polls_waiting == 0


async def test_second_poller_terminates_the_first(fake, bot):
    first = asyncio.create_task(bot.get_updates(timeout=3))
    await fake.wait_until(lambda: fake.polls_waiting == 1)
    async with telegram.Bot(fake.token, base_url=fake.base_url) as second:
        assert await second.get_updates(timeout=0) == ()
    with pytest.raises(telegram.error.Conflict, match="terminated by other getUpdates"):
        await first


async def test_raw_update_duplicate_is_redelivered(fake, bot):
    anna = fake.add_user("Anna")
    group = fake.add_group("G", members=[anna], privacy=False)
    await anna.send(group, "eenmalig")
    (first,) = await fetch(bot)
    await fake.send_raw_update(first.to_dict())
    (again,) = await fetch(bot)
    assert again.update_id == first.update_id and again.message.text == "eenmalig"


async def test_application_polling_end_to_end(fake):
    anna = fake.add_user("Anna", username="anna")
    group = fake.add_group("Team Zorg", members=[anna])

    async def sessie(update, context):
        await update.effective_message.reply_text(f"Sessie {context.args[0]} gestart")

    app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    app.add_handler(CommandHandler("sessie", sessie))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))
        await anna.send(group, "/sessie 3")
        await fake.wait_until(lambda: group.bot_messages(), timeout=3)
        await fake.wait_idle(timeout=3)
        reply = group.bot_messages()[0]
        assert reply.text == "Sessie 3 gestart"
        assert reply.reply_to is group.messages[0]  # PTB quotes by default in groups
        await app.updater.stop()
        await app.stop()
    assert fake.pending_updates == []


BOT_SCRIPT = """
import sys
from telegram.ext import ApplicationBuilder, CommandHandler

async def sessie(update, context):
    await update.effective_message.reply_text("gestart", do_quote=False)

app = ApplicationBuilder().token(sys.argv[1]).base_url(sys.argv[2]).build()
app.add_handler(CommandHandler("sessie", sessie))
app.run_polling(poll_interval=0, timeout=1)
"""


async def test_bot_in_subprocess_talks_http(fake):
    anna = fake.add_user("Anna")
    group = fake.add_group("G", members=[anna])
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", BOT_SCRIPT, fake.token, fake.base_url
    )
    try:
        await anna.send(group, "/sessie")
        await fake.wait_until(lambda: group.bot_messages()[0].text == "gestart", timeout=8)
        await fake.wait_idle()
    finally:
        proc.terminate()
        await proc.wait()
    assert [m for m, _ in fake.requests][:2] == ["getMe", "deleteWebhook"]


async def test_wait_until_timeout_message(fake):
    with pytest.raises(AssertionError, match="wait_until timed out") as info:
        await fake.wait_until(lambda: fake.requests[0], timeout=0.05)
    assert "IndexError" in str(info.value) and "fake.requests[0]" in str(info.value)
