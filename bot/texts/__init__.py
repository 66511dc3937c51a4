"""Every text a member sees, in Dutch, as Telegram HTML: one folder per feature (as in
bot/services and bot/telegram/handlers), shared helpers at the top. Anything a member typed, or
that comes from a deck, passes through `esc` (formatting.py) before it goes into a message."""
