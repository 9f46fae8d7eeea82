"""The database into one file and back: PostgreSQL with pg_dump's custom format and pg_restore,
SQLite (what `make run` uses) with sqlite3's online backup API.

pg_dump and pg_restore are given the connection in libpq's environment variables, built from
DATABASES: the password goes in PGPASSWORD of the child's environment, never on its command line
(which every user of the machine can read in `ps`)."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import DatabaseError, transaction

from .manifest import DatabaseCopy, sha256_of

# Settings OPTIONS that are libpq's own parameters, and the variables that carry them.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
# A day's worth of dumping would be a hung server, not a big site (the dump of the migrated schema
# takes 0.3 s; a site of 100,000 articles, minutes).
TIMEOUT = 6 * 3600


class Failed(Exception):
    """pg_dump or pg_restore ended with an error; the message is theirs."""


def engine(connection) -> str:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise Failed(f"backups know PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def libpq_environment(settings_dict: dict) -> dict[str, str]:
    """The child's environment: ours, with the connection of `settings_dict` in libpq's variables."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS", {})
    values |= {variable: options.get(option) for option, variable in LIBPQ_OPTIONS.items()}
    return environment | {key: str(value) for key, value in values.items() if value not in (None, "")}


def dump_command(target: Path) -> list[str]:
    # Owners and grants are the old server's roles; the restore's user owns what it makes.
    return ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--compress=6", "--file", str(target)]


def restore_command(source: Path, database: str, *, clean: bool) -> list[str]:
    # --dbname is only the name: the rest of the connection is in the environment. --jobs 2 restores
    # tables and builds indexes two at a time.
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--jobs", "2"]
    if clean:
        command += ["--clean", "--if-exists"]
    return [*command, "--dbname", database, str(source)]


def _run(command: list[str], environment: dict[str, str]) -> str:
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise Failed(f"{command[0]}: {error}") from error
    if done.returncode != 0:
        raise Failed(f"{command[0]} ended with {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def has_compound_dictionary(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = 'newsroom_german_compound'")
        return cursor.fetchone() is not None


def compound_dictionary_installed(connection) -> bool:
    """Whether the database server has the German dictionary's files (`tsearch_data/newsroom_german.*`):
    a dictionary made from them and rolled back, which touches nothing."""
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEXT SEARCH DICTIONARY newsroom_restore_probe "
                "(TEMPLATE = ispell, DictFile = newsroom_german, AffFile = newsroom_german, StopWords = german)"
            )
            transaction.set_rollback(True, using=connection.alias)
    except DatabaseError:
        return False
    return True


def dump(connection, folder: Path, name: str) -> DatabaseCopy:
    target = folder / name
    if engine(connection) == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()")
            (version,) = cursor.fetchone()
        # The online backup: a consistent copy while the site goes on writing.
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return DatabaseCopy("sqlite", version, sqlite3.sqlite_version, name, target.stat().st_size, sha256_of(target))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    dictionary = has_compound_dictionary(connection)
    environment = libpq_environment(connection.settings_dict)
    dump_version = _run(["pg_dump", "--version"], environment).strip()
    _run(dump_command(target), environment)
    return DatabaseCopy(
        "postgresql", server_version, dump_version, name, target.stat().st_size, sha256_of(target), dictionary
    )


def check(copy: DatabaseCopy, path: Path) -> str:
    """What the file holds, read without a database: pg_restore's table of contents, or SQLite's
    integrity check; Failed if it cannot be read."""
    if copy.engine == "sqlite":
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
                (answer,) = database.execute("PRAGMA integrity_check").fetchone()
                tables = database.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        except sqlite3.Error as error:
            raise Failed(f"{path.name}: {error}") from error
        if answer != "ok":
            raise Failed(f"{path.name}: {answer}")
        return f"{tables} tables"
    listing = _run(["pg_restore", "--list", str(path)], dict(os.environ))
    entries = [line for line in listing.splitlines() if line and not line.startswith(";")]
    tables = [line for line in entries if " TABLE DATA " in line]
    return f"{len(entries)} entries, {len(tables)} tables with data"


def restore(connection, copy: DatabaseCopy, path: Path, *, clean: bool) -> None:
    connection.close()
    if copy.engine == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    settings_dict = connection.settings_dict
    _run(restore_command(path, settings_dict["NAME"], clean=clean), libpq_environment(settings_dict))
