"""The Telegram shell: wiring, handlers, delivery, polling, webhook, wake-ups."""
