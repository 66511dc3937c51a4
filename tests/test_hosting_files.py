"""The files a host reads beside the code say the same as the code: one version
everywhere, every setting in .env.example, logs a collector can read."""

from __future__ import annotations

import json
import logging
import re
import sys
import tomllib
from pathlib import Path

from bot import __version__
from bot.config import Settings
from bot.telegram.redaction import HIDDEN, RedactSecrets

ROOT = Path(__file__).resolve().parents[1]


def test_one_version_in_pyproject_the_image_and_the_changelog():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == __version__
    assert f"ARG VERSION={__version__}\n" in (ROOT / "Dockerfile").read_text()
    assert f"## [{__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_env_example_lists_every_setting():
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    settings = {name.upper() for name in Settings.model_fields}
    assert settings - listed == set(), "settings missing from .env.example"
    # Besides the bot's own settings only what compose reads.
    assert listed - settings == {"POSTGRES_PASSWORD", "BOT_DOMAIN"}


def test_json_logs_are_one_object_per_line_with_secrets_hidden():
    token = "123456789:AAHsecret-token-value-0123456789"
    formatter = RedactSecrets(secrets=[token, "webhook_secret_value"], as_json=True)
    try:
        raise RuntimeError(f"request to /bot{token}/getMe failed")
    except RuntimeError:
        record = logging.LogRecord(
            "bot", logging.ERROR, __file__, 1, "webhook %s said %s",
            ("webhook_secret_value", "no"), sys.exc_info(),
        )  # fmt: skip
    line = formatter.format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "bot"
    assert entry["message"] == f"webhook {HIDDEN} said no"
    assert "RuntimeError" in entry["exception"] and HIDDEN in entry["exception"]
    assert "secret-token-value" not in line and "webhook_secret_value" not in line
