"""Keeping the bot token and the webhook secret out of every log line.

httpx and python-telegram-bot log request URLs and parameters at DEBUG, and a traceback may
quote them too, so the whole formatted line is redacted: message, arguments and traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

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
