"""Use cases: each decision stored with the messages it causes. No Telegram here."""
