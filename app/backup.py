"""Backups of the database file, and restoring one.

A backup is a copy made with SQLite's online backup API (consistent while the program runs),
written beside its final name and checked with ``PRAGMA integrity_check`` before it takes that
name. Automatic backups are made on the first start of each day and on exit; the folder keeps the
last ``backup_count`` backups plus the newest of each month for a year. Restoring first backs up
the current data (the safety copy), then copies the chosen backup over the open database.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app import i18n, session, settings
from app.errors import UserError
from app.i18n import _
from db import database as dbmod
from db import migrations

log = logging.getLogger("app.backup")

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
    """SQLite's online backup from one file into another, page by page."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reader, \
            sqlite3.connect(target) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def backup_now(to: str | Path | None = None, reason: str = "") -> BackupInfo:
    """Back up the open database into ``to`` (default: the backup folder)."""
    source = _database_file()
    target_dir = Path(to) if to else folder()
    target_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    name = f"{source.stem}-{now:%Y%m%d-%H%M%S}" + (f"-{reason}" if reason else "") + ".db"
    target = target_dir / name
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(source, partial)
        _check(partial, self_contained=True)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    log.info("backed up %s to %s", source, target)
    return BackupInfo(target, now.replace(microsecond=0), target.stat().st_size, reason)


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
    return removed


def automatic(reason: str, today: date | None = None) -> BackupInfo | None:
    """The automatic backup: on exit always, on start when none was made today. Never raises:
    a failed backup must not stop the officer's work (it is logged)."""
    today = today or date.today()
    try:
        if dbmod.sqlite_path() is None:
            return None
        if reason == "auto" and any(b.at.date() == today for b in backups()):
            return None
        made = backup_now(reason=reason)
        prune()
        return made
    except Exception:
        log.exception("automatic backup failed")
        return None


def _restorable(path: Path) -> None:
    if not path.is_file():
        raise UserError(_("No file at {path}.").format(path=path), "file")
    try:
        _check(path)
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            version = connection.execute('SELECT MAX("version") FROM "schema_version"').fetchone()
        connection.close()
    except (sqlite3.DatabaseError, UserError):
        raise UserError(_("{path} is not a backup of this program's database.").format(
            path=path), "file") from None
    if version is None or version[0] is None or int(version[0]) > migrations.LATEST:
        raise UserError(_("{path} is not a backup of this program's database.").format(
            path=path), "file")


def restore(backup_file: str | Path) -> BackupInfo:
    """Replace the open database's data with a backup's; returns the safety copy made first.
    The session is closed for the copy and opened again on the restored data."""
    source = Path(backup_file).resolve()
    _restorable(source)
    target = _database_file()
    safety = backup_now(reason="before-restore")
    session.close_session()
    try:
        _copy(source, target)
    finally:
        session.open_session(target)
    return safety


def network_share(path: str | Path) -> str | None:
    """Where the database file sits on a network share: the share or mount, else None."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return text
    if sys.platform == "win32":
        import ctypes

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
