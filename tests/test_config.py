"""Settings a host gets wrong are explained in one line, naming the setting."""

import pytest
from pydantic import ValidationError

from bot.config import Settings, describe


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"reminder_weekdays": ""}, "REMINDER_WEEKDAYS: list weekdays as numbers 1-7"),
        ({"reminder_weekdays": "ma,di"}, "REMINDER_WEEKDAYS: list weekdays as numbers 1-7"),
        ({"reminder_start_hour": 18}, "REMINDER_START_HOUR must be before REMINDER_END_HOUR"),
        ({"bot_timezone": "Mars/Base"}, "BOT_TIMEZONE: unknown time zone 'Mars/Base'"),
        ({"webhook_secret": "geen spaties!"}, "WEBHOOK_SECRET: use 1-256 characters"),
    ],
)
def test_bad_settings_are_named(values, expected):
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, **values)
    assert describe(caught.value).startswith(expected)


def test_defaults_are_sensible():
    settings = Settings(_env_file=None)
    assert settings.tz.key == "Europe/Amsterdam"
    assert settings.reminder_weekday_set == frozenset({0, 1, 2, 3, 4})
    assert settings.database_url.startswith("sqlite:///data/")
    assert not settings.token_looks_valid
