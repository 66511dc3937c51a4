"""The parameters each Bot API method takes (names and types, as published at
core.telegram.org/bots/api), so the fake refuses a call whose shape Telegram would not take.

Telegram itself ignores a parameter it does not know: a misspelt or outdated one silently does
nothing there. The fake refuses it instead, so such a call fails in the tests rather than
doing nothing in production. Legacy parameters Telegram still honours (reply_to_message_id,
allow_sending_without_reply, disable_web_page_preview) are accepted.
"""

from __future__ import annotations

from typing import Any

from .model import MalformedCall

INT, STR, BOOL, CHAT, OBJ, ARR, FILE = (
    "Integer",
    "String",
    "Boolean",
    "Integer or String",
    "object",
    "array",
    "InputFile or String",
)

_LANGUAGE = {"language_code": STR}
_SCOPE = {"scope": OBJ, **_LANGUAGE}
_BUSINESS = {"business_connection_id": STR}
_TARGET = {**_BUSINESS, "chat_id": CHAT, "message_thread_id": INT, "direct_messages_topic_id": INT}
_SENDING = {
    "disable_notification": BOOL,
    "protect_content": BOOL,
    "allow_paid_broadcast": BOOL,
    "message_effect_id": STR,
    "suggested_post_parameters": OBJ,
    "reply_parameters": OBJ,
    "reply_markup": OBJ,
    "reply_to_message_id": INT,
    "allow_sending_without_reply": BOOL,
}
_CAPTION = {"caption": STR, "parse_mode": STR, "caption_entities": ARR}
_EDITED = {**_BUSINESS, "chat_id": CHAT, "message_id": INT, "inline_message_id": STR}

METHODS: dict[str, dict[str, str]] = {
    "getMe": {},
    "getUpdates": {"offset": INT, "limit": INT, "timeout": INT, "allowed_updates": ARR},
    "setWebhook": {
        "url": STR,
        "certificate": FILE,
        "ip_address": STR,
        "max_connections": INT,
        "allowed_updates": ARR,
        "drop_pending_updates": BOOL,
        "secret_token": STR,
    },
    "deleteWebhook": {"drop_pending_updates": BOOL},
    "getWebhookInfo": {},
    "setMyCommands": {"commands": ARR, **_SCOPE},
    "getMyCommands": _SCOPE,
    "getChatMember": {"chat_id": CHAT, "user_id": INT},
    "sendMessage": {
        **_TARGET,
        **_SENDING,
        "text": STR,
        "parse_mode": STR,
        "entities": ARR,
        "link_preview_options": OBJ,
        "disable_web_page_preview": BOOL,
    },
    "sendDocument": {
        **_TARGET,
        **_SENDING,
        **_CAPTION,
        "document": FILE,
        "thumbnail": FILE,
        "disable_content_type_detection": BOOL,
    },
    "sendPhoto": {
        **_TARGET,
        **_SENDING,
        **_CAPTION,
        "photo": FILE,
        "show_caption_above_media": BOOL,
        "has_spoiler": BOOL,
    },
    "sendPoll": {
        **_TARGET,
        **_SENDING,
        "question": STR,
        "question_parse_mode": STR,
        "question_entities": ARR,
        "options": ARR,
        "is_anonymous": BOOL,
        "type": STR,
        "allows_multiple_answers": BOOL,
        "correct_option_id": INT,
        "explanation": STR,
        "explanation_parse_mode": STR,
        "explanation_entities": ARR,
        "open_period": INT,
        "close_date": INT,
        "is_closed": BOOL,
    },
    "stopPoll": {**_BUSINESS, "chat_id": CHAT, "message_id": INT, "reply_markup": OBJ},
    "editMessageText": {
        **_EDITED,
        "text": STR,
        "parse_mode": STR,
        "entities": ARR,
        "link_preview_options": OBJ,
        "reply_markup": OBJ,
        "disable_web_page_preview": BOOL,
    },
    "editMessageReplyMarkup": {**_EDITED, "reply_markup": OBJ},
    "deleteMessage": {"chat_id": CHAT, "message_id": INT},
    "answerCallbackQuery": {
        "callback_query_id": STR,
        "text": STR,
        "show_alert": BOOL,
        "url": STR,
        "cache_time": INT,
    },
    "pinChatMessage": {
        **_BUSINESS,
        "chat_id": CHAT,
        "message_id": INT,
        "disable_notification": BOOL,
    },
    "unpinChatMessage": {**_BUSINESS, "chat_id": CHAT, "message_id": INT},
    "setMessageReaction": {"chat_id": CHAT, "message_id": INT, "reaction": ARR, "is_big": BOOL},
}

_BY_KEY = {name.lower(): spec for name, spec in METHODS.items()}

# How Telegram names a JSON parameter it cannot parse ("can't parse X JSON object").
_JSON_NAMES = {"reply_markup": "reply keyboard markup"}


def check(method: str, params: dict[str, Any]) -> None:
    """Refuse unknown parameters and values of the wrong type, like Telegram's 400s. Form
    values arrive JSON-decoded (see server._decode_form): "12" is 12, "true" is True."""
    spec = _BY_KEY.get(method.lower())
    if spec is None:
        return
    for name, value in params.items():
        kind = spec.get(name)
        if kind is None:
            raise MalformedCall(f'unknown parameter "{name}" for method {method}')
        if value is None or value == "" or _fits(kind, value):
            continue  # Telegram reads an empty value as none
        if kind in (OBJ, ARR):
            raise MalformedCall(
                f"can't parse {_JSON_NAMES.get(name, name.replace('_', ' '))} JSON object"
            )
        raise MalformedCall(f'parameter "{name}" must be of type {kind}')


def _fits(kind: str, value: Any) -> bool:
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == BOOL:
        return isinstance(value, bool) or value in (0, 1, "true", "false")
    if kind == STR:
        # Telegram reads form fields as text: a number sent for a string is that text.
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if kind == CHAT:
        return (isinstance(value, int) and not isinstance(value, bool)) or isinstance(value, str)
    if kind == OBJ:
        return isinstance(value, dict)
    if kind == ARR:
        return isinstance(value, list)
    return isinstance(value, str)  # FILE: a file_id or URL (uploads come as parts)
