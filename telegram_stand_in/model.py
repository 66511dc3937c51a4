"""Users, chats, messages and callbacks of the fake Telegram world, plus their JSON shapes.

The objects here are what tests touch directly (``anna.send(...)``, ``group.messages``).
Everything a user does is turned into updates for the bot through the owning
:class:`~telegram_stand_in.server.FakeTelegram`, respecting Telegram's privacy-mode rules.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .html_check import utf16_len

if TYPE_CHECKING:
    from .server import FakeTelegram

# Statuses in which the bot is inside a chat and may read/write.
BOT_PRESENT = ("member", "administrator")

_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,32}")
_URL_RE = re.compile(r"(?<!\S)https?://[^\s<>\"]+")


class ApiError(Exception):
    """A Bot API error; turned into ``{"ok": false, ...}`` with HTTP status ``error_code``."""

    def __init__(self, error_code: int, description: str, parameters: dict | None = None):
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


def bad_request(text: str, parameters: dict | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {text}", parameters)


class MalformedCall(ApiError):
    """A call whose shape Telegram does not take (an unknown parameter, a value of the wrong
    type, empty markup): a bug in the bot rather than a situation, so the fake keeps a list."""

    def __init__(self, text: str) -> None:
        super().__init__(400, f"Bad Request: {text}")


def image_size(content: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG, read from its header; None for anything else."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(content):
            if content[index] != 0xFF:
                return None
            marker = content[index + 1]
            length = int.from_bytes(content[index + 2 : index + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height = int.from_bytes(content[index + 5 : index + 7], "big")
                width = int.from_bytes(content[index + 7 : index + 9], "big")
                return width, height
            index += 2 + length
    return None


def forbidden(text: str) -> ApiError:
    return ApiError(403, f"Forbidden: {text}")


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded (multipart) or referenced by file_id."""

    filename: str
    content: bytes
    mime_type: str | None = None
    file_id: str = ""
    file_unique_id: str = ""
    # Sent with sendPhoto: (width, height) of the image as uploaded.
    photo_size: tuple[int, int] | None = None


# Telegram keeps a photo in a few sizes; its largest side is at most 2560 pixels.
PHOTO_SIDES = (90, 320, 800, 1280, 2560)


def photo_sizes(upload: Upload) -> list[dict]:
    """The PhotoSize list Telegram returns: the image scaled down to each size it keeps."""
    assert upload.photo_size is not None
    width, height = upload.photo_size
    sizes = []
    for side in PHOTO_SIDES:
        scale = min(1.0, side / max(width, height))
        sizes.append(
            {
                "file_id": f"{upload.file_id}-{side}",
                "file_unique_id": f"{upload.file_unique_id}{side}",
                "width": round(width * scale),
                "height": round(height * scale),
                "file_size": len(upload.content),
            }
        )
        if scale == 1.0:
            break
    return sizes


def utf16_offset(text: str, index: int) -> int:
    return utf16_len(text[:index])


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------


class FakeUser:
    """A Telegram user (or the bot itself). Test helpers send messages as this user."""

    def __init__(
        self,
        fake: FakeTelegram,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        is_bot: bool = False,
        language_code: str | None = "nl",
    ) -> None:
        self._fake = fake
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.is_bot = is_bot
        self.language_code = None if is_bot else language_code
        self.started = False  # opened the private chat with the bot
        self.blocked = False  # blocked the bot
        self._private_chat: FakeChat | None = None

    def __repr__(self) -> str:
        return f"FakeUser({self.first_name!r}, id={self.id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_dict(self) -> dict:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    # -- private chat ---------------------------------------------------------------------------

    @property
    def private_chat(self) -> FakeChat:
        """The private chat between this user and the bot (id == user id)."""
        if self._private_chat is None:
            self._private_chat = self._fake._register_private_chat(self)
        return self._private_chat

    async def start_private(self, payload: str | None = None) -> FakeMessage:
        """Open the private chat with the bot and send ``/start`` (``/start payload``)."""
        if self.blocked:
            self.unblock_bot()
        self.started = True
        text = "/start" if payload is None else f"/start {payload}"
        return await self.send(self.private_chat, text)

    async def send_private(self, text: str, **kwargs: Any) -> FakeMessage:
        """Send a message in the private chat. Opens the chat (without /start) if needed."""
        if self.blocked:
            self.unblock_bot()
        self.started = True
        return await self.send(self.private_chat, text, **kwargs)

    def block_bot(self) -> None:
        """Block the bot: sends to this user fail with 403; the bot gets my_chat_member."""
        if self.blocked:
            return
        self.blocked = True
        if self.started:
            self._fake._queue_my_chat_member(self.private_chat, self, "member", "kicked")

    def unblock_bot(self) -> None:
        if not self.blocked:
            return
        self.blocked = False
        if self.started:
            self._fake._queue_my_chat_member(self.private_chat, self, "kicked", "member")

    # -- actions --------------------------------------------------------------------------------

    async def send(
        self,
        chat: FakeChat,
        text: str,
        *,
        reply_to: FakeMessage | None = None,
        thread_id: int | None = None,
        text_mentions: dict[str, FakeUser] | None = None,
        entities: list[dict] | None = None,
    ) -> FakeMessage:
        """Send a text message as this user. Queues an update if the bot may see it."""
        chat._assert_can_post(self)
        if reply_to is not None:
            assert reply_to.chat is chat, "reply_to must be a message of the same chat"
            assert not reply_to.deleted, "cannot reply to a deleted message"
        if thread_id is not None:
            assert chat.is_forum, f"{chat.title!r} is not a forum; thread_id is not allowed"
            assert thread_id in chat.topics, f"unknown topic {thread_id} in {chat.title!r}"
        if thread_id is None and reply_to is not None and chat.is_forum:
            thread_id = reply_to.thread_id
        if entities is None:
            entities = detect_entities(text, text_mentions or {})
        msg = chat._new_message(
            self,
            text=text,
            html=text,
            entities=entities,
            reply_to=reply_to,
            thread_id=thread_id,
        )
        self._fake._deliver_message(msg)
        return msg

    async def edit(
        self,
        msg: FakeMessage,
        text: str,
        *,
        text_mentions: dict[str, FakeUser] | None = None,
    ) -> FakeMessage:
        """Edit one of this user's messages; the bot gets edited_message if it may see it."""
        assert msg.from_user is self, f"{self!r} can only edit own messages"
        assert not msg.deleted, "cannot edit a deleted message"
        msg._versions.append(msg.html or "")
        msg.html = text
        msg._text = text
        msg.entities = detect_entities(text, text_mentions or {})
        msg.edited = True
        msg.edit_date = self._fake._now()
        self._fake._deliver_message(msg, edited=True)
        return msg

    async def press(
        self, msg: FakeMessage, text: str | None = None, *, data: str | None = None
    ) -> FakeCallback:
        """Press an inline button of ``msg`` (matched by text, or by callback ``data``)."""
        assert (text is None) != (data is None), "pass exactly one of text or data"
        assert not msg.deleted, "cannot press a button of a deleted message"
        msg.chat._assert_can_post(self, pressing=True)
        buttons = [b for row in (msg.reply_markup or {}).get("inline_keyboard", []) for b in row]
        if data is not None:
            found = [b for b in buttons if b.get("callback_data") == data]
        else:
            found = [b for b in buttons if b.get("text") == text] or [
                b for b in buttons if text in b.get("text", "")
            ]
        if not found:
            raise AssertionError(
                f"no inline button matching {text or data!r} on message {msg.message_id}; "
                f"buttons: {msg.buttons}"
            )
        button = found[0]
        if "callback_data" not in button:
            raise AssertionError(f"button {button.get('text')!r} has no callback_data: {button}")
        return self._fake._queue_callback(self, msg, button["callback_data"])

    async def vote(self, msg: FakeMessage, option_ids: list[int]) -> None:
        """Vote in a poll (an empty list takes the vote back). The bot that sent the poll
        gets the poll's new state, and for a poll that is not anonymous the answer."""
        poll = msg.poll
        assert poll is not None, f"{msg!r} is not a poll"
        assert not poll["is_closed"], "the poll is closed"
        msg.chat._assert_can_post(self)
        count = len(poll["options"])
        assert all(0 <= i < count for i in option_ids), f"options are 0..{count - 1}"
        assert len(option_ids) <= 1 or poll["allows_multiple_answers"], "one option only"
        if option_ids:
            msg.poll_votes[self.id] = list(option_ids)
        else:
            msg.poll_votes.pop(self.id, None)
        for index, option in enumerate(poll["options"]):
            option["voter_count"] = sum(index in ids for ids in msg.poll_votes.values())
        poll["total_voter_count"] = len(msg.poll_votes)
        if msg.from_user is self._fake.bot:
            self._fake._queue_update("poll", dict(poll))
            if not poll["is_anonymous"]:
                self._fake._queue_update(
                    "poll_answer",
                    {
                        "poll_id": poll["id"],
                        "user": self.to_dict(),
                        "option_ids": option_ids,
                        "option_persistent_ids": [str(i) for i in option_ids],
                    },
                )


# ---------------------------------------------------------------------------------------------
# Messages and callbacks
# ---------------------------------------------------------------------------------------------


class FakeMessage:
    """A message in a fake chat, sent by a user or by the bot."""

    def __init__(
        self,
        chat: FakeChat,
        message_id: int,
        from_user: FakeUser,
        date: int,
        *,
        text: str | None = None,
        html: str | None = None,
        entities: list[dict] | None = None,
        caption: str | None = None,
        reply_to: FakeMessage | None = None,
        thread_id: int | None = None,
        reply_markup: dict | None = None,
        upload: Upload | None = None,
        poll: dict | None = None,
        service: dict | None = None,
        link_preview_options: dict | None = None,
    ) -> None:
        self.chat = chat
        self.message_id = message_id
        self.from_user = from_user
        self.date = date
        self._text = text  # plain text (text messages)
        self.html = html  # raw text/caption as sent (HTML for the bot, plain for users)
        self.entities = entities or []
        self.caption = caption  # plain caption (documents)
        self.reply_to = reply_to  # explicit reply target
        self.thread_id = thread_id
        self.reply_markup = reply_markup
        self.upload = upload
        self.poll = poll  # Telegram's Poll object, counts kept up to date
        self.poll_votes: dict[int, list[int]] = {}  # user id -> chosen option ids
        self.service = service or {}
        self.link_preview_options = link_preview_options
        self.disable_notification = False
        self.deleted = False
        self.edited = False
        self.edit_date: int | None = None
        self._versions: list[str] = []
        self.bot_reactions: list[str] = []  # emoji the bot set on this message

    def __repr__(self) -> str:
        who = "bot" if self.from_user.is_bot else self.from_user.first_name
        flags = "".join((" deleted" if self.deleted else "", " edited" if self.edited else ""))
        body = repr(self.text) if not self.service else f"<{', '.join(self.service)}>"
        return f"FakeMessage({self.chat.id}/{self.message_id} {who}: {body}{flags})"

    @property
    def text(self) -> str | None:
        """Plain visible text (entities/tags stripped); the caption for documents."""
        return self._text if self._text is not None else self.caption

    @property
    def is_service(self) -> bool:
        return bool(self.service)

    @property
    def is_topic_message(self) -> bool:
        return bool(self.chat.is_forum and self.thread_id is not None)

    @property
    def versions(self) -> list[str]:
        """Earlier texts (raw) of this message, oldest first."""
        return list(self._versions)

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Inline keyboard rows as (text, callback_data or url or other value)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        result = []
        for row in rows:
            out_row = []
            for button in row:
                value = button.get("callback_data", button.get("url"))
                if value is None:
                    value = next((v for k, v in button.items() if k != "text"), None)
                out_row.append((button.get("text", ""), value))
            result.append(out_row)
        return result

    @property
    def photo(self) -> bytes | None:
        """The image as the bot uploaded it (the test reads the original)."""
        if self.upload is None or self.upload.photo_size is None:
            return None
        return self.upload.content

    @property
    def document(self) -> tuple[str, bytes, str | None] | None:
        if self.upload is None or self.upload.photo_size is not None:
            return None
        return (self.upload.filename, self.upload.content, self.caption)

    def _implicit_reply(self) -> FakeMessage | None:
        """What Telegram shows as reply_to_message (topic root for plain topic messages)."""
        if self.reply_to is not None:
            return self.reply_to
        if self.is_topic_message and self.thread_id not in (None, self.message_id):
            return self.chat._by_id.get(self.thread_id)
        return None

    def to_dict(self, *, with_reply: bool = True) -> dict:
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.from_user.to_dict(),
            "chat": self.chat.to_dict(),
            "date": self.date,
        }
        if self.thread_id is not None and self.chat.type == "supergroup":
            data["message_thread_id"] = self.thread_id
            if self.chat.is_forum:
                data["is_topic_message"] = True
        if with_reply:
            replied = self._implicit_reply()
            if replied is not None:
                data["reply_to_message"] = replied.to_dict(with_reply=False)
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self._text is not None:
            data["text"] = self._text
            if self.entities:
                data["entities"] = self.entities
        if self.upload is not None and self.upload.photo_size is not None:
            data["photo"] = photo_sizes(self.upload)
            if self.caption:
                data["caption"] = self.caption
                if self.entities:
                    data["caption_entities"] = self.entities
        elif self.upload is not None:
            data["document"] = {
                "file_id": self.upload.file_id,
                "file_unique_id": self.upload.file_unique_id,
                "file_name": self.upload.filename,
                "file_size": len(self.upload.content),
            }
            if self.upload.mime_type:
                data["document"]["mime_type"] = self.upload.mime_type
            if self.caption:
                data["caption"] = self.caption
                if self.entities:
                    data["caption_entities"] = self.entities
        if self.poll is not None:
            data["poll"] = self.poll
        if self.link_preview_options:
            data["link_preview_options"] = self.link_preview_options
        if self.reply_markup and self.reply_markup.get("inline_keyboard"):
            data["reply_markup"] = {"inline_keyboard": self.reply_markup["inline_keyboard"]}
        for key, value in self.service.items():
            if isinstance(value, FakeMessage):
                data[key] = value.to_dict(with_reply=False)
            elif isinstance(value, FakeUser):
                data[key] = value.to_dict()
            elif isinstance(value, list):
                data[key] = [v.to_dict() if isinstance(v, FakeUser) else v for v in value]
            else:
                data[key] = value
        return data


class FakeCallback:
    """A callback query sent by pressing an inline button."""

    def __init__(self, query_id: str, user: FakeUser, message: FakeMessage, data: str) -> None:
        self.id = query_id
        self.from_user = user
        self.message = message
        self.data = data
        self.answered = False
        self.answer_text: str | None = None
        self.show_alert: bool | None = None
        self.url: str | None = None

    def __repr__(self) -> str:
        return f"FakeCallback({self.data!r}, answered={self.answered}, text={self.answer_text!r})"

    async def wait_answered(self, timeout: float = 5.0) -> FakeCallback:  # noqa: ASYNC109
        await self.message.chat._fake.wait_until(
            lambda: self.answered, timeout=timeout, message=f"{self!r} was not answered"
        )
        return self


# ---------------------------------------------------------------------------------------------
# Chats
# ---------------------------------------------------------------------------------------------


class FakeChat:
    """A private chat, basic group or supergroup (optionally a forum)."""

    def __init__(
        self,
        fake: FakeTelegram,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        user: FakeUser | None = None,
        is_forum: bool = False,
        privacy: bool = True,
        bot_status: str = "member",
    ) -> None:
        self._fake = fake
        self.id = chat_id
        self.type = chat_type
        self.title = title
        self.username = username
        self.user = user  # the other party of a private chat
        self.is_forum = is_forum
        self.privacy = privacy
        self.bot_status = bot_status
        self.members: dict[int, str] = {}  # user id -> creator/administrator/member
        self.kicked: set[int] = set()  # removed from a supergroup (banned until added back)
        self.messages: list[FakeMessage] = []
        self._by_id: dict[int, FakeMessage] = {}
        self._pinned: list[int] = []
        self.topics: dict[int, str] = {}
        self.migrated_to: FakeChat | None = None
        self.migrated_from: FakeChat | None = None
        self._ids = itertools.count(1)

    def __repr__(self) -> str:
        return f"FakeChat({self.title or self.type!r}, id={self.id})"

    # -- JSON -----------------------------------------------------------------------------------

    def to_dict(self) -> dict:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            assert self.user is not None
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
        else:
            data["title"] = self.title
            if self.username:
                data["username"] = self.username
            if self.is_forum:
                data["is_forum"] = True
        return data

    # -- membership -----------------------------------------------------------------------------

    @property
    def bot_is_admin(self) -> bool:
        return self.bot_status == "administrator"

    @property
    def bot_present(self) -> bool:
        return self.bot_status in BOT_PRESENT

    def member_status(self, user: FakeUser) -> str:
        if user.is_bot and user.id == self._fake.bot.id:
            return self.bot_status
        if self.type == "private":
            return "member" if self.user is user else "left"
        if user.id in self.kicked:
            return "kicked"
        return self.members.get(user.id, "left")

    def is_member(self, user: FakeUser) -> bool:
        return self.member_status(user) in ("creator", "administrator", "member")

    def set_role(self, user: FakeUser, role: str) -> None:
        """Set a member's role silently: "creator", "administrator", "member" or "left"."""
        assert role in ("creator", "administrator", "member", "left"), role
        if role == "left":
            self.members.pop(user.id, None)
        else:
            self.kicked.discard(user.id)
            self.members[user.id] = role

    def set_admin(self, user: FakeUser, admin: bool = True) -> None:
        self.set_role(user, "administrator" if admin else "member")

    def _assert_can_post(self, user: FakeUser, pressing: bool = False) -> None:
        if self.migrated_to is not None:
            raise AssertionError(
                f"{self!r} was migrated to {self.migrated_to.id}; post there instead"
            )
        if self.type == "private":
            assert self.user is user, f"{user!r} is not part of {self!r}"
            assert user.started or pressing, f"{user!r} has not started the bot"
            assert not user.blocked, f"{user!r} blocked the bot; call unblock_bot() first"
            return
        if not self.is_member(user):
            raise AssertionError(
                f"{user!r} is not a member of {self!r}; add them with add_group(members=...) "
                "or group.add_member(), or use fake.send_raw_update()"
            )

    # -- messages -------------------------------------------------------------------------------

    def message(self, message_id: int) -> FakeMessage | None:
        return self._by_id.get(message_id)

    def _new_message(self, from_user: FakeUser, **kwargs: Any) -> FakeMessage:
        msg = FakeMessage(self, next(self._ids), from_user, self._fake._now(), **kwargs)
        if msg.thread_id is None and msg.reply_to is not None and self.type == "supergroup":
            # Replies in (non-forum) supergroups belong to the thread of the replied message.
            msg.thread_id = msg.reply_to.thread_id or msg.reply_to.message_id
        self.messages.append(msg)
        self._by_id[msg.message_id] = msg
        return msg

    def bot_messages(
        self, *, include_deleted: bool = False, include_service: bool = False
    ) -> list[FakeMessage]:
        """The bot's messages in order (documents included; deleted/service ones excluded)."""
        return [
            m
            for m in self.messages
            if m.from_user is self._fake.bot
            and (include_deleted or not m.deleted)
            and (include_service or not m.is_service)
        ]

    def user_messages(self) -> list[FakeMessage]:
        return [m for m in self.messages if not m.from_user.is_bot and not m.is_service]

    @property
    def pinned(self) -> list[int]:
        """Ids of pinned messages, oldest pin first."""
        return list(self._pinned)

    @property
    def pinned_messages(self) -> list[FakeMessage]:
        return [self._by_id[i] for i in self._pinned]

    def bot_can_see(self, msg: FakeMessage) -> bool:
        """Telegram's privacy-mode rules for delivering a message to the bot."""
        if self.type == "private":
            return not msg.from_user.is_bot
        if not self.bot_present or msg.from_user is self._fake.bot:
            return False
        if not self.privacy or self.bot_is_admin:
            return True
        if msg.is_service:
            return True
        if msg.reply_to is not None and msg.reply_to.from_user is self._fake.bot:
            return True
        implicit = msg._implicit_reply()
        if implicit is not None and implicit.from_user is self._fake.bot:
            return True
        return self._is_command_for_bot(msg)

    def _is_command_for_bot(self, msg: FakeMessage) -> bool:
        text = msg.text or ""
        first = next(
            (e for e in msg.entities if e.get("type") == "bot_command" and e["offset"] == 0), None
        )
        if first is None:
            return False
        command = _utf16_slice(text, 0, first["length"])
        _, _, target = command.partition("@")
        return not target or target.lower() == (self._fake.bot.username or "").lower()

    # -- forum topics ---------------------------------------------------------------------------

    def create_topic(self, name: str, by: FakeUser | None = None) -> int:
        """Create a forum topic; returns its thread id (id of the forum_topic_created message)."""
        assert self.is_forum, f"{self!r} is not a forum"
        creator = by or self._default_actor()
        msg = self._new_message(
            creator,
            service={"forum_topic_created": {"name": name, "icon_color": 7322096}},
        )
        msg.thread_id = msg.message_id
        self.topics[msg.message_id] = name
        self._fake._deliver_message(msg)
        return msg.message_id

    def _default_actor(self) -> FakeUser:
        for user_id, role in self.members.items():
            if role == "creator":
                return self._fake.users[user_id]
        if self.members:
            return self._fake.users[next(iter(self.members))]
        raise AssertionError(f"{self!r} has no members to act")

    # -- membership changes producing updates ---------------------------------------------------

    async def add_member(self, user: FakeUser, by: FakeUser | None = None) -> FakeMessage:
        """A user joins (or is added, or comes back): the new_chat_members service message
        (privacy mode too) and, as Telegram does, a chat_member update that reaches the bot
        only when it is admin and asked for them."""
        assert self.type != "private"
        old = self.member_status(user)
        self.kicked.discard(user.id)
        self.members[user.id] = "member"
        self._fake._queue_chat_member(self, by or user, user, old, "member")
        msg = self._new_message(by or user, service={"new_chat_members": [user]})
        self._fake._deliver_message(msg)
        return msg

    async def remove_member(self, user: FakeUser, by: FakeUser | None = None) -> FakeMessage:
        """A user leaves, or is removed by `by` (in a supergroup that bans them: "kicked"):
        the left_chat_member service message (privacy mode too) and a chat_member update
        (only for an admin bot that asked for them)."""
        assert self.type != "private"
        old = self.member_status(user)
        self.members.pop(user.id, None)
        removed = by is not None and by is not user and self.type == "supergroup"
        if removed:
            self.kicked.add(user.id)
        self._fake._queue_chat_member(self, by or user, user, old, self.member_status(user))
        msg = self._new_message(by or user, service={"left_chat_member": user})
        self._fake._deliver_message(msg)
        return msg

    async def remove_bot(self, by: FakeUser | None = None) -> None:
        """Remove the bot: my_chat_member (-> kicked) and a left_chat_member message."""
        assert self.type != "private" and self.bot_present, f"bot is not in {self!r}"
        actor = by or self._default_actor()
        old = self.bot_status
        self.bot_status = "kicked"
        self._fake._queue_my_chat_member(self, actor, old, "kicked")
        msg = self._new_message(actor, service={"left_chat_member": self._fake.bot})
        self._fake._queue_update("message", msg.to_dict())

    async def add_bot(self, by: FakeUser | None = None, *, as_admin: bool = False) -> None:
        """(Re-)add the bot: my_chat_member (-> member) and a new_chat_members message."""
        assert self.type != "private" and not self.bot_present, f"bot is already in {self!r}"
        actor = by or self._default_actor()
        old = self.bot_status
        self.bot_status = "administrator" if as_admin else "member"
        self._fake._queue_my_chat_member(self, actor, old, self.bot_status)
        msg = self._new_message(actor, service={"new_chat_members": [self._fake.bot]})
        self._fake._deliver_message(msg)

    async def set_bot_admin(self, admin: bool = True, by: FakeUser | None = None) -> None:
        """Promote/demote the bot (my_chat_member update)."""
        assert self.bot_present, f"bot is not in {self!r}"
        new = "administrator" if admin else "member"
        if new == self.bot_status:
            return
        old, self.bot_status = self.bot_status, new
        self._fake._queue_my_chat_member(self, by or self._default_actor(), old, new)

    async def migrate_to_supergroup(self, by: FakeUser | None = None) -> FakeChat:
        """Upgrade a basic group; returns the new supergroup chat."""
        assert self.type == "group", "only basic groups (supergroup=False) can be migrated"
        assert self.migrated_to is None, "already migrated"
        actor = by or self._default_actor()
        new = self._fake._register_group(
            self.title or "",
            supergroup=True,
            privacy=self.privacy,
            bot_status=self.bot_status,
        )
        new.members = dict(self.members)
        new.migrated_from = self
        old_msg = self._new_message(actor, service={"migrate_to_chat_id": new.id})
        self.migrated_to = new
        new_msg = new._new_message(actor, service={"migrate_from_chat_id": self.id})
        self._fake._deliver_message(old_msg)
        self._fake._deliver_message(new_msg)
        return new


def _utf16_slice(text: str, start: int, length: int) -> str:
    raw = text.encode("utf-16-le")[start * 2 : (start + length) * 2]
    return raw.decode("utf-16-le", errors="replace")


def detect_entities(text: str, text_mentions: dict[str, FakeUser]) -> list[dict]:
    """Entities Telegram clients attach to a user's message (UTF-16 offsets)."""
    found: list[tuple[int, int, dict]] = []  # (start index, end index, entity)
    for match in _COMMAND_RE.finditer(text):
        found.append((match.start(), match.end(), {"type": "bot_command"}))
    for match in _MENTION_RE.finditer(text):
        found.append((match.start(), match.end(), {"type": "mention"}))
    for match in _URL_RE.finditer(text):
        found.append((match.start(), match.end(), {"type": "url"}))
    for needle, user in text_mentions.items():
        start = text.find(needle)
        assert start >= 0, f"text_mentions: {needle!r} not found in {text!r}"
        found.append((start, start + len(needle), {"type": "text_mention", "user": user.to_dict()}))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    entities: list[dict] = []
    last_end = -1
    for start, end, entity in found:
        if start < last_end:
            continue  # overlapping; keep the first
        last_end = end
        entities.append(
            {
                "type": entity["type"],
                "offset": utf16_offset(text, start),
                "length": utf16_len(text[start:end]),
                **{k: v for k, v in entity.items() if k != "type"},
            }
        )
    return entities
