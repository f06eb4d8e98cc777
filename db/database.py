"""The one database handle of the program, and how it is opened.

Models bind to ``database`` (a proxy); ``open_database`` points it at a SQLite file or a
PostgreSQL URL (``db.migrations.migrate`` then brings the schema up to date).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import peewee

from db import writer_lock

log = logging.getLogger("db")

database = peewee.DatabaseProxy()


class BaseModel(peewee.Model):
    """Every table of the program: bound to ``database``."""

    class Meta:
        database = database
        legacy_table_names = False

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


_PASSWORD = re.compile(r"(\w[\w+.-]*://[^\s:/@]*:)[^\s@/]*@")


def mask_passwords(text: str) -> str:
    """Text with the password of every database URL in it replaced by ***."""
    return _PASSWORD.sub(r"\1***@", text)


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
    return getattr(target, "file", None) or Path(target.database)


class NotADatabaseError(Exception):
    """The file is not a SQLite database (a text file, a spreadsheet…)."""


class ForeignDatabaseError(Exception):
    """A SQLite database with tables, but not Commissioner Desk's: it is never modified."""


def connect_database(path_or_url: str | Path, *, read_only: bool = False) -> peewee.Database:
    """Connect without touching the schema (the migrations do that). ``read_only``: a SQLite file
    opened so that nothing is written to it, nor to its -wal and -shm files (``read_only_uri``)."""
    url = to_url(path_or_url)
    if url.startswith("sqlite"):
        # Every write transaction takes the write lock at BEGIN, so two writers queue on the
        # busy timeout instead of failing halfway with SQLITE_BUSY.
        options = {"pragmas": SQLITE_PRAGMAS, "lock_type": "IMMEDIATE"}
        if read_only:
            path = Path(url.removeprefix("sqlite:///"))
            pragmas = {k: v for k, v in SQLITE_PRAGMAS.items() if k != "journal_mode"}
            db = _Sqlite(read_only_uri(path), uri=True, pragmas=pragmas)
            db.read_only, db.file = True, path
        elif url.startswith("sqlite:///") and "?" not in url:  # a file: no URL parsing to load
            db = _Sqlite(url.removeprefix("sqlite:///"), **options)
        else:
            db = _connect_url(url, **options)
    else:
        db = _connect_url(url)
    database.initialize(db)
    database.connect(reuse_if_open=True)
    log.info("connected to %s%s", display_location(url), " (read-only)" if read_only else "")
    return db


def read_only_uri(path: Path) -> str:
    """A URI that reads a SQLite file without writing to it: ``mode=ro`` cannot checkpoint or
    delete the -wal file. Where a -shm index exists (a writer has the file open, or had),
    ``readonly_shm`` keeps this reader from rebuilding it, which it would do if the writer's
    own locks were lost. In a folder nobody can write to, no writer can exist: immutable."""
    uri = "file:" + quote(str(path.resolve()))
    if os.path.exists(f"{path}-shm"):
        return uri + "?mode=ro&readonly_shm=1"
    if not writable_location(path):
        return uri + "?mode=ro&immutable=1"
    return uri + "?mode=ro"


def writable_location(path: Path) -> bool:
    """Whether this program may write the file and its folder (-wal, -shm, lock, backups)."""
    folder = path.resolve().parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


class _Sqlite(peewee.SqliteDatabase):
    read_only = False
    file: Path | None = None

    def rollback(self) -> None:
        """SQLite rolls back by itself after some errors (disk full, I/O); rolling back again
        would raise "no transaction is active" in place of the error that says what happened."""
        if self.connection().in_transaction:
            super().rollback()


def _connect_url(url: str, **options) -> peewee.Database:
    from playhouse.db_url import connect  # with the connection pools of every server it knows

    return connect(url, **options)


def open_database(path_or_url: str | Path, *, access: str = "write",
                  device: str = "") -> peewee.Database:
    """Connect, refusing a file that is not a database of this program.

    For a SQLite file, ``access`` "write" takes the writer lock (``writer_lock``) or raises
    ``writer_lock.LockHeld``; "read" takes it when it is free, and otherwise — another program
    holds the file — opens read-only; "read-only" always opens read-only, and so does any
    access in a folder nobody may write to. ``device`` is written in the lock."""
    path = _file(path_or_url)
    if path is None:
        db = connect_database(path_or_url)
    else:
        read_only = access == "read-only" or not _lock(path, access, device)
        try:
            _refuse_foreign(path)
            db = connect_database(path_or_url, read_only=read_only)
        except BaseException:
            close_database()
            writer_lock.release(path)
            raise
    return db


def _file(path_or_url: str | Path) -> Path | None:
    url = to_url(path_or_url)
    if url.startswith("sqlite:///") and "?" not in url and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///"))
    return None


def _lock(path: Path, access: str, device: str) -> bool:
    """Take the writer lock for ``access``; False when the database is to be read only — also
    for a writer in a folder nobody may write to: it reads, and is told when it tries to write."""
    if not writable_location(path):
        return False
    try:
        writer_lock.acquire(path, device)
    except (writer_lock.LockHeld, OSError):  # OSError: the folder cannot be written
        if access == "read":
            return False
        raise
    return True


def _refuse_foreign(path: Path) -> None:
    """Refuse what is not a database of this program, looking at it read-only (connecting for
    writing would already switch another program's file to WAL)."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as file:  # SQLite takes a few bytes of anything for an empty database
        if file.read(16) != b"SQLite format 3\x00":
            raise NotADatabaseError(str(path))
    uri = read_only_uri(path)
    if uri.endswith("?mode=ro"):  # nobody has it open: a plain read-only open would leave
        uri += "&immutable=1"  # empty -wal and -shm files beside a file it may then refuse
    try:
        with sqlite3.connect(uri, uri=True) as connection:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        connection.close()
    except sqlite3.DatabaseError as error:
        if "file is not a database" in str(error):
            raise NotADatabaseError(str(path)) from None
        raise
    if tables and "schema_version" not in tables:
        raise ForeignDatabaseError(str(path))


# The key of the PostgreSQL advisory lock that ``lock_identities`` takes ("CDID").
_IDENTITY_LOCK = 0x43444944


class IdentitiesBusy(Exception):
    """Another connection held ``lock_identities`` for longer than this one would wait."""


def lock_identities(db: peewee.Database = database, wait: float | None = None) -> None:
    """Hold, until the current transaction ends, the right to find-or-create people and
    organizations, so that two writers that do not find a record do not both create it. The
    identity rule (``app.register.identity``: a name with a mobile, or with an employer; two credit codes
    are two organizations whatever their names; a second organization of a name is allowed
    when the officer says so) is no key an index could hold, so writers take turns. SQLite needs
    nothing: each write transaction holds the file's write lock from its BEGIN (IMMEDIATE).
    Call it before the transaction reads what it may create. ``wait``: seconds to wait at most,
    then ``IdentitiesBusy`` (None: as long as it takes)."""
    if is_sqlite(db):
        return
    if wait is None:
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_IDENTITY_LOCK,))
        return
    deadline = time.monotonic() + wait
    while not db.execute_sql("SELECT pg_try_advisory_xact_lock(%s)",
                             (_IDENTITY_LOCK,)).fetchone()[0]:
        if time.monotonic() > deadline:
            raise IdentitiesBusy()
        time.sleep(0.1)


def is_read_only(db: peewee.Database = database) -> bool:
    return getattr(_target(db), "read_only", False)


def close_database(*, keep_lock: bool = False) -> None:
    """Close the connection, and give up the writer lock unless ``keep_lock``."""
    if database.obj is None:
        return
    path = sqlite_path()
    if not database.is_closed():
        if is_sqlite() and not is_read_only():
            _optimize()
        database.close()
    if path is not None and not is_read_only() and not keep_lock:
        writer_lock.release(path)


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
