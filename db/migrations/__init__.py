"""Versioned schema migrations.

Version ``n`` is ``STEPS[n - 1]``. A new database runs them all; an older one runs the missing
ones after a backup of its file; a database written by a newer program is refused. The version
lives in the ``schema_version`` table (SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from db import database as dbmod
from db.database import database
from db.fields import new_uuid, utcnow
from db.migrations import seed

log = logging.getLogger("db.migrations")


class SchemaTooNewError(Exception):
    def __init__(self, found: int, supported: int):
        super().__init__(
            f"this database has schema version {found}, written by a newer Commissioner Desk; "
            f"this program reads versions up to {supported}. Install the newer program to open it."
        )
        self.found = found
        self.supported = supported


def _run_sql_file(stem: str) -> None:
    dialect = "sqlite" if dbmod.is_sqlite() else "postgres"
    text = resources.files(__package__).joinpath(f"{stem}.{dialect}.sql").read_text("utf-8")
    for statement in text.split(";\n"):
        if statement.strip():
            database.execute_sql(statement)


def _initial() -> None:
    _run_sql_file("0001_initial")
    seed.insert_dictionaries(version=1)
    database.execute_sql(
        f'INSERT INTO "setting" ("key", "value") VALUES ({database.param}, {database.param})',
        ("database_id", new_uuid()),
    )


STEPS: list[Callable[[], None]] = [_initial]
LATEST = len(STEPS)


def current_version() -> int:
    """0 for an empty database."""
    if "schema_version" not in database.get_tables():
        return 0
    return database.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()[0] or 0


def backup_file(path: Path, version: int) -> Path:
    """Copy a SQLite file with the online backup API, next to it, before it is migrated."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}.{stamp}.bak")
    source = database.connection()
    with sqlite3.connect(target) as copy:
        source.backup(copy)
    copy.close()
    log.info("backed up %s to %s before migrating", path, target)
    return target


def migrate() -> list[int]:
    """Bring the open database to ``LATEST``; returns the versions applied."""
    found = current_version()
    if found > LATEST:
        raise SchemaTooNewError(found, LATEST)
    if found == LATEST:
        return []
    path = dbmod.sqlite_path()
    if found > 0 and path is not None:
        backup_file(path, found)
    applied = []
    for version in range(found + 1, LATEST + 1):
        with database.atomic():
            if version == 1:
                database.execute_sql(
                    'CREATE TABLE "schema_version" ("version" INTEGER NOT NULL PRIMARY KEY, '
                    '"applied_at" VARCHAR(32) NOT NULL)'
                )
            STEPS[version - 1]()
            database.execute_sql(
                f'INSERT INTO "schema_version" ("version", "applied_at") '
                f"VALUES ({database.param}, {database.param})",
                (version, utcnow().isoformat(sep=" ")),
            )
        log.info("migrated to schema version %d", version)
        applied.append(version)
    return applied
