"""2. Live sessions, with 5. event-loop lag: N groups run a whole (short) session at once;
CPU seconds and peak memory per session; how late every step card and hulpvraag went out
against its planned moment.

Runs on a clock `speed` times real time with Telegram's limits scaled along (bench.clock),
so lateness is in the bot's (the members') time while the load on the machine is `speed`
times denser than real sessions would make it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from bench.harness import (
    Database,
    add_teams,
    bot_messages_with,
    fake_telegram,
    start_ours_on_faster_clock,
    wait_for,
)
from bench.stats import percentile
from bot.core.session import timeline
from prompts import load_deck
from storage.db import make_engine
from storage.models import OutboxMessage, Question, WorkSession


@dataclass
class SessionsRun:
    cards_p50_s: float
    cards_p99_s: float
    # How late the card was queued (the bot's own share: its clock, database and loop); the
    # rest of the lateness is the wait in the outbox for Telegram's pace.
    cards_queued_p99_s: float
    hulp_p50_s: float
    hulp_p99_s: float
    cpu_s_per_session: float
    peak_rss_mb: float
    rss_mb_per_session: float
    lag_p99_ms: float
    lag_max_ms: float
    finished: int


@dataclass
class SessionsResult:
    sizes: dict[int, tuple[int, float, int | None, list[SessionsRun]]] = field(default_factory=dict)


def _lateness(database_url: str) -> tuple[list[float], list[float], list[float], int]:
    """Seconds (bot time) each step card (steps 2-5) and hulpvraag was sent after its
    planned moment: a step starts when the one before planned to end; hulpvragen at the
    step's planned offsets (bot.core.session.timeline). Also how late each card was queued."""
    deck = load_deck(None)
    engine = make_engine(database_url)
    cards, cards_queued, hulp = [], [], []
    with Session(engine) as db:
        sessions = db.exec(select(WorkSession)).all()
        rows = db.exec(
            select(Question, OutboxMessage).where(OutboxMessage.question_id == Question.id)
        ).all()
    engine.dispose()
    by_session: dict[int, list[tuple[Question, OutboxMessage]]] = {}
    for question, row in rows:
        by_session.setdefault(question.session_id, []).append((question, row))
    finished = 0
    for session in sessions:
        finished += session.status == "finished"
        starts = {
            q.step: q.created_at for q, _ in by_session.get(session.id, []) if q.kind == "card"
        }
        for question, row in by_session.get(session.id, []):
            if row.sent_at is None:
                continue
            if question.kind == "card" and question.step > 1 and question.step - 1 in starts:
                planned = starts[question.step - 1] + timedelta(
                    seconds=session.step_seconds[question.step - 2]
                )
                cards.append((row.sent_at - planned).total_seconds())
                cards_queued.append((row.created_at - planned).total_seconds())
            elif question.kind == "hulpvraag" and question.step in starts:
                step = deck.step(question.step)
                plan = timeline.plan_step(
                    timedelta(seconds=session.step_seconds[question.step - 1]),
                    hulpvragen_available=len(step.hulpvragen),
                )
                index = sum(
                    1
                    for q, _ in by_session[session.id]
                    if q.kind == "hulpvraag" and q.step == question.step and q.id < question.id
                )
                if index < len(plan.hulpvraag_offsets):
                    planned = starts[question.step] + plan.hulpvraag_offsets[index]
                    hulp.append((row.sent_at - planned).total_seconds())
    return cards, cards_queued, hulp, finished


async def _one_run(
    workdir: Path,
    count: int,
    minutes: int,
    speed: float,
    label: str,
    patience: float,
    until_step: int | None,
) -> SessionsRun:
    async with fake_telegram() as fake:
        teams = add_teams(fake, count, size=2)
        database = Database.sqlite(workdir, f"sessions_{label}")
        bot = await start_ours_on_faster_clock(fake, database, workdir, f"sessions-{label}", speed)
        baseline = await bot.collect()
        rss_before, cpu_before = baseline.rss_kib, baseline.cpu
        for team in teams:
            await team.members[0].send(team.group, f"/sessie {minutes}")
        await wait_for(
            lambda: all(
                bot_messages_with(t, "Aan de slag met internationalisering") for t in teams
            ),
            patience=patience,
            what="opening messages",
        )
        bot.reset()
        for team in teams:
            await team.members[0].send(team.group, "/begin")
        session_real = minutes * 60 / speed
        if until_step is not None:
            # A window of real-length sessions: until every team has the card of this step.
            await wait_for(
                lambda: all(bot_messages_with(t, f"Stap {until_step} van 5") for t in teams),
                patience=session_real + patience,
                interval=0.5,
                what=f"all sessions at step {until_step}",
            )
        else:
            await wait_for(
                lambda: all(bot_messages_with(t, "Stap 5 van 5") for t in teams),
                patience=session_real + patience,
                interval=0.5,
                what="all sessions at step 5",
            )
            # The rest of step 5 and the closing summary.
            await wait_for(
                lambda: all(bot_messages_with(t, "Samenvatting ·") for t in teams),
                patience=session_real * 0.4 + patience,
                interval=0.5,
                what="all sessions closed",
            )
        report = await bot.collect()
        await bot.stop()
    cards, cards_queued, hulp, finished = _lateness(database.url)
    database.drop()
    lags = [lag * 1000 for lag in report.lags]
    return SessionsRun(
        cards_p50_s=percentile(cards, 50),
        cards_p99_s=percentile(cards, 99),
        cards_queued_p99_s=percentile(cards_queued, 99),
        hulp_p50_s=percentile(hulp, 50),
        hulp_p99_s=percentile(hulp, 99),
        cpu_s_per_session=(report.cpu - cpu_before) / count,
        peak_rss_mb=report.peak_rss_kib / 1024,
        rss_mb_per_session=max(0, report.peak_rss_kib - rss_before) / 1024 / count,
        lag_p99_ms=percentile(lags, 99),
        lag_max_ms=max(lags, default=float("nan")),
        finished=finished,
    )


async def run(
    *, workdir: Path, plan: list[tuple[int, int, float, int, int | None]], patience: float
) -> SessionsResult:
    """`plan`: (sessions, minutes per session, clock speed, runs, until the card of this
    step or None for whole sessions)."""
    result = SessionsResult()
    for count, minutes, speed, runs, until_step in plan:
        outcomes = []
        for number in range(runs):
            outcome = await _one_run(
                workdir, count, minutes, speed, f"{count}_{number}", patience, until_step
            )
            outcomes.append(outcome)
            print(
                f"  {count} sessions run {number + 1}: cards p99 {outcome.cards_p99_s:.1f} s late "
                f"(queued {outcome.cards_queued_p99_s:.1f} s late), "
                f"hulpvragen p99 {outcome.hulp_p99_s:.1f} s, {outcome.cpu_s_per_session:.2f} CPU s "
                f"per session, peak {outcome.peak_rss_mb:.0f} MB, finished {outcome.finished}",
                flush=True,
            )
        result.sizes[count] = (minutes, speed, until_step, outcomes)
    return result
