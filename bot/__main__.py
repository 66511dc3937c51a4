"""`python -m bot`: start the bot (bot.main says what else it does)."""

import gc
import sys

# Start-up builds a few hundred thousand objects that live as long as the process (modules,
# classes, the card deck, the application): collecting while it runs found nothing to free
# and took a fifth of a start's CPU. Collection resumes once the bot is built (bot.main).
gc.disable()

if sys.argv[1:] == ["--version"]:
    # Before importing the bot: a version check should not wait for Telegram's library.
    from bot import __version__

    print(f"aandeslag {__version__}")
    sys.exit(0)

from bot.main import main  # noqa: E402

sys.exit(main())
