"""Benchmarks: the bot's cost next to a bare python-telegram-bot bot and Telegram's limits.

Run with `make bench` (never part of `make test`); see bench/results.md for the figures.
"""
