"""A host's maintenance: a consistent backup, and moving every row to another database
(SQLite to PostgreSQL). Both run while the database is at the code's newest migration
(the entry point migrates first); README, "Beheer", tells the whole procedure."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Integer, func, select, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.db import code_head, current_revision, make_engine, migrate, sqlite_path

# Rows per INSERT when copying: large enough to be quick, small enough for any driver.
CHUNK = 1000


class MaintenanceError(Exception):
    """A sentence for the host: what went wrong and what to do."""


def backup(database_url: str, file: str) -> str:
    """Write a copy of the database to `file` and say what was written.

    SQLite: the backup API copies a consistent snapshot while the bot runs (WAL mode
    included); the copy is one self-contained file. PostgreSQL: pg_dump's custom format,
    when pg_dump is installed here."""
    target = Path(file)
    if target.exists():
        raise MaintenanceError(f"{target} already exists: choose a new file for the backup.")
    path = sqlite_path(database_url)
    if path is None:
        return _pg_dump(database_url, target)
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            # One file to keep, not a file with -wal and -shm beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    return f"Backup written to {target} ({target.stat().st_size / 1_000_000:.1f} MB)."


def _pg_dump(database_url: str, target: Path) -> str:
    url = make_url(database_url)
    where = url.render_as_string(hide_password=True)
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise MaintenanceError(
            f"pg_dump is not installed here: run it next to the database instead, for "
            f"example: docker compose exec db pg_dump -U {url.username or 'aandeslag'} "
            f"-Fc {url.database or 'aandeslag'} > {target.name} (README, Beheer)."
        )
    # The password through the environment, not the command line (other users see that).
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    libpq = url.set(drivername="postgresql", password=None)
    done = subprocess.run(
        [
            pg_dump,
            "--format=custom",
            "--file",
            str(target),
            "--dbname",
            libpq.render_as_string(hide_password=False),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise MaintenanceError(f"pg_dump of {where} failed: {reason}")
    return (
        f"Backup of {where} written to {target} (pg_dump custom format; restore with pg_restore)."
    )


def copy_to(source_url: str, target_url: str) -> str:
    """Copy every row into the database at `target_url`, which must be empty (it is
    migrated first); the source must be at this version's migration. Ids are kept, so
    every reference stays what it was."""
    where = make_url(target_url).render_as_string(hide_password=True)
    at = current_revision(source_url)
    if at != code_head():
        raise MaintenanceError(
            f"The database to copy is at migration {at or '(none)'}, this version expects "
            f"{code_head()}: run python -m bot migrate first (README, Beheer)."
        )
    migrate(target_url)
    tables = SQLModel.metadata.sorted_tables
    source, target = make_engine(source_url), make_engine(target_url)
    copied = 0
    try:
        with source.connect() as reading, target.begin() as writing:
            for table in tables:
                if writing.execute(select(func.count()).select_from(table)).scalar_one():
                    raise MaintenanceError(
                        f"The database at {where} already holds data (table {table.name}): "
                        "copy-to only fills an empty database."
                    )
            for table in tables:
                rows = reading.execution_options(yield_per=CHUNK).execute(table.select())
                for chunk in rows.partitions():
                    writing.execute(table.insert(), [dict(row._mapping) for row in chunk])
                    copied += len(chunk)
            if writing.dialect.name == "postgresql":
                _continue_sequences(writing, tables)
    finally:
        source.dispose()
        target.dispose()
    return f"Copied {copied} rows in {len(tables)} tables to {where}."


def _continue_sequences(connection, tables) -> None:
    """Copied ids were given, not drawn: move each id sequence past the largest one."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        key = keys[0]
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE(MAX("{key.name}"), 1), MAX("{key.name}") IS NOT NULL) '
                f'FROM "{table.name}"'
            ),
            {"table": f'"{table.name}"', "column": key.name},
        )
