"""What the page shows, as JSON: chats, messages, colleagues, the clock.

Messages go to the page as plain text plus Telegram's entities (what a Telegram app gets),
never as the bot's HTML: the page builds every element itself, so member text cannot turn
into markup on the way.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, quote, urlsplit

from rehearsal.room import World
from telegram_stand_in import FakeChat, FakeMessage, FakeUser

DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
PREVIEW = 90


def local_label(moment: datetime, tz, *, seconds: bool = False) -> str:
    """'di 24 nov 2026 14:03', without relying on the machine's locale."""
    local = moment.astimezone(tz)
    time_of_day = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return (
        f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year} {time_of_day}"
    )


def person(user: FakeUser) -> dict:
    return {"id": user.id, "name": user.full_name, "bot": user.is_bot}


def file_url(file_id: str, filename: str) -> str:
    return f"/bestand/{quote(file_id)}/{quote(filename or 'bestand')}"


def preview(message: FakeMessage) -> str:
    if message.deleted:
        return "Verwijderd bericht"
    if message.photo is not None:
        return "🖼 Foto" + (f": {message.caption}" if message.caption else "")
    if message.document is not None:
        return f"📄 {message.document[0]}"
    if message.poll is not None:
        return f"📊 {message.poll['question']}"
    text = " ".join((message.text or "").split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def service_text(message: FakeMessage, bot: FakeUser) -> str:
    who = message.from_user.full_name
    service = message.service
    if "pinned_message" in service:
        return f"{who} heeft een bericht vastgezet: “{preview(service['pinned_message'])}”"
    if "new_chat_members" in service:
        names = ", ".join(u.full_name for u in service["new_chat_members"])
        return f"{names} is aan de groep toegevoegd"
    if "left_chat_member" in service:
        return f"{service['left_chat_member'].full_name} heeft de groep verlaten"
    return "Groepsmelding"


TELEGRAM_HOSTS = ("t.me", "www.t.me", "telegram.me", "www.telegram.me")


def room_link(url: str, bot_username: str) -> dict | None:
    """A Telegram link the room follows itself instead of leaving for Telegram: the bot's
    chat (with its /start payload, as a deep link does) or the group; any other t.me link
    goes nowhere. None: not a Telegram link."""
    parts = urlsplit(url if ":" in url else f"https://{url}")
    if parts.scheme == "tg":
        return {}
    if parts.scheme not in ("http", "https") or parts.hostname not in TELEGRAM_HOSTS:
        return None
    path = parts.path.strip("/")
    if path.lower() == bot_username.lower():
        start = parse_qs(parts.query).get("start", [""])[0]
        return {"chat": "private", "start": start} if start else {"chat": "private"}
    if path.startswith(("c/", "+", "joinchat/")):
        return {"chat": "group"}
    return {}


def entities(message: FakeMessage, bot_username: str) -> list[dict]:
    """Telegram's entities, with links to Telegram turned into the room's own."""
    shown = []
    for entity in message.entities or []:
        url = entity.get("url")
        if entity.get("type") == "url":
            utf16 = (message.text or "").encode("utf-16-le")
            start, end = entity["offset"] * 2, (entity["offset"] + entity["length"]) * 2
            url = utf16[start:end].decode("utf-16-le")
        link = room_link(url, bot_username) if url else None
        if link is None:
            shown.append(entity)
        else:
            where = {"offset": entity["offset"], "length": entity["length"]}
            shown.append({"type": "room_link", **where, "room": link})
    return shown


def buttons(message: FakeMessage, bot_username: str) -> list[list[dict]]:
    rows = []
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        shown = []
        for button in row:
            link = room_link(str(button.get("url", "")), bot_username)
            if "callback_data" in button:
                shown.append({"text": button["text"], "data": button["callback_data"]})
            elif link is not None:
                shown.append({"text": button["text"], "room": link})
            elif str(button.get("url", "")).startswith(("https://", "http://")):
                shown.append({"text": button["text"], "url": button["url"]})
            else:
                shown.append({"text": button["text"]})
        rows.append(shown)
    return rows


def message_view(message: FakeMessage, world: World, viewer: FakeUser, tz) -> dict:
    chat = message.chat
    view: dict = {
        "id": message.message_id,
        "from": person(message.from_user),
        "time": local_label(datetime.fromtimestamp(message.date, tz), tz),
        "edited": message.edited,
        "example": (chat.id, message.message_id) in world.examples,
    }
    if message.is_service:
        view["service"] = service_text(message, world.fake.bot)
        return view
    view["text"] = message.text or ""
    username = world.fake.bot.username or ""
    view["entities"] = entities(message, username)
    if message.reply_to is not None:
        view["reply_to"] = {
            "id": message.reply_to.message_id,
            "from": message.reply_to.from_user.full_name,
            "preview": preview(message.reply_to),
        }
    view["buttons"] = buttons(message, username)
    markup = message.reply_markup or {}
    if markup.get("force_reply"):
        # Telegram opens the reply box by itself for whom the question is meant.
        target = message.reply_to.from_user if message.reply_to else None
        view["force_reply"] = not markup.get("selective") or target in (None, viewer)
    if message.bot_reactions:
        view["reactions"] = list(message.bot_reactions)
    upload = message.upload
    if upload is not None:
        entry = {
            "url": file_url(upload.file_id, upload.filename),
            "name": upload.filename,
            "size": len(upload.content),
        }
        if upload.photo_size is not None:
            width, height = upload.photo_size
            view["photo"] = {**entry, "width": width, "height": height}
        else:
            view["document"] = entry
    if message.poll is not None:
        poll = message.poll
        view["poll"] = {
            "question": poll["question"],
            "options": [
                {"text": option["text"], "votes": option["voter_count"]}
                for option in poll["options"]
            ],
            "total": poll["total_voter_count"],
            "closed": poll["is_closed"],
            "anonymous": poll["is_anonymous"],
            "multiple": poll["allows_multiple_answers"],
            "mine": message.poll_votes.get(viewer.id, []),
        }
    return view


def chat_view(chat: FakeChat, world: World, viewer: FakeUser, tz) -> dict:
    shown = [m for m in chat.messages if not m.deleted]
    pinned = chat.pinned_messages
    return {
        "id": chat.id,
        "type": chat.type,
        "title": chat.title if chat.type != "private" else world.fake.bot.full_name,
        "messages": [message_view(m, world, viewer, tz) for m in shown],
        "pinned": (
            {"id": pinned[-1].message_id, "preview": preview(pinned[-1])} if pinned else None
        ),
    }


def _latest(chat: FakeChat | None) -> int:
    messages = [m.message_id for m in (chat.messages if chat else []) if not m.deleted]
    return max(messages, default=0)


def state(
    world: World,
    *,
    viewer_id: int | None,
    where: str,
    tz,
    next_moment: datetime | None,
    version: int,
    autoplay: bool,
) -> dict:
    viewer = world.fake.users.get(viewer_id) if viewer_id else None
    if viewer not in world.colleagues:
        viewer = world.chair
    chat = world.chat_of(viewer, "private" if where == "private" else "group")
    scope = "all_private_chats" if chat.type == "private" else "all_group_chats"
    now = world.clock.now()
    return {
        "version": version,
        "clock": {
            "now": now.isoformat(),
            "label": local_label(now, tz),
            "speed": world.clock.speed,
            "next": next_moment.isoformat() if next_moment else None,
            "next_label": local_label(next_moment, tz, seconds=True) if next_moment else None,
        },
        "autoplay": autoplay,
        "me": viewer.id,
        "colleagues": [
            {
                **person(user),
                "chair": user is world.chair,
                "started": user.started,
            }
            for user in world.colleagues
        ],
        "bot": {"name": world.fake.bot.full_name, "username": world.fake.bot.username},
        "where": "private" if chat.type == "private" else "group",
        "timezone": str(tz),
        # The newest message id per chat, so the page can mark a chat with something new.
        "latest": {
            "group": _latest(world.group),
            "private": _latest(viewer.private_chat) if viewer.started else 0,
        },
        "group_title": world.group.title if world.group else "",
        "chat": chat_view(chat, world, viewer, tz),
        "commands": world.fake.commands({"type": scope}),
    }
