"""Keeping the bot token and the webhook secret out of every log line.

httpx and python-telegram-bot log request URLs and parameters at DEBUG, and a traceback may
quote them too, so the whole formatted line is redacted: message, arguments and traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.config import Settings

HIDDEN = "[verborgen]"
# Shorter strings could be part of ordinary words; real secrets are longer.
MIN_SECRET = 8


class RedactSecrets(logging.Formatter):
    """A formatter that replaces every known secret in the finished line."""

    def __init__(
        self, fmt: str | None = None, *, secrets: Iterable[str] = (), as_json: bool = False
    ) -> None:
        super().__init__(fmt)
        self.as_json = as_json
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Hide `secret` from now on. For a bot token ("123456:ABC...") its part after the
        colon is hidden on its own as well: that part is the secret, and a URL may carry
        the colon percent-encoded."""
        for part in (secret.strip(), secret.strip().rpartition(":")[2]):
            if len(part) >= MIN_SECRET:
                self._secrets.add(part)

    def redact(self, text: str) -> str:
        # Longest first, so a token is hidden whole rather than leaving its bot id pieces.
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, HIDDEN)
        return text

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(self._json(record) if self.as_json else super().format(record))

    def _json(self, record: logging.LogRecord) -> str:
        """One JSON object on one line (a traceback is a field, its newlines escaped)."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # ASCII only: a secret then appears exactly as written, so redact() finds it.
        return json.dumps(entry, ensure_ascii=True)


def hide_secret(secret: str) -> None:
    """Hide a secret known only later (a webhook secret the bot generated) in every handler
    of the root logger that redacts."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, RedactSecrets):
            handler.formatter.add(secret)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    # stdout: stderr is kept for the one sentence of a failed start.
    handler = logging.StreamHandler(sys.stdout)
    # The token and the webhook secret never reach the log, tracebacks included; a secret
    # generated later is added with hide_secret.
    handler.setFormatter(
        RedactSecrets(
            LOG_FORMAT,
            secrets=[settings.telegram_bot_token, settings.webhook_secret],
            as_json=settings.log_format == "json",
        )
    )
    level = settings.log_level.upper()
    logging.basicConfig(level=level, handlers=[handler])
    # httpx logs every request at INFO; only at DEBUG does a host want to see them all.
    logging.getLogger("httpx").setLevel(logging.NOTSET if level == "DEBUG" else logging.WARNING)
    # APScheduler logs every wake-up job it adds or removes at INFO.
    logging.getLogger("apscheduler").setLevel(
        logging.NOTSET if level == "DEBUG" else logging.WARNING
    )
