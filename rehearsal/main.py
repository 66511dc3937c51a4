"""Starting the rehearsal room: the real bot in a practice group, in the browser.

    python -m rehearsal           the room, also when a token is set
    python -m bot oefen           the same (bot.main hands over to this module)
    make run                      the room when no TELEGRAM_BOT_TOKEN is set

Settings come from the environment and `.env` as for the bot; REHEARSAL_LISTEN,
REHEARSAL_PORT and REHEARSAL_DATABASE say where the page is served and which SQLite file
the room uses (never the production database). A failed start is one sentence on stderr.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys

from pydantic import ValidationError

from bot.config import Settings, describe
from bot.telegram.redaction import configure_logging
from prompts import DeckError, load_deck
from rehearsal.serve import address, serve

USAGE = "Usage: python -m rehearsal [--help]"
# Exit codes as bot.main: a setting to change, or the environment (here: a busy port).
CONFIG, ENVIRONMENT = 2, 1


def fail(message: str, code: int = CONFIG) -> int:
    print(message, file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if args:
        return fail(USAGE)
    # As bot.main: python-telegram-bot's coming behaviour (durations as timedelta) now.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        settings = Settings()
    except ValidationError as exc:
        return fail("Configuration problem: " + describe(exc))
    configure_logging(settings)
    try:
        deck = load_deck(settings.prompts_dir)
    except DeckError as exc:
        return fail(f"The card deck in PROMPTS_DIR has a problem: {exc}")
    # Collection on again (rehearsal/__main__.py or bot/__main__.py turned it off), with what
    # start-up built set aside for good.
    gc.freeze()
    gc.enable()
    try:
        asyncio.run(serve(settings, deck))
    except OSError as exc:
        return fail(
            f"De oefenruimte kan niet starten op {address(settings)} ({exc.strerror}); "
            "kies een andere poort met REHEARSAL_PORT, bijvoorbeeld REHEARSAL_PORT=8081 make run.",
            ENVIRONMENT,
        )
    except KeyboardInterrupt:
        pass
    return 0
