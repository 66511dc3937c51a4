"""The fake Telegram Bot API server: HTTP layer, update queue, fault injection, test helpers.

The bot (python-telegram-bot, in-process or in a subprocess) talks to it over real HTTP:
``POST {base_url}{token}/{method}``; a bot in the same process may use ``transport()``.  Bot API methods themselves live in ``methods.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import inspect
import itertools
import json
import math
import re
import socket
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
from aiohttp import BodyPartReader, MultipartReader, web
from aiohttp.base_protocol import BaseProtocol
from aiohttp.streams import StreamReader

from .methods import BotApi, Params, scope_key
from .model import (
    ApiError,
    FakeCallback,
    FakeChat,
    FakeMessage,
    FakeUser,
    MalformedCall,
    Upload,
)
from .params import check as check_params

# With an injected poll clock, a waiting getUpdates looks at that clock this often (real
# seconds): the clock cannot wake it when a test moves it.
POLL_RECHECK_SECONDS = 0.02

# Update types Telegram sends when allowed_updates is empty/unset.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

# Parameters whose form value is a plain string, never JSON (e.g. text "123" stays "123").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "language_code",
        "description",
        "short_description",
        "name",
        "inline_message_id",
        "business_connection_id",
        "action",
        "ip_address",
        "custom_title",
        "icon_custom_emoji_id",
        "question",
        "type",
    }
)
# Parameters that carry JSON objects/arrays (strings in form data; maybe strings in JSON too).
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "commands",
        "scope",
        "allowed_updates",
        "message_ids",
        "options",
    }
)

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_PATH_RE = re.compile(r"^/bot([^/]*)/([^/]*)$")


@dataclass
class _Queued:
    update_id: int
    kind: str
    update: dict
    delivered: bool = False
    replay: bool = False  # raw update with an old id: not acknowledged before delivery


@dataclass
class _Fault:
    method: str
    drop: bool
    times: int
    chat_id: Any = None
    error_code: int = 0
    description: str = ""
    parameters: dict | None = None


@dataclass
class _Flood:
    """Telegram's flood ban: every call for the chat (or, without a chat, every call but
    getUpdates) answers 429 until the ban ends."""

    chat_id: Any
    until: dtm.datetime
    retry_after: int | None  # None: the seconds left, rounded up, as Telegram says it


@dataclass(eq=False)
class _Poll:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    conflict: bool = False


class Dropped(Exception):
    """A fault drops the call's connection without an answer (`FakeTelegram.drop_next`)."""


class FakeTelegram:
    """A fake Telegram Bot API server plus a scriptable world of users and chats."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "aandeslag_bot",
        bot_first_name: str = "Aan de slag",
        *,
        clock: Callable[[], dtm.datetime] | None = None,
        strict_html: bool = True,
        bot_id: int = 7_000_000_001,
        settle: float = 0.05,
        poll_clock: Callable[[], float] | None = None,
    ) -> None:
        self.token = token
        self.clock = clock or (lambda: dtm.datetime.now(dtm.UTC))
        # Seconds on which a long poll (getUpdates with a timeout) expires; by default the
        # event loop's. A test that injects one decides when a waiting poll times out.
        self._poll_clock = poll_clock
        self.strict_html = strict_html
        self.settle = settle
        self.bot = FakeUser(self, bot_id, bot_first_name, username=bot_username, is_bot=True)
        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.requests: list[tuple[str, dict]] = []  # every API call except getUpdates
        self.updates: list[dict] = []  # every update ever queued, for debugging
        self.callbacks: dict[str, FakeCallback] = {}
        self.files: dict[str, Upload] = {}
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None}
        self.commands_by_scope: dict[tuple[str, str], list[dict]] = {}
        self.base_url = ""
        self.port = 0
        # Called after every Bot API call but getUpdates: whoever shows this world (the
        # rehearsal room) redraws then.
        self.watchers: list[Callable[[], None]] = []

        self._queue: list[_Queued] = []
        self._last_update_id = 100_000_000
        self._allowed_updates: list[str] | None = None
        self._polls: set[_Poll] = set()
        self._faults: list[_Fault] = []
        self._floods: list[_Flood] = []
        self._in_flight: Counter[str] = Counter()
        self._last_activity = time.monotonic()
        self._user_ids = itertools.count(5_000_000_001)
        self._supergroup_ids = itertools.count(1_002_000_000_001)
        self._group_ids = itertools.count(4_000_000_001)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        # Calls Telegram would refuse for their shape: (method, description).
        self.malformed: list[tuple[str, str]] = []
        self._api = BotApi(self)
        self._runner: web.AppRunner | None = None
        self._closing = False

    # ------------------------------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        site = web.SockSite(self._runner, sock)
        await site.start()
        self.port = sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        self._closing = False
        return self

    async def stop(self) -> None:
        self._closing = True
        for poll in list(self._polls):
            poll.wake.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------------------------------
    # World building
    # ------------------------------------------------------------------------------------------

    def _now(self) -> int:
        return int(self.clock().timestamp())

    def add_user(
        self,
        first_name: str,
        *,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "nl",
    ) -> FakeUser:
        user = FakeUser(
            self,
            next(self._user_ids),
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self.users[user.id] = user
        return user

    def add_group(
        self,
        title: str,
        members: Iterable[FakeUser] = (),
        *,
        privacy: bool = True,
        bot_is_admin: bool = False,
        forum: bool = False,
        supergroup: bool = True,
        admins: Iterable[FakeUser] = (),
        owner: FakeUser | None = None,
        username: str | None = None,
        announce_bot: bool = False,
    ) -> FakeChat:
        """Create a group the bot is in. ``announce_bot`` queues the "bot was added" updates."""
        assert supergroup or not forum, "forums are supergroups"
        chat = self._register_group(
            title,
            supergroup=supergroup,
            privacy=privacy,
            bot_status="administrator" if bot_is_admin else "member",
            forum=forum,
            username=username,
        )
        for user in members:
            chat.members[user.id] = "member"
        for user in admins:
            chat.members[user.id] = "administrator"
        if owner is not None:
            chat.members[owner.id] = "creator"
        if announce_bot:
            actor = owner or chat._default_actor()
            self._queue_my_chat_member(chat, actor, "left", chat.bot_status)
            msg = chat._new_message(actor, service={"new_chat_members": [self.bot]})
            self._deliver_message(msg)
        return chat

    def _register_group(
        self,
        title: str,
        *,
        supergroup: bool,
        privacy: bool,
        bot_status: str,
        forum: bool = False,
        username: str | None = None,
    ) -> FakeChat:
        chat_id = -next(self._supergroup_ids) if supergroup else -next(self._group_ids)
        chat = FakeChat(
            self,
            chat_id,
            "supergroup" if supergroup else "group",
            title=title,
            username=username,
            is_forum=forum,
            privacy=privacy,
            bot_status=bot_status,
        )
        self.chats[chat_id] = chat
        return chat

    def _register_private_chat(self, user: FakeUser) -> FakeChat:
        chat = FakeChat(self, user.id, "private", user=user)
        self.chats[user.id] = chat
        return chat

    def chat(self, chat_id: int | str) -> FakeChat | None:
        """Look up a chat by id or "@username" (private chats are created on demand)."""
        if isinstance(chat_id, str):
            if chat_id.startswith("@"):
                name = chat_id[1:].lower()
                return next(
                    (c for c in self.chats.values() if (c.username or "").lower() == name), None
                )
            try:
                chat_id = int(chat_id)
            except ValueError:
                return None
        if chat_id in self.chats:
            return self.chats[chat_id]
        user = self.users.get(chat_id)
        return user.private_chat if user is not None else None

    # ------------------------------------------------------------------------------------------
    # Updates
    # ------------------------------------------------------------------------------------------

    def _queue_update(self, kind: str, payload: dict) -> dict:
        self._last_update_id += 1
        update = {"update_id": self._last_update_id, kind: payload}
        self._append(_Queued(self._last_update_id, kind, update))
        return update

    def _append(self, queued: _Queued) -> None:
        self._queue.append(queued)
        self.updates.append(queued.update)
        for poll in self._polls:
            poll.wake.set()

    def _deliver_message(self, msg: FakeMessage, *, edited: bool = False) -> None:
        """Queue a (edited_)message update if Telegram would deliver it to the bot."""
        if msg.chat.bot_can_see(msg):
            self._queue_update("edited_message" if edited else "message", msg.to_dict())

    def _queue_my_chat_member(self, chat: FakeChat, actor: FakeUser, old: str, new: str) -> None:
        self._queue_update(
            "my_chat_member",
            {
                "chat": chat.to_dict(),
                "from": actor.to_dict(),
                "date": self._now(),
                "old_chat_member": self._api.member_dict(self.bot, old),
                "new_chat_member": self._api.member_dict(self.bot, new),
            },
        )

    def _queue_chat_member(
        self, chat: FakeChat, actor: FakeUser, user: FakeUser, old: str, new: str
    ) -> None:
        """A member's status changed. Telegram sends chat_member only to a bot that is
        admin in the chat (and lists it in allowed_updates, which `_take_updates` checks)."""
        if not chat.bot_is_admin or old == new:
            return
        self._queue_update(
            "chat_member",
            {
                "chat": chat.to_dict(),
                "from": actor.to_dict(),
                "date": self._now(),
                "old_chat_member": self._api.member_dict(user, old),
                "new_chat_member": self._api.member_dict(user, new),
            },
        )

    def _queue_callback(self, user: FakeUser, msg: FakeMessage, data: str) -> FakeCallback:
        query_id = str(4_200_000_000_000_000_000 + next(self._callback_ids))
        callback = FakeCallback(query_id, user, msg, data)
        self.callbacks[query_id] = callback
        self._queue_update(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_dict(),
                "message": msg.to_dict(),
                "chat_instance": str(abs(msg.chat.id) * 7 + 13),
                "data": data,
            },
        )
        return callback

    async def send_raw_update(self, update: dict) -> dict:
        """Queue any raw update. Without "update_id" the next id is assigned.

        An explicit old update_id (e.g. to simulate a duplicate) is delivered once even if the
        bot already acknowledged that id.
        """
        update = dict(update)
        kinds = [k for k in update if k != "update_id"]
        assert len(kinds) == 1, f"an update has exactly one payload key, got {kinds}"
        if "update_id" not in update:
            self._last_update_id += 1
            update["update_id"] = self._last_update_id
        update_id = update["update_id"]
        replay = update_id <= self._last_update_id
        self._last_update_id = max(self._last_update_id, update_id)
        self._append(_Queued(update_id, kinds[0], update, replay=replay))
        return update

    @property
    def last_update_id(self) -> int:
        """The id of the newest update queued so far (delivered or not)."""
        return self._last_update_id

    @property
    def polls_waiting(self) -> int:
        """getUpdates calls waiting for an update right now."""
        return len(self._polls)

    @property
    def pending_updates(self) -> list[dict]:
        """Updates not yet acknowledged by the bot."""
        return [q.update for q in self._queue]

    def pop_updates(self) -> list[dict]:
        """Hand over every queued update and forget it, as Telegram does once a webhook
        answered 200. The test then posts them to the bot's webhook (or webhooks)."""
        updates = [q.update for q in self._queue]
        self._queue = []
        return updates

    def _acknowledge(self, offset: int) -> None:
        if offset < 0:
            keep = self._queue[offset:]
            self._queue = keep
            return
        self._queue = [
            q for q in self._queue if q.update_id >= offset or (q.replay and not q.delivered)
        ]

    def _take_updates(self, limit: int) -> list[dict]:
        excluded = (
            DEFAULT_EXCLUDED_UPDATES
            if not self._allowed_updates
            else {k for k in _all_kinds(self._queue) if k not in self._allowed_updates}
        )
        self._queue = [q for q in self._queue if q.kind not in excluded]
        batch = self._queue[:limit]
        for queued in batch:
            queued.delivered = True
        if batch:
            self._last_activity = time.monotonic()
        return [q.update for q in batch]

    async def _poll_updates(self, offset: int, limit: int, wait_seconds: float) -> list[dict]:
        for other in self._polls:
            other.conflict = True
            other.wake.set()
        self._acknowledge(offset)
        poll = _Poll()
        self._polls.add(poll)
        now = self._poll_clock or asyncio.get_running_loop().time
        recheck = POLL_RECHECK_SECONDS if self._poll_clock else float("inf")
        deadline = now() + wait_seconds
        try:
            while True:
                poll.wake.clear()
                updates = self._take_updates(limit)
                if updates or poll.conflict or self._closing:
                    break
                remaining = deadline - now()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(poll.wake.wait(), min(remaining, recheck))
                except TimeoutError:
                    pass
        finally:
            self._polls.discard(poll)
        if poll.conflict and not updates:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        return updates

    # ------------------------------------------------------------------------------------------
    # Fault injection
    # ------------------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error_code: int | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally for ``chat_id``) fail.

        error_code defaults to 429 (400 when migrate_to_chat_id is given); retry_after
        defaults to 1 for 429.
        """
        if error_code is None:
            error_code = 400 if migrate_to_chat_id is not None else 429
        parameters: dict[str, int] = {}
        if error_code == 429:
            retry_after = 1 if retry_after is None else retry_after
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if description is None:
            if error_code == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            elif migrate_to_chat_id is not None:
                description = "Bad Request: group chat was upgraded to a supergroup chat"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(error_code, "Unknown error")
        self._faults.append(
            _Fault(
                method.lower(),
                drop=False,
                times=times,
                chat_id=chat_id,
                error_code=error_code,
                description=description,
                parameters=parameters or None,
            )
        )

    def flood(
        self,
        *,
        seconds: float,
        chat_id: int | str | None = None,
        retry_after: int | None = None,
    ) -> dtm.datetime:
        """A flood ban from now (on the fake's clock) for ``seconds``: every call for
        ``chat_id`` answers 429, or, without a chat, every call of the bot except
        getUpdates. ``retry_after`` is what each 429 says (by default the time left, as
        Telegram does); a bot that retries too early is refused again. Returns the end."""
        until = self.clock() + dtm.timedelta(seconds=seconds)
        self._floods.append(_Flood(chat_id, until, retry_after))
        return until

    def _flood_for(self, method: str, params: dict) -> ApiError | None:
        now = self.clock()
        self._floods = [f for f in self._floods if f.until > now]
        for flood in self._floods:
            if flood.chat_id is None:
                if method == "getupdates":
                    continue
            elif str(params.get("chat_id")) != str(flood.chat_id):
                continue
            left = math.ceil((flood.until - now).total_seconds())
            wait = left if flood.retry_after is None else flood.retry_after
            return ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        return None

    def drop_next(self, method: str, times: int = 1, *, chat_id: int | str | None = None) -> None:
        """Close the connection of the next call(s) of ``method`` without a response."""
        self._faults.append(_Fault(method.lower(), drop=True, times=times, chat_id=chat_id))

    def _take_fault(self, method: str, params: dict) -> _Fault | None:
        for fault in self._faults:
            if fault.method != method:
                continue
            if fault.chat_id is not None and str(params.get("chat_id")) != str(fault.chat_id):
                continue
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            return fault
        return None

    # ------------------------------------------------------------------------------------------
    # Waiting and inspection
    # ------------------------------------------------------------------------------------------

    def calls(self, method: str) -> list[dict]:
        """Parameters of every recorded call of ``method`` (case-insensitive)."""
        return [p for m, p in self.requests if m.lower() == method.lower()]

    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        """Commands stored by setMyCommands for that scope and language."""
        return self.commands_by_scope.get((scope_key(scope), language_code), [])

    async def wait_until(
        self,
        predicate: Callable[[], Any],
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the test-facing API
        *,
        message: str | None = None,
        interval: float = 0.01,
    ) -> Any:
        """Poll ``predicate`` (sync or async) until truthy; returns its value.

        Exceptions raised by the predicate (e.g. IndexError on an empty list) count as
        "not yet"; the last one is shown if the wait times out.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_error: Exception | None = None
        while True:
            try:
                value = predicate()
                if inspect.isawaitable(value):
                    value = await value
            except Exception as exc:  # noqa: BLE001 - reported on timeout
                value, last_error = None, exc
            if value:
                return value
            if loop.time() >= deadline:
                error = f"\n  last error in predicate: {last_error!r}" if last_error else ""
                raise AssertionError(
                    f"wait_until timed out after {timeout}s: {message or _describe(predicate)}"
                    f"{error}\n" + self._state_report()
                )
            await asyncio.sleep(interval)

    def _is_idle(self) -> bool:
        if sum(self._in_flight.values()):
            return False
        if not all(q.delivered for q in self._queue):
            return False
        if self._queue and self._polls:
            return False  # a poller is waiting but has not acknowledged (stale poller)
        return time.monotonic() - self._last_activity >= self.settle

    async def wait_idle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until all updates were fetched and acknowledged and no API call is running."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._is_idle():
            if loop.time() >= deadline:
                raise AssertionError(
                    f"wait_idle timed out after {timeout}s (is the bot polling?)\n"
                    + self._state_report()
                )
            await asyncio.sleep(0.01)

    def _state_report(self) -> str:
        undelivered = [q.update_id for q in self._queue if not q.delivered]
        unacked = [q.update_id for q in self._queue if q.delivered]
        recent = [m for m, _ in self.requests[-10:]]
        in_flight = {m: n for m, n in self._in_flight.items() if n}
        return (
            f"  updates not fetched: {undelivered}\n"
            f"  updates fetched, not acknowledged: {unacked}\n"
            f"  getUpdates waiting: {self.polls_waiting}; API calls in flight: {in_flight}\n"
            f"  last requests: {recent}"
        )

    # ------------------------------------------------------------------------------------------
    # HTTP
    # ------------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        try:
            status, body = await self.answer(request.path, lambda: _read_params(request))
        except Dropped:
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError from None
        return web.json_response(body, status=status)

    def transport(self) -> httpx.AsyncBaseTransport:
        """A line to this stand-in inside the process, for a bot in the test's own event
        loop: the same answers as over HTTP, without the sockets and the two HTTP stacks
        (a tenth of the CPU an end-to-end test took). Bots in processes of their own, and
        the tests of the HTTP layer itself, still go over HTTP."""
        return _InProcess(self)

    async def answer_form(
        self, path: str, fields: Mapping[str, str], files: Mapping[str, Upload] | None = None
    ) -> tuple[int, dict]:
        """Telegram's status and JSON body for a call posted as a form (`fields` its values,
        `files` its uploads), handed over without encoding it: for a client in the test's
        own process that can give its calls so (tests/e2e/harness.py, for the bot's
        python-telegram-bot). The values are read as a form's over HTTP. Raises Dropped
        when a fault drops the connection."""

        async def read() -> tuple[dict, dict[str, Upload]]:
            return {key: _decode_form(key, value) for key, value in fields.items()}, dict(
                files or {}
            )

        return await self.answer(path, read)

    async def answer(
        self, path: str, read: Callable[[], Awaitable[tuple[dict, dict[str, Upload]]]]
    ) -> tuple[int, dict]:
        """Telegram's status and JSON body for a call to `path` whose parameters `read()`
        gives (HTTP's or _InProcess's); raises Dropped when a fault drops the connection."""
        match = _PATH_RE.match(path)
        if match is None:
            return _error_body(ApiError(404, "Not Found"))
        token, method = match.groups()
        if token != self.token:
            return _error_body(ApiError(401, "Unauthorized"))
        key = method.lower()
        polling = key == "getupdates"
        try:
            params, uploads = await read()
        except ValueError as exc:
            return _error_body(ApiError(400, f"Bad Request: {exc}"))
        if not polling:
            self.requests.append((method, {**params, **uploads}))
            self._in_flight[method] += 1
            self._last_activity = time.monotonic()
        try:
            flooded = self._flood_for(key, params)
            if flooded is not None:
                raise flooded
            fault = self._take_fault(key, params)
            if fault is not None:
                if fault.drop:
                    raise Dropped
                raise ApiError(fault.error_code, fault.description, fault.parameters)
            handler = self._api.handler(key)
            if handler is None:
                raise ApiError(404, "Not Found")
            check_params(method, params)
            result = await handler(Params(params, uploads))
            return 200, {"ok": True, "result": result}
        except ApiError as exc:
            if isinstance(exc, MalformedCall):
                self.malformed.append((method, exc.description))
            return _error_body(exc)
        finally:
            if not polling:
                self._in_flight[method] -= 1
                self._last_activity = time.monotonic()
                for watcher in self.watchers:
                    watcher()


def _error_body(exc: ApiError) -> tuple[int, dict]:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": exc.error_code,
        "description": exc.description,
    }
    if exc.parameters:
        body["parameters"] = exc.parameters
    return exc.error_code, body


async def _read_params(request: web.Request) -> tuple[dict, dict[str, Upload]]:
    """Parameters from query string and body (JSON, urlencoded or multipart)."""
    params: dict[str, Any] = {k: _decode_form(k, v) for k, v in request.query.items()}
    uploads: dict[str, Upload] = {}
    if not request.can_read_body:
        return params, uploads
    if request.content_type == "application/json":
        _read_json(await request.read(), params)
        return params, uploads
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = Upload(
                filename=value.filename,
                content=value.file.read(),
                mime_type=value.content_type,
            )
        else:
            params[key] = _decode_form(key, str(value))
    return params, uploads


def _read_json(raw: bytes, params: dict[str, Any]) -> None:
    body = json.loads(raw) if raw.strip() else {}
    if not isinstance(body, dict):
        raise ValueError("JSON body must be an object")
    for key, value in body.items():
        if key in _JSON_PARAMS and isinstance(value, str):
            value = _decode_form(key, value)
        params[key] = value


async def _read_request(request: httpx.Request) -> tuple[dict, dict[str, Upload]]:
    """The same parameters from a request that never went over the wire (_InProcess)."""
    params: dict[str, Any] = {k: _decode_form(k, v) for k, v in request.url.params.multi_items()}
    uploads: dict[str, Upload] = {}
    raw = await request.aread()
    content_type = request.headers.get("content-type", "")
    if not raw:
        return params, uploads
    if content_type.startswith("application/json"):
        _read_json(raw, params)
    elif content_type.startswith("multipart/form-data"):
        # aiohttp's reader, as over HTTP, on the whole body at once (the limit above it:
        # with nobody to pause, the stream must not ask to).
        loop = asyncio.get_running_loop()
        stream = StreamReader(BaseProtocol(loop), len(raw) + 1, loop=loop)
        stream.feed_data(raw)
        stream.feed_eof()
        async for part in MultipartReader({"Content-Type": content_type}, stream):
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            content = await part.read(decode=True)
            if part.filename is None:
                params[part.name] = _decode_form(part.name, content.decode())
            else:
                mime_type = part.headers.get("Content-Type", "application/octet-stream")
                uploads[part.name] = Upload(
                    filename=part.filename, content=bytes(content), mime_type=mime_type
                )
    else:
        for key, value in parse_qsl(raw.decode(), keep_blank_values=True):
            params[key] = _decode_form(key, value)
    return params, uploads


class _InProcess(httpx.AsyncBaseTransport):
    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            status, body = await self.fake.answer(request.url.path, lambda: _read_request(request))
        except Dropped:
            # What the bot's HTTP client reports when the server drops the connection.
            raise httpx.RemoteProtocolError("Server disconnected", request=request) from None
        return httpx.Response(
            status,
            content=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
            request=request,
        )


def _decode_form(key: str, value: str) -> Any:
    """Form values are strings; PTB JSON-encodes everything that is not a string."""
    if key in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        if key in _JSON_PARAMS:
            raise ValueError(f"can't parse {key} JSON object") from None
        return value


def _all_kinds(queue: list[_Queued]) -> set[str]:
    return {q.kind for q in queue}


def _describe(predicate: Callable[[], Any]) -> str:
    try:
        return inspect.getsource(predicate).strip()
    except (OSError, TypeError):
        return repr(predicate)
