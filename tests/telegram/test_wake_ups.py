"""Wake-ups (bot/telegram/runtime.py): the JobQueue wakes the bot when the database says the
next work comes due, one job per concern, planned again from the database at every start.

The JobQueue runs on real time; the bot plans each job as a delay from its (fake) clock.
Planned at a real moment between `before` and `after`, a job due at `next_t` stands for a
delay between next_t - after and next_t - before: the test moves the fake clock to either
side of that window and runs the job as the JobQueue would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.helpers import count_bot

HULPVRAAG = "Hulpvraag · stap 1"


def wake_ups(bot, name: str):
    return bot.application.job_queue.get_jobs_by_name(name)


def planned_delay(job, *, before: datetime, after: datetime) -> tuple[timedelta, timedelta]:
    return job.next_t - after, job.next_t - before


async def begin_session(bot, group, anna) -> None:
    await anna.send(group, "/sessie 3")
    await anna.send(group, "/begin")
    await bot.settle()


async def test_the_next_hulpvraag_wakes_the_bot_at_its_moment_and_not_before(bot, fake, clock):
    anna = fake.add_user("Anna")
    group = fake.add_group("Team Zorg", members=[anna])
    assert wake_ups(bot, "session-clock") == ()  # nothing is due, nothing is planned

    start = clock.now()
    before = datetime.now(UTC)
    await begin_session(bot, group, anna)
    after = datetime.now(UTC)
    (job,) = wake_ups(bot, "session-clock")  # planned again after every change, never twice
    # A late one-shot job must still run (APScheduler's default skips it after 1 s).
    assert job.job.misfire_grace_time is None
    earliest, latest = planned_delay(job, before=before, after=after)
    assert earliest > timedelta(0)

    clock.set(start + earliest - timedelta(seconds=1))
    await job.run(bot.application)
    await bot.settle()
    assert count_bot(group, HULPVRAAG) == 0, "woken early, the bot waits"

    clock.set(start + latest)
    await job.run(bot.application)
    await bot.settle()
    assert count_bot(group, HULPVRAAG) == 1


async def test_wake_ups_are_planned_again_from_the_database_at_start(bot, fake, clock):
    anna = fake.add_user("Anna")
    group = fake.add_group("Team Zorg", members=[anna])
    await begin_session(bot, group, anna)
    await bot.stop()  # the JobQueue and its jobs are gone with the process

    start = clock.now()
    before = datetime.now(UTC)
    await bot.start()
    after = datetime.now(UTC)
    (job,) = wake_ups(bot, "session-clock")
    (sweep,) = wake_ups(bot, "sweep")
    assert sweep.job.trigger.interval == timedelta(seconds=bot.settings.sweep_seconds)
    earliest, latest = planned_delay(job, before=before, after=after)

    clock.set(start + earliest - timedelta(seconds=1))
    await job.run(bot.application)
    await bot.settle()
    assert count_bot(group, HULPVRAAG) == 0
    clock.set(start + latest)
    await job.run(bot.application)
    await bot.settle()
    assert count_bot(group, HULPVRAAG) == 1
