"""Entry point: settings, logging, migrations, then the bot. Problems a host can fix are
told in one sentence with exit code 2, not as a traceback.

    python -m bot          the bot, live in Telegram (TELEGRAM_BOT_TOKEN is required)
    python -m bot oefen    the rehearsal room in the browser, also when a token is set
    python -m bot auto     live with a token, the rehearsal room without (what `make run` does)
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.clock import Clock
from bot.config import Settings
from bot.telegram.app import build_application
from bot.telegram.lifecycle import TokenRejected, serve
from bot.telegram.redaction import RedactSecrets
from bot.telegram.rehearsal.serve import address as room_address
from bot.telegram.rehearsal.serve import serve as serve_room
from prompts import Deck, DeckError, load_deck
from storage.db import migrate, wait_for_database

log = logging.getLogger("bot")

NO_TOKEN = (
    "No bot token: set TELEGRAM_BOT_TOKEN (in the environment or in .env). "
    "Get one from @BotFather in Telegram: send /newbot and copy the token it gives you."
)
BAD_TOKEN = (
    "TELEGRAM_BOT_TOKEN does not look like a bot token (it should look like 123456789:AAE...). "
    "Copy it again from @BotFather (/mybots, choose your bot, API Token)."
)
REJECTED_TOKEN = (
    "Telegram rejected TELEGRAM_BOT_TOKEN. Check it with @BotFather (/mybots, choose your bot, "
    "API Token) or create a new bot with /newbot."
)


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    # The token and the webhook secret never reach the log, tracebacks included; a secret
    # generated later is added with bot.telegram.redaction.hide_secret.
    handler.setFormatter(
        RedactSecrets(LOG_FORMAT, secrets=[settings.telegram_bot_token, settings.webhook_secret])
    )
    level = settings.log_level.upper()
    logging.basicConfig(level=level, handlers=[handler])
    # httpx logs every request at INFO; only at DEBUG does a host want to see them all.
    logging.getLogger("httpx").setLevel(logging.NOTSET if level == "DEBUG" else logging.WARNING)
    # APScheduler logs every wake-up job it adds or removes at INFO.
    logging.getLogger("apscheduler").setLevel(
        logging.NOTSET if level == "DEBUG" else logging.WARNING
    )


def describe(error: ValidationError) -> str:
    """Pydantic's errors as one line a host can act on: SETTING: what is wrong."""
    problems = []
    for item in error.errors():
        where = ".".join(map(str, item["loc"])).upper()
        what = item["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {what}" if where else what)
    return "; ".join(problems)


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


USAGE = "Usage: python -m bot [oefen | auto]"


def main(clock: Clock | None = None, argv: list[str] | None = None) -> int:
    # Opt in to python-telegram-bot's coming behaviour (durations as timedelta) now.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["oefen"], ["auto"]):
        return fail(USAGE)
    try:
        settings = Settings()
    except ValidationError as exc:
        return fail("Configuration problem: " + describe(exc))
    # A deployment never falls back to the room silently: only `oefen` and `auto` ask for it.
    rehearse = args == ["oefen"] or (args == ["auto"] and not settings.telegram_bot_token.strip())
    if not rehearse and not settings.telegram_bot_token.strip():
        return fail(NO_TOKEN)
    if not rehearse and not settings.token_looks_valid:
        return fail(BAD_TOKEN)
    configure_logging(settings)
    try:
        deck = load_deck(settings.prompts_dir)
    except DeckError as exc:
        return fail(f"The card deck in PROMPTS_DIR has a problem: {exc}")
    if rehearse:
        return rehearse_room(settings, deck)
    try:
        wait_for_database(settings.database_url, timeout=settings.database_wait_seconds)
    except OperationalError as exc:
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        return fail(f"The database at {where} does not answer: {exc.orig}")
    migrate(settings.database_url)
    application = build_application(settings, clock=clock, deck=deck)
    try:
        asyncio.run(serve(application, settings))
    except TokenRejected:
        return fail(REJECTED_TOKEN)
    except KeyboardInterrupt:
        pass
    return 0


def rehearse_room(settings: Settings, deck: Deck) -> int:
    try:
        asyncio.run(serve_room(settings, deck))
    except OSError as exc:
        return fail(
            f"De oefenruimte kan niet starten op {room_address(settings)} ({exc.strerror}); "
            "kies een andere poort met REHEARSAL_PORT, bijvoorbeeld REHEARSAL_PORT=8081 make run."
        )
    except KeyboardInterrupt:
        pass
    return 0
