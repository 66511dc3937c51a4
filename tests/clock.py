"""A clock tests move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **span: float) -> datetime:
        self._now += timedelta(**span)
        return self._now

    def set(self, moment: datetime) -> None:
        assert moment.tzinfo is not None
        self._now = moment
