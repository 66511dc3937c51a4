"""The machine header of the report: cores, memory, Python, database versions."""

from __future__ import annotations

import os
import platform
import sqlite3

import sqlalchemy
import telegram


def memory_gib() -> float:
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def postgres_version(url: str | None) -> str:
    if not url:
        return "not measured (no PostgreSQL)"
    try:
        engine = sqlalchemy.create_engine(url)
        with engine.connect() as connection:
            version = connection.exec_driver_sql("SHOW server_version").scalar()
        engine.dispose()
        return str(version)
    except Exception as exc:  # noqa: BLE001 - shown in the header instead
        return f"unavailable ({type(exc).__name__})"


def describe(postgres_url: str | None) -> list[tuple[str, str]]:
    return [
        ("CPU", f"{os.cpu_count()} cores, {cpu_model()}"),
        ("Memory", f"{memory_gib():.1f} GiB"),
        ("Python", platform.python_version()),
        ("python-telegram-bot", telegram.__version__),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", postgres_version(postgres_url)),
        ("OS", platform.platform()),
    ]
