"""Settings from the environment and an optional `.env` file."""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from storage import DEFAULT_DATABASE_URL

# BotFather tokens look like "123456789:AA...": a numeric bot id, a colon, 35 url-safe chars.
# We only check the shape loosely; Telegram decides whether it is valid.
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")


@cache
def _holiday_countries() -> frozenset[str]:
    # The holidays package builds this list anew at every call (5 ms); it cannot change
    # while the process runs.
    return frozenset(holidays.list_supported_countries())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str = Field(default="", repr=False)
    database_url: str = DEFAULT_DATABASE_URL
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    bot_timezone: str = "Europe/Amsterdam"
    prompts_dir: Path | None = None
    # Reminders go out on these weekdays (1 = Monday) between these hours, local time.
    reminder_weekdays: str = "1,2,3,4,5"
    reminder_start_hour: int = Field(default=8, ge=0, le=23)
    reminder_end_hour: int = Field(default=18, ge=1, le=24)
    # No reminders and no team-meeting brief on this country's public holidays (ISO code:
    # NL, BE, AW, CW...); empty switches holidays off.
    bot_holidays_country: str = "NL"
    # An unfinished /actie dialog is closed (kept as a draft) after this many minutes.
    dialog_timeout_minutes: int = Field(default=30, ge=1)
    # Finished sessions (answers, marks, finished actions) are removed after this many days.
    data_retention_days: int = Field(default=730, ge=1)
    # Safety net: how often due work is looked for even when no wake-up is scheduled.
    sweep_seconds: float = Field(default=30.0, gt=0)
    log_level: str = "INFO"
    # "text" (a line for people) or "json" (one JSON object per line, for a log collector).
    log_format: Literal["text", "json"] = "text"
    # Pacing per chat (Telegram allows about 1 message a second, 20 a minute in a group).
    chat_min_interval_seconds: float = Field(default=1.0, ge=0)
    group_messages_per_minute: int = Field(default=20, ge=0)
    # Telegram's cap for the whole bot: about 30 messages a second across all chats.
    bot_messages_per_second: int = Field(default=30, ge=0)
    # /healthz answers 503 while a message has waited this long to be delivered.
    outbox_stuck_minutes: float = Field(default=10.0, gt=0)
    # A message claimed for sending longer ago than this was lost with its sender process.
    outbox_lease_seconds: float = Field(default=60.0, gt=0)
    # Webhook mode (polling when WEBHOOK_URL is empty).
    webhook_url: str = ""
    webhook_secret: str = Field(default="", repr=False)
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=0, le=65535)
    # Serve /healthz in polling mode too (the Docker image sets this).
    health_port: int | None = Field(default=None, ge=0, le=65535)
    # How long to wait for the database at start (a container may start before it).
    database_wait_seconds: float = Field(default=60.0, ge=0)
    # How long to keep asking Telegram at start before giving up (exit code 1).
    telegram_wait_seconds: float = Field(default=60.0, ge=0)
    # The rehearsal room (`python -m bot oefen`): where its page is served, and its own
    # SQLite file (emptied at every start; never the production database).
    rehearsal_listen: str = "127.0.0.1"
    rehearsal_port: int = Field(default=8080, ge=1, le=65535)
    rehearsal_database: Path = Path("data/oefenruimte.db")

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret_shape(cls, value: str) -> str:
        # Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and -.
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("use 1-256 characters: letters, digits, _ and -")
        return value

    @field_validator("bot_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (try Europe/Amsterdam)") from exc
        return value

    @field_validator("bot_holidays_country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = value.strip().upper()
        if code and code not in _holiday_countries():
            raise ValueError(
                f"no public holidays known for {value!r} (try NL or BE, or leave empty)"
            )
        return code

    @field_validator("reminder_weekdays")
    @classmethod
    def _some_weekdays(cls, value: str) -> str:
        days = [part.strip() for part in value.split(",") if part.strip()]
        if not days or not all(day.isdigit() and 1 <= int(day) <= 7 for day in days):
            raise ValueError("list weekdays as numbers 1-7 (1 = Monday), e.g. 1,2,3,4,5")
        return value

    @model_validator(mode="after")
    def _window_is_open(self) -> Settings:
        if self.reminder_start_hour >= self.reminder_end_hour:
            raise ValueError("REMINDER_START_HOUR must be before REMINDER_END_HOUR")
        return self

    @model_validator(mode="after")
    def _room_keeps_to_its_own_file(self) -> Settings:
        # The room empties its file at every start: it must never be the real database.
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            if Path(url.database).resolve() == self.rehearsal_database.resolve():
                raise ValueError("REHEARSAL_DATABASE must not be the file in DATABASE_URL")
        return self

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.bot_timezone)

    @property
    def token_looks_valid(self) -> bool:
        return bool(TOKEN_PATTERN.match(self.telegram_bot_token.strip()))

    @property
    def reminder_weekday_set(self) -> frozenset[int]:
        """Weekdays as Python numbers (Monday = 0)."""
        return frozenset(
            int(part) - 1 for part in self.reminder_weekdays.split(",") if part.strip()
        )


def describe(error: ValidationError) -> str:
    """Pydantic's errors as one line a host can act on: SETTING: what is wrong."""
    problems = []
    for item in error.errors():
        where = ".".join(map(str, item["loc"])).upper()
        what = item["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {what}" if where else what)
    return "; ".join(problems)
