"""The daily retention run (bot.services.privacy.privacy) and when the clock plans the next,
with a second bot process on the same database."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.telegram import app
from storage.models import BotSetting
from tests.services.helpers import Group

# 2026-11-24 13:00 UTC is the clock's start: the next 03:00 in Amsterdam is 02:00 UTC.
TOMORROW_AT_THREE = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
DAY_AFTER_AT_THREE = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def next_run(services) -> datetime | None:
    return services.wakeups.next_at("retention")


def last_runs(group: Group) -> list[str]:
    return [row.value for row in group.rows(BotSetting, BotSetting.key == "retention_last_run")]


def test_a_run_by_another_process_moves_this_ones_next_run_once_it_looks(
    group, services, settings, clock, deck
):
    assert next_run(services) == clock.now()  # never run: now
    services.privacy.process_due()
    assert next_run(services) == TOMORROW_AT_THREE

    other = app.build_services(settings, clock=clock, deck=deck, engine=services.engine)
    try:
        clock.advance(hours=14)  # tomorrow, 04:00 in Amsterdam: the other process is first
        other.privacy.process_due()
        assert last_runs(group) == [clock.now().isoformat()]
        # This process wakes up for its own plan all the same (it keeps the last run it
        # saw), finds today's run done, does not run it again, and plans the day after.
        services.privacy.process_due()
        assert last_runs(group) == [clock.now().isoformat()]
        assert next_run(services) == DAY_AFTER_AT_THREE
    finally:
        other.off_loop.close()
