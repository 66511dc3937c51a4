"""The bot token and the webhook secret never reach the log: not in a message, not in its
arguments, not in a traceback."""

from __future__ import annotations

import io
import logging
import sys

from bot.telegram.redaction import HIDDEN, RedactSecrets, hide_secret

TOKEN = "123456789:AAHfake-token-for-tests-0123456789ab"
TOKEN_SECRET_PART = TOKEN.split(":")[1]
WEBHOOK_SECRET = "s3cret_-webhook-token"


def record_with_traceback() -> logging.LogRecord:
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError:
        return logging.LogRecord(
            "telegram.ext.Updater",
            logging.ERROR,
            __file__,
            1,
            "request to %s with %s",
            (f"/bot{TOKEN.replace(':', '%3A')}/setWebhook", {"secret_token": WEBHOOK_SECRET}),
            sys.exc_info(),
        )


def test_message_arguments_and_traceback_are_redacted():
    formatter = RedactSecrets("%(levelname)s %(message)s", secrets=[TOKEN, WEBHOOK_SECRET, ""])
    line = formatter.format(record_with_traceback())
    assert "Traceback" in line and "RuntimeError: POST https://api.telegram.org/bot" in line
    assert TOKEN_SECRET_PART not in line
    assert WEBHOOK_SECRET not in line
    assert f"/bot123456789%3A{HIDDEN}/setWebhook with {{'secret_token': '{HIDDEN}'}}" in line
    assert f"RuntimeError: POST https://api.telegram.org/bot{HIDDEN}/getMe failed" in line


def test_a_secret_known_only_later_is_hidden_from_then_on():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactSecrets("%(message)s", secrets=[TOKEN]))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        hide_secret("generated-secret-0123456789")
        logging.getLogger("bot.telegram.lifecycle").warning(
            "webhook registered with %s", "generated-secret-0123456789"
        )
    finally:
        root.removeHandler(handler)
    assert stream.getvalue() == f"webhook registered with {HIDDEN}\n"
