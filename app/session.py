"""Opening and closing the database the program works on."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import dictionaries, i18n, settings
from app.errors import UserError
from app.i18n import _
from db import changelog, migrations, roles
from db import database as dbmod
from db.migrations import server
from db.models import Commissioner, Demand, Event, Organization, Person

log = logging.getLogger("app.session")


@dataclass(frozen=True)
class SessionInfo:
    target: str  # what was opened: a file path or a URL
    location: str  # the same for people (no password)
    schema_version: int
    database_id: str
    device_name: str
    read_only: str = ""  # why this connection may not change data, or ""


def open_session(path_or_url: str | Path | None = None, *, expire: bool = True) -> SessionInfo:
    """Open (creating and migrating as needed) the database; the default lives in the user's
    data folder. ``expire``: expire the demands past their claim deadline now; the GUI does it
    after its window shows (``expire_demands``)."""
    if path_or_url is None:
        path_or_url = settings.default_database_path()
    if "://" not in str(path_or_url) and str(path_or_url) != ":memory:":
        Path(path_or_url).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        dbmod.open_database(path_or_url, server_backups=server_backups())
    except server.UpgradeRefusedError as error:
        dbmod.close_database()
        raise UserError(_(
            "This database needs an upgrade for this version of the program, which waits until "
            "nobody else is connected. Still connected: {who}. Ask them to close Commissioner "
            "Desk, then open the database again.").format(
                who=i18n.join_list([f"{user}@{address}" if address else user
                                    for user, address, _program in error.connections]))) from None
    except Exception:
        dbmod.close_database()
        raise
    device = settings.device()
    changelog.configure(actor=device["name"], device_id=device["id"])
    dictionaries.forget()
    _state["reader"] = roles.user() if roles.read_only() else ""
    changelog.guard_writes(_refuse if _state["reader"] else None)
    read_only = read_only_reason()
    if expire and not read_only:
        expire_demands()
    location = dbmod.display_location(dbmod.sqlite_path() or path_or_url)
    return SessionInfo(str(path_or_url), location, migrations.current_version(),
                       settings.database_id(), device["name"], read_only)


_state = {"reader": ""}  # the database user of a read-only connection


def read_only_reason() -> str:
    """Why the open database may not be changed through this connection, or "" when it may."""
    if not _state["reader"]:
        return ""
    return _("The database user {user} may look and print, not change data: ask whoever runs "
             "the server for the officer role to edit.").format(user=_state["reader"])


def _refuse() -> None:
    raise UserError(read_only_reason())


def server_backups() -> Path:
    """Where the backup of a PostgreSQL database is written before its schema is upgraded."""
    return settings.data_dir() / "server-backups"


def close_session() -> None:
    _state["reader"] = ""
    changelog.guard_writes(None)
    dbmod.close_database()
    dictionaries.forget()


def expire_demands() -> list[int]:
    """Expire the published demands whose claim deadline has passed (a system step whenever the
    database is opened); returns their ids."""
    if not Demand.live().where((Demand.status == "published")
                               & (Demand.claim_deadline < date.today())).exists():
        return []  # the usual case, without loading the demands' life cycle
    from app import demands

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


def watch_writes(listener) -> None:
    """Call ``listener()`` after every user action, import, merge or undo that wrote data (on
    the thread that wrote it); ``unwatch_writes`` stops it."""
    changelog.add_listener(listener)


def unwatch_writes(listener) -> None:
    changelog.remove_listener(listener)
