"""Bot API methods of the fake server, with Telegram's validation and error texts."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .html_check import HtmlParseError, clean_entities, parse_html, trim, utf16_len
from .model import (
    ApiError,
    FakeChat,
    FakeMessage,
    FakeUser,
    MalformedCall,
    Upload,
    bad_request,
    forbidden,
    image_size,
    photo_sizes,
)

if TYPE_CHECKING:
    from .server import FakeTelegram

Handler = Callable[["Params"], Awaitable[Any]]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_TEXT = 200

_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_BUTTON_KINDS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "login_url",
    "web_app",
    "pay",
    "callback_game",
    "copy_text",
)
_REPLY_MARKUPS = frozenset({"keyboard", "remove_keyboard", "force_reply"})
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
    "can_pin_messages": True,
    "can_manage_topics": True,
}


def scope_key(scope: dict | None) -> str:
    """Canonical key for a BotCommandScope (None means the default scope)."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


class Params:
    """Request parameters with typed accessors that fail like Telegram does."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload]) -> None:
        self.values = values
        self.uploads = uploads

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key, default)
        return default if value == "" and key != "text" else value

    def get_int(self, key: str, default: int | None = None, *, required: bool = False) -> Any:
        value = self.get(key)
        if value is None:
            if required:
                raise bad_request(f"{key} is empty")
            return default
        if isinstance(value, bool):
            raise bad_request(f"invalid {key} specified")
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {key} specified") from None

    def get_bool(self, key: str, default: bool = False) -> bool:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def get_json(self, key: str, expected: type | tuple[type, ...]) -> Any:
        value = self.get(key)
        if value is None:
            return None
        if not isinstance(value, expected):
            raise bad_request(f"can't parse {key} JSON object")
        return value

    def get_file(self, key: str) -> Upload | str | None:
        """An uploaded file (by part name or attach:// URI), or a file_id/URL string."""
        if key in self.uploads:
            return self.uploads[key]
        value = self.get(key)
        if isinstance(value, str) and value.startswith("attach://"):
            return self.uploads.get(value[len("attach://") :])
        return value


class BotApi:
    """Implementations of the Bot API methods; dispatched by lower-cased method name."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self._handlers: dict[str, Handler] = {
            name[len("api_") :].replace("_", "").lower(): getattr(self, name)
            for name in dir(self)
            if name.startswith("api_")
        }

    def handler(self, method: str) -> Handler | None:
        return self._handlers.get(method.lower())

    # ------------------------------------------------------------------------------------------
    # Shared helpers
    # ------------------------------------------------------------------------------------------

    @property
    def bot(self) -> FakeUser:
        return self.fake.bot

    def chat_for(self, p: Params, *, write: bool = True) -> FakeChat:
        """Resolve chat_id and check that the bot may act in that chat."""
        raw = p.get("chat_id")
        if raw is None:
            raise bad_request("chat_id is empty")
        chat = self.fake.chat(raw)
        if chat is None:
            raise bad_request("chat not found")
        if chat.type == "private":
            assert chat.user is not None
            if write and chat.user.blocked:
                raise forbidden("bot was blocked by the user")
            if write and not chat.user.started:
                raise forbidden("bot can't initiate conversation with a user")
            return chat
        if write and chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to.id},
            )
        kind = "supergroup" if chat.type == "supergroup" else "group"
        if chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {kind} chat")
        if chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {kind} chat")
        return chat

    def format_text(
        self,
        raw: Any,
        parse_mode: Any,
        entities: list | None,
        *,
        limit: int,
        empty_error: str | None,
        too_long_error: str,
    ) -> tuple[str, list[dict]]:
        """Apply parse_mode/entities like Telegram: returns (plain text, entities)."""
        raw = "" if raw is None else str(raw)
        mode = str(parse_mode or "").lower()
        if entities is not None:
            if not all(isinstance(e, dict) and "type" in e for e in entities):
                raise bad_request("can't parse entities JSON object")
            plain, parsed = raw, [dict(e) for e in entities]
        elif mode == "html":
            try:
                plain, parsed = parse_html(raw, strict=self.fake.strict_html)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        elif mode in ("markdownv2", "markdown", ""):
            plain, parsed = raw, []  # Markdown is accepted without validation
        else:
            raise bad_request(f"unsupported parse_mode {parse_mode!r}")
        plain, parsed = trim(plain, parsed)
        if not plain and empty_error is not None:
            raise bad_request(empty_error)
        if utf16_len(plain) > limit:
            raise bad_request(too_long_error)
        result = []
        for entity in clean_entities(parsed):
            if entity["type"] == "text_mention" and "user" in entity:
                user = self.fake.users.get(int(entity["user"].get("id", 0)))
                if user is None:
                    continue
                entity["user"] = user.to_dict()
            result.append(entity)
        return plain, result

    def parse_markup(self, raw: Any) -> dict | None:
        """Validate reply_markup; returns None for "no inline keyboard"."""
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in raw:
            if not _REPLY_MARKUPS & raw.keys():
                # `{}` among them: buttons are removed with an empty inline_keyboard.
                raise MalformedCall("can't parse reply keyboard markup JSON object")
            return raw  # reply keyboard / remove / force_reply: accepted, not echoed
        rows = raw["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad_request("can't parse reply keyboard markup JSON object")
        count = 0
        for row in rows:
            for button in row:
                count += 1
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise bad_request(
                        'can\'t parse inline keyboard button: Field "text" must be of type String'
                    )
                if not any(kind in button for kind in _BUTTON_KINDS):
                    raise bad_request(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
                        raise bad_request("BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
                    raise bad_request("BUTTON_URL_INVALID")
        if count > 100:
            raise bad_request("reply markup is too long")
        if count == 0:
            return None
        return {"inline_keyboard": rows}

    def thread_for(self, chat: FakeChat, p: Params) -> int | None:
        thread_id = p.get_int("message_thread_id")
        if thread_id is None:
            return None
        if chat.type != "supergroup":
            return None  # ignored outside supergroups
        if chat.is_forum:
            if thread_id not in chat.topics:
                raise bad_request("message thread not found")
        else:
            root = chat.message(thread_id)
            if root is None or root.deleted:
                raise bad_request("message thread not found")
        return thread_id

    def reply_for(
        self, chat: FakeChat, p: Params, thread_id: int | None
    ) -> tuple[FakeMessage | None, int | None]:
        """Resolve reply_parameters / reply_to_message_id; returns (target, thread_id)."""
        reply = p.get_json("reply_parameters", dict)
        if reply is None and p.get("reply_to_message_id") is not None:
            reply = {
                "message_id": p.get_int("reply_to_message_id"),
                "allow_sending_without_reply": p.get_bool("allow_sending_without_reply"),
            }
        if reply is None:
            return None, thread_id
        target_chat = chat
        if reply.get("chat_id") is not None:
            target_chat = self.fake.chat(reply["chat_id"]) or chat
        target = target_chat.message(int(reply.get("message_id") or 0))
        if target is not None and target.deleted:
            target = None
        if target is not None and chat.is_forum and thread_id is not None:
            if target.thread_id != thread_id:
                target = None  # replies cannot cross topics
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None, thread_id
            raise bad_request("message to be replied not found")
        if thread_id is None and chat.is_forum and target.chat is chat:
            thread_id = target.thread_id
        return (target if target.chat is chat else None), thread_id

    def editable_message(self, p: Params) -> FakeMessage:
        if p.get("inline_message_id") is not None:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self.chat_for(p)
        msg = chat.message(p.get_int("message_id", required=True))
        if msg is None or msg.deleted:
            raise bad_request("message to edit not found")
        if msg.from_user is not self.bot or msg.is_service:
            raise bad_request("message can't be edited")
        return msg

    def check_pin_rights(self, chat: FakeChat) -> None:
        if chat.type != "private" and not chat.bot_is_admin:
            raise bad_request("not enough rights to manage pinned messages in the chat")

    def member_dict(self, user: FakeUser, status: str) -> dict:
        data: dict[str, Any] = {"status": status, "user": user.to_dict()}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data.update(_ADMIN_RIGHTS)
            data["can_be_edited"] = user is self.bot
        elif status == "kicked":
            data["until_date"] = 0
        return data

    def _send(self, p: Params, **content: Any) -> dict:
        """Common part of sendMessage/sendDocument after content validation."""
        chat: FakeChat = content.pop("chat")
        thread_id = self.thread_for(chat, p)
        reply_to, thread_id = self.reply_for(chat, p, thread_id)
        markup = self.parse_markup(p.get("reply_markup"))
        msg = chat._new_message(
            self.bot,
            reply_to=reply_to,
            thread_id=thread_id,
            reply_markup=markup,
            **content,
        )
        msg.disable_notification = p.get_bool("disable_notification")
        return msg.to_dict()

    # ------------------------------------------------------------------------------------------
    # Bot, updates, webhook
    # ------------------------------------------------------------------------------------------

    async def api_get_me(self, p: Params) -> dict:
        return {
            **self.bot.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def api_get_updates(self, p: Params) -> list[dict]:
        if self.fake.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        allowed = p.get_json("allowed_updates", list)
        if allowed is not None:
            self.fake._allowed_updates = allowed or None
        offset = p.get_int("offset", 0)
        limit = min(max(p.get_int("limit", 100), 1), 100)
        timeout = max(float(p.get("timeout") or 0), 0.0)
        return await self.fake._poll_updates(offset, limit, timeout)

    async def api_set_webhook(self, p: Params) -> bool:
        url = p.get("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.fake.webhook = {"url": url, "secret_token": p.get("secret_token")}
        if p.get_bool("drop_pending_updates"):
            self.fake._queue.clear()
        allowed = p.get_json("allowed_updates", list)
        if allowed is not None:
            self.fake._allowed_updates = allowed or None
        return True

    async def api_delete_webhook(self, p: Params) -> bool:
        self.fake.webhook = {"url": "", "secret_token": None}
        if p.get_bool("drop_pending_updates"):
            self.fake._queue.clear()
        return True

    async def api_get_webhook_info(self, p: Params) -> dict:
        info: dict[str, Any] = {
            "url": self.fake.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.fake._queue),
        }
        if self.fake._allowed_updates:
            info["allowed_updates"] = self.fake._allowed_updates
        return info

    # ------------------------------------------------------------------------------------------
    # Commands
    # ------------------------------------------------------------------------------------------

    async def api_set_my_commands(self, p: Params) -> bool:
        commands = p.get_json("commands", list)
        if commands is None:
            raise bad_request('parameter "commands" is required')
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse commands JSON object")
            if not _COMMAND_NAME.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            description = str(command.get("description", "")).strip()
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (scope_key(p.get_json("scope", dict)), p.get("language_code") or "")
        self.fake.commands_by_scope[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def api_get_my_commands(self, p: Params) -> list[dict]:
        key = (scope_key(p.get_json("scope", dict)), p.get("language_code") or "")
        return self.fake.commands_by_scope.get(key, [])

    # ------------------------------------------------------------------------------------------
    # Chats and members
    # ------------------------------------------------------------------------------------------

    def _user_for(self, p: Params) -> FakeUser:
        user_id = p.get_int("user_id", required=True)
        if user_id == self.bot.id:
            return self.bot
        user = self.fake.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        return user

    async def api_get_chat_member(self, p: Params) -> dict:
        chat = self.chat_for(p, write=False)
        user = self._user_for(p)
        return self.member_dict(user, chat.member_status(user))

    # ------------------------------------------------------------------------------------------
    # Messages
    # ------------------------------------------------------------------------------------------

    async def api_send_message(self, p: Params) -> dict:
        chat = self.chat_for(p)
        plain, entities = self.format_text(
            p.get("text"),
            p.get("parse_mode"),
            p.get_json("entities", list),
            limit=MAX_TEXT,
            empty_error="message text is empty",
            too_long_error="message is too long",
        )
        return self._send(
            p,
            chat=chat,
            text=plain,
            html=p.get("text"),
            entities=entities,
            link_preview_options=p.get_json("link_preview_options", dict),
        )

    def _upload(self, p: Params, field: str, photo_size: tuple[int, int] | None = None) -> Upload:
        """The uploaded (multipart) file, or the known one its file_id names."""
        sent = p.get_file(field)
        if sent is None:
            raise bad_request(f"there is no {field} in the request")
        if isinstance(sent, str):
            if sent not in self.fake.files:
                raise bad_request("wrong file identifier/HTTP URL specified")
            return self.fake.files[sent]
        if not sent.content:
            raise bad_request("file must be non-empty")
        number = next(self.fake._file_ids)
        upload = Upload(
            filename=sent.filename,
            content=sent.content,
            mime_type=sent.mime_type,
            file_id=f"BQACAgQAAxkDAAI{number:08d}",
            file_unique_id=f"AgAD{number:06d}",
            photo_size=photo_size,
        )
        self.fake.files[upload.file_id] = upload
        return upload

    def _send_file(self, p: Params, upload: Upload) -> dict:
        chat = self.chat_for(p)
        caption, entities = self.format_text(
            p.get("caption"),
            p.get("parse_mode"),
            p.get_json("caption_entities", list),
            limit=MAX_CAPTION,
            empty_error=None,
            too_long_error="message caption is too long",
        )
        return self._send(
            p,
            chat=chat,
            caption=caption or None,
            html=p.get("caption"),
            entities=entities,
            upload=upload,
        )

    async def api_send_document(self, p: Params) -> dict:
        self.chat_for(p)
        return self._send_file(p, self._upload(p, "document"))

    async def api_send_photo(self, p: Params) -> dict:
        """Telegram's rules for photos: at most 10 MB, width + height at most 10000 pixels,
        sides at most 20 to 1; anything that is not an image fails to process."""
        self.chat_for(p)
        sent = p.get_file("photo")
        if sent is not None and not isinstance(sent, str):
            size = image_size(sent.content)
            if size is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            width, height = size
            if len(sent.content) > 10 * 1024 * 1024:
                raise bad_request("PHOTO_SAVE_FILE_INVALID")
            if width + height > 10000 or max(width, height) > 20 * min(width, height):
                raise bad_request("PHOTO_INVALID_DIMENSIONS")
            upload = self._upload(p, "photo", photo_size=size)
            # Each size has its own file_id; any of them sends the photo again.
            for photo_size in photo_sizes(upload):
                self.fake.files[photo_size["file_id"]] = upload
            return self._send_file(p, upload)
        upload = self._upload(p, "photo")
        if upload.photo_size is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return self._send_file(p, upload)

    async def api_send_poll(self, p: Params) -> dict:
        chat = self.chat_for(p)
        question = str(p.get("question") or "").strip()
        if not 1 <= len(question) <= 300:
            raise bad_request("POLL_QUESTION_INVALID" if question else "poll question is empty")
        options = p.get_json("options", list) or []
        texts = [str(o.get("text", "") if isinstance(o, dict) else o).strip() for o in options]
        if not 2 <= len(texts) <= 12:
            few = len(texts) < 2
            raise bad_request(
                "poll must have at least 2 option" if few else "POLL_OPTIONS_TOO_MUCH"
            )
        if not all(1 <= len(t) <= 100 for t in texts):
            raise bad_request("POLL_OPTION_INVALID")
        poll = {
            "id": str(6_000_000_000_000_000_000 + next(self.fake._file_ids)),
            "question": question,
            "options": [
                {"text": t, "voter_count": 0, "persistent_id": str(i)} for i, t in enumerate(texts)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": p.get_bool("is_anonymous", True),
            "type": p.get("type") or "regular",
            "allows_multiple_answers": p.get_bool("allows_multiple_answers"),
            "allows_revoting": True,
            "members_only": False,
        }
        return self._send(p, chat=chat, poll=poll)

    async def api_stop_poll(self, p: Params) -> dict:
        chat = self.chat_for(p)
        msg = chat.message(p.get_int("message_id", required=True))
        if msg is None or msg.deleted or msg.poll is None:
            raise bad_request("message with poll to stop not found")
        if msg.from_user is not self.bot:
            raise bad_request("message can't be edited")
        if msg.poll["is_closed"]:
            raise bad_request("poll has already been closed")
        msg.poll["is_closed"] = True
        return dict(msg.poll)

    async def api_edit_message_text(self, p: Params) -> dict:
        msg = self.editable_message(p)
        if msg._text is None:
            raise bad_request("there is no text in the message to edit")
        plain, entities = self.format_text(
            p.get("text"),
            p.get("parse_mode"),
            p.get_json("entities", list),
            limit=MAX_TEXT,
            empty_error="message text is empty",
            too_long_error="message is too long",
        )
        markup = self.parse_markup(p.get("reply_markup"))
        if plain == msg._text and entities == msg.entities and markup == msg.reply_markup:
            raise bad_request(_NOT_MODIFIED)
        self._apply_edit(msg, p.get("text"), markup)
        msg._text, msg.entities = plain, entities
        if p.get("link_preview_options") is not None:
            msg.link_preview_options = p.get_json("link_preview_options", dict)
        return msg.to_dict()

    async def api_edit_message_reply_markup(self, p: Params) -> dict:
        msg = self.editable_message(p)
        markup = self.parse_markup(p.get("reply_markup"))
        if markup == msg.reply_markup:
            raise bad_request(_NOT_MODIFIED)
        self._apply_edit(msg, msg.html, markup)
        return msg.to_dict()

    def _apply_edit(self, msg: FakeMessage, html: str | None, markup: dict | None) -> None:
        msg._versions.append(msg.html or "")
        msg.html = html
        msg.reply_markup = markup
        msg.edited = True
        msg.edit_date = self.fake._now()

    async def api_delete_message(self, p: Params) -> bool:
        chat = self.chat_for(p)
        msg = chat.message(p.get_int("message_id", required=True))
        if msg is None or msg.deleted:
            raise bad_request("message to delete not found")
        self._delete(chat, msg)
        return True

    def _delete(self, chat: FakeChat, msg: FakeMessage) -> None:
        own = msg.from_user is self.bot
        if chat.type != "private" and not own and not chat.bot_is_admin:
            raise bad_request("message can't be deleted")
        msg.deleted = True
        if msg.message_id in chat._pinned:
            chat._pinned.remove(msg.message_id)

    async def api_answer_callback_query(self, p: Params) -> bool:
        query_id = str(p.get("callback_query_id") or "")
        callback = self.fake.callbacks.get(query_id)
        if callback is None or callback.answered:
            raise bad_request(_QUERY_INVALID)
        text = p.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_TEXT:
            raise bad_request("MESSAGE_TOO_LONG")
        callback.answered = True
        callback.answer_text = None if text is None else str(text)
        callback.show_alert = p.get_bool("show_alert")
        callback.url = p.get("url")
        return True

    async def api_pin_chat_message(self, p: Params) -> bool:
        chat = self.chat_for(p)
        self.check_pin_rights(chat)
        msg = chat.message(p.get_int("message_id", required=True))
        if msg is None or msg.deleted or msg.is_service:
            raise bad_request("message to pin not found")
        if msg.message_id in chat._pinned:
            chat._pinned.remove(msg.message_id)
        chat._pinned.append(msg.message_id)
        chat._new_message(self.bot, service={"pinned_message": msg}, thread_id=msg.thread_id)
        return True

    async def api_unpin_chat_message(self, p: Params) -> bool:
        chat = self.chat_for(p)
        self.check_pin_rights(chat)
        message_id = p.get_int("message_id")
        if message_id is None and chat._pinned:
            message_id = chat._pinned[-1]
        if message_id in chat._pinned:
            chat._pinned.remove(message_id)
        return True

    # ------------------------------------------------------------------------------------------
    # Reactions
    # ------------------------------------------------------------------------------------------

    async def api_set_message_reaction(self, p: Params) -> bool:
        chat = self.chat_for(p)
        msg = chat.message(p.get_int("message_id", required=True))
        if msg is None or msg.deleted:
            raise bad_request("message to react not found")
        reactions = p.get_json("reaction", list) if p.get("reaction") is not None else []
        emoji = []
        for reaction in reactions:
            if reaction.get("type") != "emoji" or reaction.get("emoji") not in ALLOWED_REACTIONS:
                raise bad_request("REACTION_INVALID")
            emoji.append(reaction["emoji"])
        if len(emoji) > 1:
            raise bad_request("REACTIONS_TOO_MANY")
        msg.bot_reactions = emoji
        return True


# The emoji Telegram accepts as a reaction from a bot (a subset of the full list suffices).
ALLOWED_REACTIONS = frozenset(
    "👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ 🤷 🤷‍♀ 😡".split()
)
