"""Opening and closing the database the program works on."""

from __future__ import annotations

import errno
import logging
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import peewee

from app.core import dictionaries, i18n, settings
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.exchange import package
from db import changelog, migrations, roles, writer_lock
from db import database as dbmod
from db.migrations import server
from db.models import Commissioner, Demand, Event, Organization, Person

log = logging.getLogger("app.data.session")


@dataclass(frozen=True)
class SessionInfo:
    target: str  # what was opened: a file path or a URL
    location: str  # the same for people (no password)
    schema_version: int
    database_id: str
    device_name: str
    read_only: str = ""  # why this connection may not change data, or ""


def open_session(path_or_url: str | Path | None = None, *, expire: bool = True,
                 access: str = "write") -> SessionInfo:
    """Open (creating and migrating as needed) the database; the default lives in the user's
    data folder. ``expire``: expire the demands past their claim deadline now; the GUI does it
    after its window shows (``expire_demands``). ``access``: "write" holds the file for this
    process alone; "read" reads it read-only when another program holds it or it cannot be
    written; "read-only" never writes (see ``db.database.open_database``). The reasons a file
    is not opened are ``UserError``s in the officer's language."""
    if path_or_url is None:
        path_or_url = settings.default_database_path()
    if "://" not in str(path_or_url) and str(path_or_url) != ":memory:" and access == "write":
        Path(path_or_url).expanduser().parent.mkdir(parents=True, exist_ok=True)
    device = settings.device()
    try:
        dbmod.open_database(path_or_url, access=access, device=device["name"])
        _state["file"] = dbmod.is_read_only()
        if _state["file"]:  # not upgraded
            _readable_as_is(path_or_url)
        else:
            migrations.migrate(server_backups=server_backups())  # backing up first
        changelog.configure(actor=device["name"], device_id=device["id"])
        changelog.set_before_commit(_package_hooks())
        dictionaries.forget()
        _state["reader"] = roles.user() if roles.read_only() else ""
        changelog.guard_writes(_refuse if _state["reader"] else None)
        read_only = read_only_reason()
        if expire and not read_only:
            expire_demands()
        location = dbmod.display_location(dbmod.sqlite_path() or path_or_url)
        return SessionInfo(str(path_or_url), location, migrations.current_version(),
                           settings.database_id(), device["name"], read_only)
    except server.UpgradeRefusedError as error:
        dbmod.close_database()
        raise UserError(_(
            "This database needs an upgrade for this version of the program, which waits until "
            "nobody else is connected. Still connected: {who}. Ask them to close Commissioner "
            "Desk, then open the database again.").format(
                who=i18n.join_list([f"{user}@{address}" if address else user
                                    for user, address, _program in error.connections]))) from None
    except Exception as error:
        dbmod.close_database()
        explained = explain(error, path_or_url)
        if explained is None:
            raise
        raise explained from error


_state = {"reader": "", "file": False}  # a read-only connection's database user; a file read only


def read_only_reason() -> str:
    """Why the open database may not be changed through this connection, or "" when it may."""
    if _state["reader"]:
        return _("The database user {user} may look and print, not change data: ask whoever runs "
                 "the server for the officer role to edit.").format(user=_state["reader"])
    if _state["file"]:
        return _("Read-only: another program holds this database, or its folder cannot be "
                 "written")
    return ""


def _refuse() -> None:
    raise UserError(read_only_reason())


def server_backups() -> Path:
    """Where the backup of a PostgreSQL database is written before its schema is upgraded."""
    return settings.data_dir() / "server-backups"


def _readable_as_is(path_or_url) -> None:
    """A database opened read-only is not upgraded: it is read only at this program's version."""
    found = migrations.current_version()
    if found > migrations.LATEST:
        raise migrations.SchemaTooNewError(found, migrations.LATEST)
    if found < migrations.LATEST:
        raise UserError(_("{path} must be upgraded to this program's version before it can be "
                          "read, and it cannot be written now (another program holds it, or "
                          "its folder is read-only).").format(path=path_or_url))


class DatabaseProblem(UserError):
    """Why the database could not be opened or written, in the officer's language; ``kind`` for
    what the program offers next: "in-use", "damaged", "not-database", "foreign", "too-new",
    "disk-full", "permission", "busy", "unopenable", "unreachable" (a server not connected to) or
    "database" (an error the database gave no more meaning to). ``data_safe``: what was saved
    before is known to be intact."""

    def __init__(self, message: str, kind: str, data_safe: bool):
        super().__init__(message)
        self.kind = kind
        self.data_safe = data_safe


def explain(error: BaseException, path_or_url=None) -> UserError | None:
    """An error of opening or writing the database, said in the officer's language with what to
    do; None for an error that is not one of those."""
    if isinstance(error, UserError):
        return error
    path = path_or_url or dbmod.sqlite_path() or ""
    if isinstance(error, writer_lock.LockHeld):
        holder = error.holder
        return DatabaseProblem(_(
            "The database is in use by Commissioner Desk (process {pid}, device {device}): close "
            "that program first, or add --read-only to only look.").format(
            pid=holder.get("pid", "?"), device=holder.get("device") or holder.get("host", "?")),
            "in-use", True)
    if isinstance(error, dbmod.NotADatabaseError):
        return DatabaseProblem(_("{path} is not a database (not a SQLite file): choose the "
                                 "database file of Commissioner Desk.").format(path=error),
                               "not-database", True)
    if isinstance(error, dbmod.ForeignDatabaseError):
        return DatabaseProblem(_("{path} is the database of another program: Commissioner Desk "
                                 "does not open it, and has not changed it.").format(path=error),
                               "foreign", True)
    if isinstance(error, migrations.SchemaTooNewError):
        return DatabaseProblem(_(
            "This database has schema version {found}, written by a newer Commissioner Desk; "
            "this program reads versions up to {supported}. Install the newer program to open "
            "it.").format(found=error.found, supported=error.supported), "too-new", True)
    text = str(error).lower()
    if ("disk is full" in text or getattr(error, "errno", None) == errno.ENOSPC
            or _server_code(error) == DISK_FULL):
        return DatabaseProblem(_(
            "The disk is full: this step saved nothing, and what was saved before is intact. Free "
            "some space (or choose another disk) and try again."), "disk-full", True)
    if ("readonly database" in text or "permission denied" in text
            or getattr(error, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS)):
        return DatabaseProblem(_(
            "Commissioner Desk may not write {path}: check that the file and its folder may be "
            "written by you (not read-only, not on a locked medium).").format(path=path),
            "permission", True)
    if "database is locked" in text or "database is busy" in text:
        return DatabaseProblem(_(
            "The database stayed locked by other work for too long; nothing was lost. Wait until "
            "that work is done and try again."), "busy", True)
    if "unable to open database file" in text:
        return DatabaseProblem(_(
            "The database {path} could not be opened: check that it exists and may be read and "
            "written by you.").format(path=path), "unopenable", True)
    if "malformed" in text or "file is not a database" in text or "disk i/o error" in text:
        return DatabaseProblem(_(
            "The database file is damaged. Run “main.py check”, then restore the newest backup "
            "(main.py restore) or salvage what can be read (main.py recover)."), "damaged", False)
    if _server_code(error)[:2] in ("08", "28") or "connection to server" in text or (
            "could not translate host name" in text):
        return DatabaseProblem(_(
            "Could not connect to the database server {location} ({error}): check the server's "
            "address, the user name and the password, and that the server is running.").format(
                location=dbmod.display_location(path), error=dbmod.mask_passwords(
                    " ".join(str(error).split()))), "unreachable", True)
    if isinstance(error, (peewee.DatabaseError, sqlite3.DatabaseError)):
        # The first line only: PostgreSQL's DETAIL quotes the row's values, a whole ID number.
        return DatabaseProblem(_(
            "The database reported an error ({error}). What was saved may not be intact: close "
            "the program and run “main.py check”.").format(error=str(error).partition("\n")[0]),
            "database", False)
    return None


DISK_FULL = "53100"  # PostgreSQL's SQLSTATE, whatever language the server words it in


def _server_code(error: BaseException) -> str:
    """The SQLSTATE of a PostgreSQL server's error (peewee raises its own while handling the
    driver's); "" for any other error."""
    return getattr(error, "pgcode", None) or getattr(error.__context__, "pgcode", None) or ""


def _package_hooks() -> list:
    """A field package opened on the laptop keeps the checksum of its content with each write."""
    if not dbmod.is_sqlite():
        return []
    return [package.keep_checksum] if package.is_package(dbmod.database) else []


def close_session(*, keep_lock: bool = False) -> None:
    """``keep_lock``: the database stays this process's alone (a restore replaces the file)."""
    _state.update(reader="", file=False)
    changelog.guard_writes(None)
    changelog.set_before_commit([])
    dbmod.close_database(keep_lock=keep_lock)
    dictionaries.forget()


def expire_demands() -> Changes:
    """Expire the published demands whose claim deadline has passed (a system step whenever the
    database is opened); the demands written are those expired."""
    if not Demand.live().where((Demand.status == "published")
                               & (Demand.claim_deadline < date.today())).exists():
        return Changes()  # the usual case, without loading the demands' life cycle
    from app.demands import lifecycle as demands

    return demands.expire_due(date.today())


def is_empty() -> bool:
    """True when the register holds nothing yet (the welcome page offers demo data)."""
    return not any(
        model.select().limit(1).exists()
        for model in (Person, Organization, Commissioner, Demand, Event)
    )


def worker_connection():
    """A context in which a worker thread has its own connection to the open database."""
    return dbmod.database.connection_context()


def newest_change() -> int | None:
    """The newest change-log id, whoever wrote it (one index read): when it moves, someone
    changed data. None when the database cannot be read just now (the next look tries again)."""
    try:
        return changelog.newest_id()
    except (peewee.DatabaseError, peewee.InterfaceError) as error:  # Interface: connection lost
        log.warning("could not look for changes by others: %s", error)
        return None
