"""aandeslag: the Telegram bot for "Aan de slag met internationalisering"."""

# Kept equal to [project] version in pyproject.toml (tests/test_version.py checks).
__version__ = "0.2.0"
