"""`python -m bot`: start the bot (bot.main says what else it does)."""

import sys

if sys.argv[1:] == ["--version"]:
    # Before importing the bot: a version check should not wait for Telegram's library.
    from bot import __version__

    print(f"aandeslag {__version__}")
    sys.exit(0)

from bot.main import main  # noqa: E402

sys.exit(main())
