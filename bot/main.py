"""Entry point: settings, logging, migrations, then the bot. Every start-up failure is one
sentence on stderr and an exit code, never a traceback: 2 when a setting must change, 1
when the environment must (a network, a folder's owner, a busy port, the database).
Logs go to stdout, so stderr holds just that sentence.

    python -m bot                 the bot, live in Telegram (TELEGRAM_BOT_TOKEN is required)
    python -m bot oefen           the rehearsal room in the browser, also when a token is set
    python -m bot auto            live with a token, the rehearsal room without (`make run`)
    python -m bot --version       the version (answered in bot/__main__.py)
    python -m bot migrate [--to REVISION]   migrate only (a revision moves back to it)
    python -m bot backup FILE     a consistent copy (SQLite), or pg_dump (PostgreSQL)
    python -m bot copy-to URL     copy every row into an empty database (SQLite -> PostgreSQL)
"""

from __future__ import annotations

import gc
import logging
import os
import pwd
import sys
from typing import TYPE_CHECKING

from pydantic import ValidationError

from bot import __version__
from bot.config import Settings, describe
from bot.telegram.redaction import configure_logging

if TYPE_CHECKING:
    from bot.clock import Clock

# The database's and Telegram's libraries, the services and the handlers are imported where
# they are first needed (most of a start's second): a setting to change, a migration or a
# backup is answered without them.

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
ANOTHER_POLLER = (
    "Another process is polling Telegram with this bot token, so this one stopped: one "
    "process can poll, more than one must run in webhook mode (set WEBHOOK_URL, see the "
    "README, Hosten voor veel teams)."
)

# Exit codes: a setting to change, or the environment (network, disk, database, port).
CONFIG, ENVIRONMENT = 2, 1


def fail(message: str, code: int = CONFIG) -> int:
    print(message, file=sys.stderr)
    return code


def user() -> str:
    try:
        return f"{pwd.getpwuid(os.geteuid()).pw_name} (uid {os.geteuid()})"
    except KeyError:
        return f"uid {os.geteuid()}"


USAGE = (
    "Usage: python -m bot [oefen | auto | --version | migrate [--to REVISION] "
    "| backup FILE | copy-to DATABASE_URL]"
)


def collect_from_now_on() -> None:
    """Garbage collection on again after start-up (bot/__main__.py turned it off), with what
    start-up built set aside: it lives as long as the process, so collections need not
    look at it again."""
    gc.freeze()
    gc.enable()


def main(clock: Clock | None = None, argv: list[str] | None = None) -> int:
    # Opt in to python-telegram-bot's coming behaviour (durations as timedelta) now.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    if not (
        args in ([], ["oefen"], ["auto"], ["migrate"])
        or (command == "migrate" and len(args) == 3 and args[1] == "--to")
        or (command in ("backup", "copy-to") and len(args) == 2)
    ):
        return fail(USAGE)
    try:
        settings = Settings()
    except ValidationError as exc:
        return fail("Configuration problem: " + describe(exc))
    if command in ("migrate", "backup", "copy-to"):
        collect_from_now_on()  # these are short, but copy-to may read many rows
        return maintain(settings, args)
    # A deployment never falls back to the room silently: only `oefen` and `auto` ask for it.
    rehearse = args == ["oefen"] or (args == ["auto"] and not settings.telegram_bot_token.strip())
    if rehearse:
        # The room is its own application (rehearsal/, `python -m rehearsal`); imported
        # only here, so a deployment runs without it.
        from rehearsal.main import main as rehearsal_main

        return rehearsal_main([])
    if not settings.telegram_bot_token.strip():
        return fail(NO_TOKEN)
    if not settings.token_looks_valid:
        return fail(BAD_TOKEN)
    import asyncio

    from sqlalchemy.engine import make_url

    from bot.telegram.app import build_application
    from bot.telegram.lifecycle import (
        AnotherPoller,
        PortInUse,
        TelegramUnreachable,
        TokenRejected,
        serve,
    )
    from prompts import DeckError, load_deck

    # After the imports: a library that logs while it loads (alembic) says nothing.
    configure_logging(settings)
    try:
        deck = load_deck(settings.prompts_dir)
    except DeckError as exc:
        return fail(f"The card deck in PROMPTS_DIR has a problem: {exc}")
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    log.info(
        "aandeslag %s starting (%s, database %s)",
        __version__,
        "webhook" if settings.webhook_url else "polling",
        where,
    )
    failed = prepare_database(settings)
    if failed is not None:
        return failed
    application = build_application(settings, clock=clock, deck=deck)
    collect_from_now_on()
    try:
        asyncio.run(serve(application, settings))
    except TokenRejected:
        return fail(REJECTED_TOKEN)
    except TelegramUnreachable as exc:
        return fail(
            f"Telegram does not answer at {settings.telegram_api_base_url.removesuffix('/bot')} "
            f"after {settings.telegram_wait_seconds:.0f} s ({exc}): check that this machine may "
            "reach it (a firewall or proxy); the bot tries again at its next start.",
            ENVIRONMENT,
        )
    except PortInUse as exc:
        return fail(
            f"Port {exc.port} is not free ({exc.reason}): stop what uses it or choose another "
            f"port with {exc.setting}.",
            ENVIRONMENT,
        )
    except AnotherPoller:
        return fail(ANOTHER_POLLER, ENVIRONMENT)
    except KeyboardInterrupt:
        pass
    return 0


def prepare_database(settings: Settings, target: str | None = "head") -> int | None:
    """Wait for the database and migrate it to `target` (None: leave it as it is, for a
    backup); an exit code when that fails, else None."""
    from alembic.util.exc import CommandError
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from storage.db import (
        DatabaseNewer,
        DatabaseRefused,
        DataDirNotWritable,
        check_writable,
        code_head,
        migrate,
        wait_for_database,
    )

    where = make_url(settings.database_url).render_as_string(hide_password=True)
    try:
        check_writable(settings.database_url)
        wait_for_database(settings.database_url, timeout=settings.database_wait_seconds)
        if target is None:
            return None
        before = migrate(settings.database_url, target)
    except DataDirNotWritable as exc:
        return fail(
            f"The data folder {exc.path} is not writable for user {user()} ({exc.reason}): "
            "give that user the folder (for Docker: chown 10001 on the volume) or point "
            "DATABASE_URL elsewhere.",
            ENVIRONMENT,
        )
    except DatabaseRefused as exc:
        return fail(
            f"The database at {where} refused the connection ({exc}): check the user, "
            "password and database name in DATABASE_URL.",
            CONFIG,
        )
    except DatabaseNewer as exc:
        return fail(
            f"The database is at migration {exc.current}, newer than this version "
            f"(aandeslag {__version__} knows up to {exc.known_head}): run the newer version "
            f"again, or first move the database back with it: python -m bot migrate --to "
            f"{exc.known_head} (README, Beheer).",
            ENVIRONMENT,
        )
    except OperationalError as exc:
        return fail(f"The database at {where} does not answer: {exc.orig}", ENVIRONMENT)
    except CommandError as exc:
        # `migrate --to` a revision this version does not know.
        return fail(f"Cannot migrate to {target}: {exc}", CONFIG)
    if before != code_head() or target != "head":
        log.info(
            "database migrated from %s to %s",
            before or "empty",
            code_head() if target == "head" else target,
        )
    return None


def maintain(settings: Settings, args: list[str]) -> int:
    """`migrate`, `backup FILE` and `copy-to URL`: done, and a line saying so."""
    # Loaded before the logging is set up: alembic logs while it loads.
    import storage.db  # noqa: F401

    configure_logging(settings)
    command = args[0]
    if command == "migrate":
        target = args[2] if len(args) == 3 else "head"
        return prepare_database(settings, target) or 0
    # A backup is taken as the database is (before an upgrade, say); copy-to checks that
    # the database is at this version's migration, without changing it.
    failed = prepare_database(settings, None)
    if failed is not None:
        return failed
    from sqlalchemy.exc import SQLAlchemyError

    from storage.maintenance import MaintenanceError, backup, copy_to

    try:
        if command == "backup":
            print(backup(settings.database_url, args[1]))
        else:
            print(copy_to(settings.database_url, args[1]))
    except MaintenanceError as exc:
        return fail(str(exc), ENVIRONMENT)
    except (OSError, SQLAlchemyError) as exc:
        return fail(f"{command} failed: {exc}", ENVIRONMENT)
    return 0
