"""Backups of the database file, and restoring one.

A backup is a copy made with SQLite's online backup API (consistent while the program runs),
written beside its final name (``files.atomic_write``) and checked with ``PRAGMA integrity_check`` before
it takes that name; its SHA-256 is written beside it (``.sha256``) and verified before it is
restored. Automatic backups are made on the first start of each day and on exit; the folder keeps
the last ``backup_count`` backups plus the newest of each month for a year.

Restoring happens while this process holds the database alone (``db.writer_lock``, kept from
before the safety copy to after the restored file is open again, so nothing can be written in
between): the chosen file is copied and verified beside the database, the current data is backed
up (or, when it is damaged, moved aside as ``….damaged-<time>``), and the verified copy takes
the database's name. A whole-file swap, so any page size restores.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import peewee

from app.core import i18n, settings
from app.core.errors import UserError
from app.core.files import PART, atomic_write
from app.core.i18n import _
from app.data import session
from db import database as dbmod
from db import migrations, writer_lock

log = logging.getLogger("app.data.backup")

NAME = re.compile(r"(?P<stem>.+)-(?P<at>\d{8}-\d{6})(?:-(?P<reason>[a-z-]+))?\.db$")
MONTHS_KEPT = 12
NETWORK_FILESYSTEMS = ("nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "davfs", "afpfs",
                       "ncpfs", "9p")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    at: datetime  # local time, from the file name
    size: int
    reason: str  # "", "auto", "exit", "before-restore"


def size_text(size: int) -> str:
    """A file size for people: 1.2 MB, 340 KB."""
    if size >= 1024 * 1024:
        return i18n.format_decimal(size / 1024 / 1024, 1) + " MB"
    return i18n.format_decimal(max(1, round(size / 1024)), 0) + " KB"


def _database_file() -> Path:
    path = dbmod.sqlite_path()
    if path is None:
        raise UserError(_("Backups here are for a database file; a server database is backed up "
                          "on the server."))
    return path


def folder() -> Path:
    """The backup folder: the setting, else "backups" beside the database."""
    configured = settings.get("backup_folder")
    return Path(configured) if configured else _database_file().parent / "backups"


def _check(path: Path, self_contained: bool = False) -> None:
    """The integrity check; a new copy also leaves WAL mode (``self_contained``), so that it is
    one file that opens without -wal and -shm files beside it."""
    with sqlite3.connect(path) as connection:
        if self_contained:
            connection.execute("PRAGMA journal_mode=DELETE")
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    connection.close()
    if result != ["ok"]:
        raise UserError(_("The backup {path} failed its integrity check.").format(path=path))


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup from one file into another, page by page, reading the source
    read-only (another program may hold it)."""
    with sqlite3.connect(dbmod.read_only_uri(source), uri=True) as reader, \
            sqlite3.connect(target) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def backup_now(to: str | Path | None = None, reason: str = "") -> BackupInfo:
    """Back up the open database into ``to`` (default: the backup folder)."""
    return _backup_file(_database_file(), Path(to) if to else folder(), reason)


def _backup_file(source: Path, target_dir: Path, reason: str) -> BackupInfo:
    target_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    name = f"{source.stem}-{now:%Y%m%d-%H%M%S}" + (f"-{reason}" if reason else "") + ".db"
    target = target_dir / name
    if writer_lock.holds(source):  # else another program's backup may be under way
        clean_partials(target_dir)
    with atomic_write(target) as partial:
        _copy(source, partial)
        _check(partial, self_contained=True)
        checksum_file(target).write_text(f"{_sha256(partial)}  {target.name}\n", "ascii")
    log.info("backed up %s to %s", source, target)
    return BackupInfo(target, now.replace(microsecond=0), target.stat().st_size, reason)


def checksum_file(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + ".sha256")


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def clean_partials(where: Path) -> list[Path]:
    """Remove what interrupted backups left: partial copies (``files.PART``; ``.partial`` from
    older versions), and checksums without their backup. Only the process that holds the database
    calls it (no backup of its is running)."""
    leftovers = [*where.glob(f"*{PART}"), *where.glob("*.partial")] if where.is_dir() else []
    leftovers += [path for path in where.glob("*.db.sha256") if not path.with_suffix("").exists()]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers


def backups(where: str | Path | None = None) -> list[BackupInfo]:
    """The backups in the folder, newest first."""
    where = Path(where) if where else folder()
    found = []
    for path in where.glob("*.db") if where.is_dir() else ():
        match = NAME.fullmatch(path.name)
        if match:
            at = datetime.strptime(match["at"], "%Y%m%d-%H%M%S")
            found.append(BackupInfo(path, at, path.stat().st_size, match["reason"] or ""))
    return sorted(found, key=lambda b: (b.at, b.path.name), reverse=True)


def prune(where: str | Path | None = None, today: date | None = None) -> list[Path]:
    """Delete the backups beyond the last ``backup_count`` and one per month for a year."""
    today = today or date.today()
    every = backups(where)
    keep = {b.path for b in every[: max(1, settings.get("backup_count"))]}
    months: set[tuple[int, int]] = set()
    for b in every:  # newest first: the newest of each month stays
        age = (today.year - b.at.year) * 12 + today.month - b.at.month
        if age < MONTHS_KEPT and (b.at.year, b.at.month) not in months:
            months.add((b.at.year, b.at.month))
            keep.add(b.path)
    removed = [b.path for b in every if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
        checksum_file(path).unlink(missing_ok=True)
    return removed


def automatic(reason: str, today: date | None = None) -> BackupInfo | None:
    """The automatic backup: on exit always, on start when none was made today. Never raises:
    a failed backup must not stop the officer's work (it is logged)."""
    today = today or date.today()
    try:
        if dbmod.sqlite_path() is None:
            return None
        if folder().is_dir():  # at start and on exit: what a killed backup left
            clean_partials(folder())
        if reason == "auto" and any(b.at.date() == today for b in backups()):
            return None
        made = backup_now(reason=reason)
        prune()
        return made
    except Exception:
        log.exception("automatic backup failed")
        return None


def _not_a_backup(path: Path) -> UserError:
    return UserError(_("{path} is not a backup of this program's database.").format(path=path),
                     "file")


def verify(path: Path, staged: Path) -> None:
    """Copy a backup to ``staged`` and check the copy, which is what will be restored."""
    if not path.is_file():
        raise UserError(_("No file at {path}.").format(path=path), "file")
    shutil.copyfile(path, staged)
    _inspect(staged, path)


def _inspect(copy: Path, original: Path) -> tuple[int, int]:
    """Check a backup: its checksum (when it has one: backups made before checksums have
    none), its integrity, and that it is an office database of this program — not a field
    package, not another program's file, not newer than this program. Returns its numbers of
    commissioners and organizations."""
    checksum = checksum_file(original)
    if checksum.exists():
        expected = checksum.read_text("ascii", errors="replace").split(" ", 1)[0].strip()
        if _sha256(copy) != expected:
            raise UserError(_("The backup {path} is damaged: its content no longer matches the "
                              "checksum written when it was made. Choose another backup.").format(
                path=original), "file")
    try:
        _check(copy)
        with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as connection:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = connection.execute('SELECT MAX("version") FROM "schema_version"').fetchone()
            package = "package_manifest" in tables and connection.execute(
                'SELECT COUNT(*) FROM "package_manifest"').fetchone()[0]
            identity = connection.execute(
                """SELECT "value" FROM "setting" WHERE "key" = 'database_id'""").fetchone()
            counts = tuple(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                           for table in ("commissioner", "organization"))
        connection.close()
    except (sqlite3.DatabaseError, UserError):
        raise _not_a_backup(original) from None
    if version[0] is None or identity is None or package:
        raise _not_a_backup(original)
    if int(version[0]) > migrations.LATEST:
        raise session.explain(migrations.SchemaTooNewError(int(version[0]), migrations.LATEST))
    return counts


@dataclass(frozen=True)
class IntactBackup:
    info: BackupInfo
    commissioners: int
    organizations: int


def intact_backups(where: Path, limit: int = 5) -> list[IntactBackup]:
    """The newest backups in ``where`` that pass every check of a restore, newest first."""
    found = []
    for info in backups(where):
        try:
            found.append(IntactBackup(info, *_inspect(info.path, info.path)))
        except UserError as error:
            log.warning("backup not offered: %s", error)
        if len(found) == limit:
            break
    return found


def restore(backup_file: str | Path, database_file: str | Path | None = None) -> BackupInfo:
    """Replace the database's data with a backup's. Returns the safety copy of the data as it
    was (reason "before-restore"), or where the damaged file was moved (reason "damaged").

    Without ``database_file``, the open database is restored and opened again; with it, a file
    that is not open — it may be too damaged to open — is taken (``writer_lock``) and restored,
    its safety copy going to the "backups" folder beside it."""
    source = Path(backup_file).resolve()
    if database_file is None:
        target = _database_file()
        if not writer_lock.holds(target):
            raise UserError(_("The database is open read-only here; a backup can only be "
                              "restored by the program that holds it."))
        safety_folder = folder()
    else:
        target = Path(database_file).expanduser().resolve()
        writer_lock.acquire(target, settings.device()["name"])
        safety_folder = target.parent / "backups"
    closed = False
    try:
        with atomic_write(target) as staged:  # takes the database's place at the end
            verify(source, staged)
            if database_file is None:
                session.close_session(keep_lock=True)
                closed = True
            kept = _set_aside(target, safety_folder)
            for suffix in ("-wal", "-shm"):  # they belong to the data just set aside
                Path(f"{target}{suffix}").unlink(missing_ok=True)
    finally:
        if closed:
            session.open_session(target)
        if database_file is not None:
            writer_lock.release(target)
    log.info("restored %s from %s; kept %s", target, source, kept.path)
    return kept


def _set_aside(target: Path, safety_folder: Path) -> BackupInfo:
    """The safety copy of the current data; a database too damaged for one is moved aside
    whole, with its -wal and -shm, for whoever may still salvage it (``recover``)."""
    try:
        with sqlite3.connect(target) as connection:  # the WAL into the file (SQLite checkpoints)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        return _backup_file(target, safety_folder, "before-restore")
    except (sqlite3.DatabaseError, UserError) as error:
        log.warning("the database is damaged (%s): moved aside, not backed up", error)
    now = datetime.now()
    damaged = target.with_name(f"{target.name}.damaged-{now:%Y%m%d-%H%M%S}")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{target}{suffix}").exists():
            os.replace(f"{target}{suffix}", f"{damaged}{suffix}")
    return BackupInfo(damaged, now.replace(microsecond=0), damaged.stat().st_size, "damaged")


def recover(damaged: str | Path, out: str | Path) -> dict[str, int]:
    """Salvage what a damaged database still holds into a new database ``out``: every row of
    this program's tables that SQLite can still read (a damaged page loses its rows, not the
    table's), into the current schema, with the search index rebuilt. Returns the rows saved
    per table. For when no backup is recent enough; the damaged file is only read."""
    damaged, out = Path(damaged).expanduser().resolve(), Path(out).expanduser().resolve()
    if not damaged.is_file():
        raise UserError(_("No database at {path}.").format(path=damaged))
    if out.exists():
        raise UserError(_("{path} exists already; choose a new file for what is salvaged.").format(
            path=out))
    writer_lock.acquire(damaged, settings.device()["name"])
    target = peewee.SqliteDatabase(str(out), pragmas={"foreign_keys": 0})
    try:
        source = sqlite3.connect(dbmod.read_only_uri(damaged), uri=True)
        try:
            tables = _salvageable(source)
            migrations.migrate(target)
            counts = {}
            with target.atomic(), migrations.search_index_deferred(target):
                for table in sorted(set(tables) & set(target.get_tables())):
                    counts[table] = _salvage_table(source, target, table)
        finally:
            source.close()
    except BaseException:
        target.close()
        out.unlink(missing_ok=True)
        raise
    finally:
        writer_lock.release(damaged)
    target.close()
    return counts


def _salvageable(source: sqlite3.Connection) -> list[str]:
    """The ordinary tables of the damaged file (the search index is rebuilt, not copied)."""
    try:
        rows = source.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.DatabaseError as error:
        raise UserError(_("Nothing can be salvaged: the file's table of contents is unreadable "
                          "({error}).").format(error=error)) from None
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [name for name, _sql in rows if not name.startswith("sqlite_") and name not in virtual
            and not any(name.startswith(f"{v}_") for v in virtual)]


def _salvage_table(source: sqlite3.Connection, target, table: str) -> int:
    """Copy the readable rows of ``table``, a range of row ids at a time and, where a range
    cannot be read, row by row."""
    ours = {column.name for column in target.get_columns(table)}
    try:
        theirs = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
        last = source.execute(f'SELECT MAX(rowid) FROM "{table}"').fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return 0
    columns = [name for name in theirs if name in ours]
    names = ", ".join(f'"{name}"' for name in columns)
    insert = (f'INSERT OR REPLACE INTO "{table}" ({names}) '
              f'VALUES ({", ".join("?" for _ in columns)})')
    select = f'SELECT {names} FROM "{table}" WHERE rowid BETWEEN ? AND ?'
    saved, step = 0, 500
    for first in range(0, last + 1, step):
        try:
            rows = source.execute(select, (first, first + step - 1)).fetchall()
        except sqlite3.DatabaseError:
            rows = []
            for rowid in range(first, first + step):
                try:
                    rows += source.execute(select, (rowid, rowid)).fetchall()
                except sqlite3.DatabaseError:
                    continue
        for row in rows:
            target.execute_sql(insert, row)
        saved += len(rows)
    return saved


def network_share(path: str | Path) -> str | None:
    """Where the database file sits on a network share: the share or mount, else None."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return text
    if sys.platform == "win32":
        drive = os.path.splitdrive(os.path.abspath(text))[0]
        drive_remote = 4
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote:
            return drive
        return None
    return _network_mount(Path(text).resolve(), Path("/proc/mounts"))


def _network_mount(path: Path, mounts: Path) -> str | None:
    try:
        lines = mounts.read_text().splitlines()
    except OSError:
        return None
    best: tuple[int, str | None] = (-1, None)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        source, point, kind = parts[0], parts[1].replace("\\040", " "), parts[2]
        if (path == Path(point) or Path(point) in path.parents) and len(point) > best[0]:
            best = (len(point), f"{source} ({kind})" if kind in NETWORK_FILESYSTEMS else None)
    return best[1]
