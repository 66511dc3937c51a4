"""The rehearsal room's web server as another web page (or a name pointing at 127.0.0.1)
would try it: only the room's own page may act, and only with JSON; and a Telegram link
the bot sends (a reminder's "Start een chat met mij") keeps the user inside the room."""

from __future__ import annotations

import json

import pytest
from aiohttp.test_utils import TestClient, TestServer

from rehearsal.colleagues import PracticeColleagues, Samples
from rehearsal.web import build_app
from tests.telegram.rehearsal.test_room import said, until


@pytest.fixture
async def client(room):
    colleagues = PracticeColleagues(room, Samples.load())
    async with TestClient(TestServer(build_app(room, colleagues), host="127.0.0.1")) as opened:
        yield opened


def own_origin(client: TestClient) -> str:
    return f"http://127.0.0.1:{client.port}"


async def say_in_group(client: TestClient, room, text: str, **request):
    chair = room.current().chair
    body = json.dumps({"als": chair.id, "chat": "group", "tekst": text})
    return await client.post("/api/zeg", data=body, **request)


async def test_only_json_from_the_rooms_own_page_acts(client, room):
    group = room.current().group
    json_type = {"Content-Type": "application/json"}

    # A form on another site can post text/plain without asking: refused.
    refused = await say_in_group(
        client,
        room,
        "/sessie",
        headers={"Content-Type": "text/plain", "Origin": own_origin(client)},
    )
    assert refused.status == 415
    # JSON from another site's page, or a page the browser fetched for another name.
    refused = await say_in_group(
        client, room, "/sessie", headers={**json_type, "Origin": "http://evil.example"}
    )
    assert refused.status == 403
    refused = await say_in_group(
        client, room, "/sessie", headers={**json_type, "Sec-Fetch-Site": "cross-site"}
    )
    assert refused.status == 403
    rebound = {
        "Host": f"evil.example:{client.port}",
        "Origin": f"http://evil.example:{client.port}",
    }
    refused = await say_in_group(client, room, "/sessie", headers={**json_type, **rebound})
    assert refused.status == 403
    assert (await client.get("/api/state", headers=rebound)).status == 403
    refused = await say_in_group(client, room, "/sessie", headers={**json_type, "Origin": "null"})
    assert refused.status == 403
    assert "niet van de pagina" in (await refused.json())["error"]
    assert not [m for m in group.messages if m.text == "/sessie"], "nothing was said"

    # The room's own page.
    accepted = await say_in_group(
        client, room, "/sessie", headers={**json_type, "Origin": own_origin(client)}
    )
    assert accepted.status == 200
    await until(room, lambda: said(room, "Aan de slag met internationalisering"))
    assert (await client.get("/api/state", headers={"Sec-Fetch-Site": "same-origin"})).status == 200


def links_in(state: dict) -> list:
    """Every link of every message the page is given: entities and buttons."""
    found = []
    for message in state["chat"]["messages"]:
        found += [e for e in message.get("entities") or [] if "url" in e or "room" in e]
        found += [b for row in message.get("buttons", []) for b in row if "url" in b or "room" in b]
    return found


async def test_start_een_chat_met_mij_opens_the_rooms_own_private_chat(client, room):
    world = room.current()
    chair = world.chair
    headers = {"Content-Type": "application/json", "Origin": own_origin(client)}
    await say_in_group(client, room, "/actie ik morgen: Teamleider informeren", headers=headers)
    await until(room, lambda: said(room, "Actie #1"))
    # The reminder goes to the group (the chair never opened the bot's chat), with a link.
    for _ in range(10):
        if said(room, "Start een chat met mij"):
            break
        await room.jump()
    await until(room, lambda: said(room, "Start een chat met mij"))

    state = await (await client.get("/api/state", params={"als": str(chair.id)})).json()
    links = links_in(state)
    assert links, "the reminder's link and button are shown"
    assert all("url" not in link for link in links if "t.me" in json.dumps(link)), links
    assert {"chat": "private", "start": "koppel"} in [link.get("room") for link in links]

    # Following it opens the private chat as Telegram's deep link does: /start koppel.
    followed = await client.post(
        "/api/prive", data=json.dumps({"als": chair.id, "start": "koppel"}), headers=headers
    )
    assert followed.status == 200
    private = chair.private_chat
    await until(room, lambda: any("Gelukt!" in (m.text or "") for m in private.bot_messages()))
    assert [m.text for m in private.messages if m.from_user is chair] == ["/start koppel"]
