"""4. Reminder burst: reminders of many groups all due within the same minute; messages a
second actually sent against Telegram's 30, the lateness of the last, none lost or doubled.

Runs on a clock `speed` times real time, Telegram's limits scaled with it (bench.clock):
at Telegram's real 30 a second, 10,000 reminders take 5.5 minutes per run."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from bench.clock import TUESDAY_MORNING
from bench.harness import Database, fake_telegram, start_ours_on_faster_clock, wait_for
from bench.seed import seed_actions, spread
from storage.db import make_engine
from storage.models import OutboxMessage, Reminder

NUMBER = re.compile(r"actie #(\d+)", re.IGNORECASE)


@dataclass
class BurstResult:
    reminders: int
    groups: int
    speed: float
    per_s: list[float] = field(default_factory=list)
    last_late_s: list[float] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)
    doubled: list[int] = field(default_factory=list)
    cpu_ms_per_message: list[float] = field(default_factory=list)


async def run(
    *, workdir: Path, reminders: int, groups: int, speed: float, runs: int, patience: float
) -> BurstResult:
    result = BurstResult(reminders, groups, speed)
    for number in range(runs):
        async with fake_telegram() as fake:
            members = []
            chats = []
            for g in range(groups):
                team = [fake.add_user(f"Lid{g}x{i}") for i in range(3)]
                group = fake.add_group(f"Team {g}", members=team)
                chats.append((group.id, group.title, [u.id for u in team]))
                members += team
            database = Database.sqlite(workdir, f"burst_{number}")
            due_from = TUESDAY_MORNING + timedelta(minutes=1)
            seed_actions(
                database.url,
                groups=chats,
                per_group=reminders // groups,
                reminder_times=spread(due_from, timedelta(minutes=1), reminders),
                deadline=(TUESDAY_MORNING + timedelta(days=1)).date(),
                now=TUESDAY_MORNING,
            )
            bot = await start_ours_on_faster_clock(
                fake, database, workdir, f"burst-{number}", speed
            )
            before = await bot.collect()
            cpu_before = before.cpu

            def sent_count() -> int:
                return sum(1 for m, p in fake.requests if m == "sendMessage")

            await wait_for(
                lambda: sent_count() >= reminders,
                patience=patience,
                interval=0.5,
                what="all reminders sent",
            )
            report = await bot.collect()
            await bot.stop()
            engine = make_engine(database.url)
            with Session(engine) as db:
                rows = db.exec(
                    select(Reminder, OutboxMessage).where(Reminder.outbox_id == OutboxMessage.id)
                ).all()
            engine.dispose()
            sent = [(r.due_at, o.sent_at) for r, o in rows if o.status == "sent"]
            per_chat = Counter(
                (p["chat_id"], int(m.group(1)))
                for method, p in fake.requests
                if method == "sendMessage" and (m := NUMBER.search(p.get("text", "")))
            )
            delivered = len(per_chat)
            result.lost.append(reminders - delivered)
            result.doubled.append(sum(count - 1 for count in per_chat.values()))
            if sent:
                # Over the sending window: from the first reminder sent to the last.
                first_sent = min(at for _, at in sent)
                last_sent = max(at for _, at in sent)
                span = (last_sent - first_sent).total_seconds()
                result.per_s.append(len(sent) / span if span > 0 else float("nan"))
                result.last_late_s.append(max((at - due).total_seconds() for due, at in sent))
            messages = max(1, sent_count())
            result.cpu_ms_per_message.append((report.cpu - cpu_before) * 1000 / messages)
            database.drop()
        print(
            f"  burst run {number + 1}: {result.per_s[-1] if result.per_s else 0:.1f} msgs/s "
            f"(bot time), last {result.last_late_s[-1] if result.last_late_s else 0:.0f} s late, "
            f"lost {result.lost[-1]}, doubled {result.doubled[-1]}",
            flush=True,
        )
    return result
