"""The room's web server: the page, its JSON actions, live updates and file downloads.

Live updates are server-sent events: the page is told the room changed and fetches what it
shows; one-way is all it needs, and EventSource reconnects by itself.

Only the room's own page may use /api/*: another site the user has open could otherwise
send it requests (a form posting text/plain needs no permission from us), and a name
that points at 127.0.0.1 (DNS rebinding) could even read the answers. So the Host must be
one the room listens on, a browser's Origin must be the room's own, and an action must
come as JSON, which a foreign page cannot send without asking first.
"""

from __future__ import annotations

import asyncio
import json
import logging
from importlib import resources
from urllib.parse import quote

from aiohttp import web

from rehearsal.colleagues import PracticeColleagues
from rehearsal.room import Room, RoomError
from rehearsal.view import state

log = logging.getLogger(__name__)

STATIC = resources.files("rehearsal") / "static"
PAGES = {
    "/": ("index.html", "text/html"),
    "/room.css": ("room.css", "text/css"),
    "/room.js": ("room.js", "text/javascript"),
}
KEEP_ALIVE_SECONDS = 15.0
# The first bytes of the two image formats a photo may have.
IMAGE_TYPES = {b"\x89P": "image/png", b"\xff\xd8": "image/jpeg"}
ROOM_KEY = web.AppKey("room", Room)
COLLEAGUES_KEY = web.AppKey("colleagues", PracticeColleagues)


LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
# Listening on every address, the room cannot know the name it is reached by.
EVERY_ADDRESS = frozenset({"", "0.0.0.0", "::"})


def room_hosts(listen: str) -> frozenset[str] | None:
    """The host names the room answers to; None: any."""
    return None if listen in EVERY_ADDRESS else LOOPBACK | {listen.strip("[]").lower()}


def api_guard(hosts: frozenset[str] | None):
    @web.middleware
    async def guard(request: web.Request, handler):
        if request.path.startswith("/api/"):
            refused = _refusal(request, hosts)
            if refused is not None:
                status, text = refused
                return web.json_response({"error": text}, status=status)
        return await handler(request)

    return guard


def _refusal(request: web.Request, hosts: frozenset[str] | None) -> tuple[int, str] | None:
    if hosts is not None and (request.url.host or "").strip("[]").lower() not in hosts:
        return 403, "Dit adres hoort niet bij de oefenruimte."
    origin = request.headers.get("Origin")
    if origin is not None and origin != str(request.url.origin()):
        return 403, "Dit verzoek komt niet van de pagina van de oefenruimte."
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return 403, "Dit verzoek komt niet van de pagina van de oefenruimte."
    if request.method == "POST" and request.content_type != "application/json":
        return 415, "Stuur een verzoek aan de oefenruimte als JSON."
    return None


def build_app(room: Room, colleagues: PracticeColleagues) -> web.Application:
    app = web.Application(
        client_max_size=64 * 1024,
        middlewares=[api_guard(room_hosts(room.base_settings.rehearsal_listen))],
    )
    app[ROOM_KEY] = room
    app[COLLEAGUES_KEY] = colleagues
    for path in PAGES:
        app.router.add_get(path, page)
    app.router.add_get("/api/state", get_state)
    app.router.add_get("/api/events", events)
    app.router.add_post("/api/{action}", act)
    app.router.add_get("/bestand/{file_id}/{name}", download)
    return app


async def page(request: web.Request) -> web.Response:
    name, content_type = PAGES[request.path]
    return web.Response(
        text=(STATIC / name).read_text(encoding="utf-8"),
        content_type=content_type,
        headers={"Cache-Control": "no-store"},
    )


async def get_state(request: web.Request) -> web.Response:
    room = request.app[ROOM_KEY]
    try:
        world = room.current()
        moment = await room.next_moment()
        viewer = request.query.get("als", "")
        body = state(
            world,
            viewer_id=int(viewer) if viewer.isdigit() else None,
            where=request.query.get("chat", "group"),
            tz=room.base_settings.tz,
            next_moment=moment,
            version=room.version,
            autoplay=request.app[COLLEAGUES_KEY].enabled,
        )
    except RoomError as exc:
        return web.json_response({"error": str(exc)}, status=503)
    return web.json_response(body, headers={"Cache-Control": "no-store"})


async def events(request: web.Request) -> web.StreamResponse:
    room = request.app[ROOM_KEY]
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    seen = -1
    try:
        while True:
            version = await room.wait_for_change(seen, KEEP_ALIVE_SECONDS)
            if version == seen:
                await response.write(b": nog hier\n\n")
                continue
            seen = version
            await response.write(f"data: {version}\n\n".encode())
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


async def act(request: web.Request) -> web.Response:
    room = request.app[ROOM_KEY]
    colleagues = request.app[COLLEAGUES_KEY]
    try:
        body = await request.json()
    except json.JSONDecodeError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    action = request.match_info["action"]
    try:
        result = await _act(room, colleagues, action, body)
    except RoomError as exc:
        return web.json_response({"error": str(exc)}, status=400)
    except (KeyError, TypeError, ValueError):
        return web.json_response({"error": "Dat verzoek begrijp ik niet."}, status=400)
    return web.json_response(result or {})


async def _act(room: Room, colleagues: PracticeColleagues, action: str, body: dict):
    where = "private" if body.get("chat") == "private" else "group"
    if action == "zeg":
        reply_to = body.get("reply_to")
        message = await room.say(
            int(body["als"]),
            where,
            str(body["tekst"]),
            reply_to=int(reply_to) if reply_to else None,
        )
        return {"id": message.message_id}
    if action == "druk":
        return await room.press(int(body["als"]), where, int(body["bericht"]), str(body["data"]))
    if action == "stem":
        options = [int(i) for i in body["opties"]]
        await room.vote(int(body["als"]), where, int(body["bericht"]), options)
        return None
    if action == "prive":
        start = body.get("start")
        await room.open_private(int(body["als"]), str(start) if start else None)
        return None
    if action == "naam":
        room.rename(int(body["id"]), str(body["naam"]))
        return None
    if action == "tempo":
        await room.set_speed(int(body["tempo"]))
        return None
    if action == "volgende-moment":
        moment = await room.jump()
        return {"moment": moment.isoformat() if moment else None}
    if action == "meedoen":
        colleagues.enabled = bool(body["aan"])
        room.notify()
        return None
    if action == "opnieuw":
        colleagues.forget()
        await room.reset()
        return None
    raise RoomError("Dat kan hier niet.")


async def download(request: web.Request) -> web.Response:
    """A file the bot sent. Photos may show in the page; everything else downloads, so a
    document (which may hold member text) never runs as a page of the room."""
    room = request.app[ROOM_KEY]
    try:
        world = room.current()
    except RoomError as exc:
        raise web.HTTPServiceUnavailable(text=str(exc)) from None
    upload = world.fake.files.get(request.match_info["file_id"])
    if upload is None:
        raise web.HTTPNotFound(text="Dit bestand is er niet (meer).")
    image = IMAGE_TYPES.get(upload.content[:2])
    if "inline" in request.query and image is not None:
        content_type, disposition = image, "inline"
    else:
        content_type, disposition = upload.mime_type or "application/octet-stream", "attachment"
    return web.Response(
        body=upload.content,
        content_type=content_type,
        headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(upload.filename)}",
            "X-Content-Type-Options": "nosniff",
        },
    )
