"""The rehearsal room without a browser: the real bot in the practice group, the clock at
speed and jumping, the practice colleagues answering by themselves, and a reset."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from rehearsal.colleagues import PracticeColleagues, Samples
from rehearsal.room import Room
from rehearsal.view import state
from storage.db import make_engine
from storage.models import Answer, Mark, OutboxMessage, WorkSession


def said(room: Room, containing: str) -> list:
    group = room.current().group
    return [m for m in group.bot_messages() if containing in (m.text or "")]


async def until(room: Room, predicate, seconds: float = 10, message: str = "") -> None:
    await room.current().fake.wait_until(predicate, timeout=seconds, message=message)


async def open_session(room: Room, minutes: int = 10) -> None:
    chair = room.current().chair
    await room.say(chair.id, "group", f"/sessie {minutes}")
    await until(room, lambda: said(room, "Aan de slag met internationalisering"))


async def begin(room: Room) -> None:
    await room.say(room.current().chair.id, "group", "/begin")
    await until(room, lambda: said(room, "Stap 1 van 5"))


def all_sent(room: Room) -> bool:
    return all(row.status == "sent" for row in rows(room, OutboxMessage))


def rows(room: Room, model) -> list:
    with Session(room.current().services.engine) as db:
        return list(db.exec(select(model)).all())


async def test_at_60x_the_bot_wakes_up_on_time_without_a_jump(room):
    await open_session(room)
    await begin(room)
    await room.set_speed(60)
    # Step 1 of a 10-minute session lasts 80 s of the bot's time: under 2 s at 60x, 80 s if
    # the bot slept in real time. The wait stops well short of 80 s and has room for a
    # loaded machine; how fast the room runs is not asserted here.
    await until(room, lambda: said(room, "Stap 2 van 5"), seconds=40)
    assert said(room, "Hulpvraag · stap 1"), "the hulpvraag in between came too"


async def test_next_moment_jumps_to_what_the_bot_planned_and_it_happens(room):
    await open_session(room)
    assert await room.jump() is None, "nothing is planned before /begin"
    await begin(room)
    world = room.current()
    before = world.clock.now()
    planned = await room.next_moment()
    assert planned is not None and planned > before
    moment = await room.jump()
    assert moment == planned and world.clock.now() >= planned
    await until(room, lambda: said(room, "Hulpvraag · stap 1"))
    for _ in range(5):
        if said(room, "Stap 2 van 5"):
            break
        await room.jump()
        await until(room, lambda: all_sent(room), message="the outbox was delivered")
    assert said(room, "Stap 2 van 5"), "step 2 should be a few moments away"
    # A 10-minute session's first step is 80 s: the jumps went no further than its end.
    assert world.clock.now() - before < timedelta(minutes=2)


async def test_practice_colleagues_join_answer_and_mark_with_examples(room):
    colleagues = PracticeColleagues(room, Samples.load(), pause=(0.02, 0.05), seed=7)
    colleagues.enabled = True
    await open_session(room)
    opening = said(room, "Aan de slag met internationalisering")[0]
    await until(room, lambda: "Deelnemers (5)" in opening.text, message="all five joined")
    await begin(room)
    world = room.current()
    others = {user.id for user in world.colleagues[1:]}
    await until(room, lambda: {a.user_id for a in rows(room, Answer)} == others, seconds=15)
    answers = rows(room, Answer)
    samples = Samples.load().answers[1]
    assert all(a.text in samples and a.step == 1 for a in answers)
    group = world.group
    stored = [group.message(answer.message_id) for answer in answers]
    await until(room, lambda: all(m.bot_reactions == ["✍"] for m in stored), message="✍ on all")
    assert {(group.id, m.message_id) for m in stored} <= world.examples
    shown = state(
        world,
        viewer_id=world.chair.id,
        where="group",
        tz=room.base_settings.tz,
        next_moment=None,
        version=room.version,
        autoplay=True,
    )
    examples = [m for m in shown["chat"]["messages"] if m.get("example")]
    assert {m["text"] for m in examples} == {a.text for a in answers}
    # On to step 3: they mark competences on the poster board.
    chair = world.chair
    await room.say(chair.id, "group", "/volgende")
    await until(room, lambda: said(room, "Stap 2 van 5"))
    await room.say(chair.id, "group", "/volgende")
    await until(room, lambda: said(room, "Stap 3 van 5"))
    await until(room, lambda: {m.user_id for m in rows(room, Mark)} == others, seconds=15)


async def test_reset_starts_the_room_empty_and_the_real_database_is_never_touched(
    room, room_settings
):
    await open_session(room)
    await begin(room)
    await room.set_speed(10)
    await room.reset()
    world = room.current()
    assert world.group.messages == []
    assert world.clock.speed == 1
    assert rows(room, WorkSession) == []
    await open_session(room)
    assert len(said(room, "Aan de slag met internationalisering")) == 1
    production = Path(room_settings.database_url.removeprefix("sqlite:///"))
    assert not await asyncio.to_thread(production.exists)
    with Session(make_engine(room.database_url)) as db:
        assert len(db.exec(select(WorkSession)).all()) == 1
