"""`python -m bot`: start the bot."""

import sys

from bot.main import main

sys.exit(main())
