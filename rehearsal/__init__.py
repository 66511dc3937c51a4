"""The rehearsal room: the real bot, unchanged, in a practice group shown in the browser.

The bot talks over HTTP to the Bot API stand-in (`telegram_stand_in`) exactly as to
Telegram; the page lets one person speak as a handful of practice colleagues and move the
bot's clock, so a whole session, reminders days later and the next team meeting can be
rehearsed in minutes.
"""
