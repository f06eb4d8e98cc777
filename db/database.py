"""The one database handle of the program, and how it is opened.

Models bind to ``database`` (a proxy); ``open_database`` points it at a SQLite file or a
PostgreSQL URL and brings the schema up to date.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import peewee

log = logging.getLogger("db")

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 10_000,
    "cache_size": -32_000,
}


def to_url(path_or_url: str | Path) -> str:
    """A database URL for a file path, or the URL itself."""
    text = str(path_or_url)
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite:///:memory:"
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def display_location(path_or_url: str | Path) -> str:
    """Where the database is, for people: a file path, or a URL without its password."""
    text = str(path_or_url)
    if "://" not in text:
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def _target(db: peewee.Database) -> peewee.Database:
    return db.obj if isinstance(db, peewee.DatabaseProxy) else db


def is_sqlite(db: peewee.Database = database) -> bool:
    return isinstance(_target(db), peewee.SqliteDatabase)


def sqlite_path(db: peewee.Database = database) -> Path | None:
    """The file behind a SQLite database, or None (PostgreSQL, in-memory)."""
    target = _target(db)
    if not isinstance(target, peewee.SqliteDatabase) or target.database in ("", ":memory:"):
        return None
    return Path(target.database)


def connect_database(path_or_url: str | Path) -> peewee.Database:
    """Connect without touching the schema (the migrations do that)."""
    url = to_url(path_or_url)
    if url.startswith("sqlite"):
        # Every write transaction takes the write lock at BEGIN, so two writers queue on the
        # busy timeout instead of failing halfway with SQLITE_BUSY.
        options = {"pragmas": SQLITE_PRAGMAS, "lock_type": "IMMEDIATE"}
        if url.startswith("sqlite:///") and "?" not in url:  # a file: no URL parsing to load
            db = peewee.SqliteDatabase(url.removeprefix("sqlite:///"), **options)
        else:
            db = _connect_url(url, **options)
    else:
        db = _connect_url(url)
    database.initialize(db)
    database.connect(reuse_if_open=True)
    log.info("connected to %s", url)
    return db


def _connect_url(url: str, **options) -> peewee.Database:
    from playhouse.db_url import connect  # with the connection pools of every server it knows

    return connect(url, **options)


def open_database(path_or_url: str | Path, *, migrate: bool = True,
                  server_backups: Path | None = None) -> peewee.Database:
    """Connect and run pending migrations (backing up the file first, or a PostgreSQL database
    into ``server_backups``)."""
    from db import migrations

    db = connect_database(path_or_url)
    if migrate:
        migrations.migrate(server_backups=server_backups)
    return db


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        if is_sqlite():
            _optimize()
        database.close()


def _optimize() -> None:
    """SQLite's advice before a connection closes: statistics for the query planner, for the
    tables this connection queried, where they are missing or out of date. A register grown by
    use and imports is otherwise never analyzed, and without statistics the planner took the
    recycle bin's index (deleted_at, NULL on nearly every row) and sorted all 500,000 service logs
    of a province for one page: 0.95 s, and 10 ms once analyzed (0.5 s, once)."""
    try:
        database.execute_sql("PRAGMA optimize")
    except peewee.DatabaseError as error:  # read-only, or locked: the next close tries again
        log.info("no PRAGMA optimize: %s", error)
