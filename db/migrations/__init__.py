"""Versioned schema migrations.

Version ``n`` is ``STEPS[n - 1]``. A new database runs them all; an older one runs the missing
ones after a backup of its file; a database written by a newer program is refused. The version
lives in the ``schema_version`` table (SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import peewee

from db import database as dbmod
from db.database import database
from db.fields import new_uuid, utcnow
from db.migrations import seed, server
from db.models import SURNAME_READINGS, pinyin_keys

log = logging.getLogger("db.migrations")


class SchemaTooNewError(Exception):
    def __init__(self, found: int, supported: int):
        super().__init__(
            f"this database has schema version {found}, written by a newer Commissioner Desk; "
            f"this program reads versions up to {supported}. Install the newer program to open it."
        )
        self.found = found
        self.supported = supported


def _statements(text: str) -> Iterator[str]:
    """The statements of a SQL file, each ending with ``;`` at the end of a line; a trigger's
    body (BEGIN … END;) or a function's ($$ … $$) runs on until it is closed."""
    lines: list[str] = []
    for line in text.splitlines():
        lines.append(line)
        statement = "\n".join(lines).strip()
        dollars = statement.count("$$")
        if statement.endswith(";") and (
                dollars % 2 == 0 if dollars else
                not re.search(r"\bBEGIN$", statement, re.M) or statement.endswith("END;")):
            yield statement
            lines = []


def _sql_file(db: peewee.Database, stem: str) -> str:
    name = f"{stem}.{'sqlite' if dbmod.is_sqlite(db) else 'postgres'}.sql"
    return resources.files(__package__).joinpath(name).read_text("utf-8")


def _run_sql_file(db: peewee.Database, stem: str) -> None:
    for statement in _statements(_sql_file(db, stem)):
        db.execute_sql(statement)


def _initial(db: peewee.Database) -> None:
    _run_sql_file(db, "0001_initial")
    seed.insert_dictionaries(db, version=1)
    db.execute_sql(
        f'INSERT INTO "setting" ("key", "value") VALUES ({db.param}, {db.param})',
        ("database_id", new_uuid()),
    )


def _field_packages(db: peewee.Database) -> None:
    _run_sql_file(db, "0002_field_packages")


# The search columns' values, the FTS5 indexes' contents and the triggers that keep them.
SEARCH_INDEX = "0003_search_index"


def _search(db: peewee.Database) -> None:
    """Stored sort keys of the commissioner list; FTS5 trigram indexes on SQLite, pg_trgm
    indexes on a PostgreSQL server that has the extension (else the search scans, correctly)."""
    _run_sql_file(db, "0003_search")
    _run_sql_file(db, SEARCH_INDEX)
    if not dbmod.is_sqlite(db) and db.execute_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").fetchone():
        try:
            with db.atomic():  # a savepoint: a server that refuses the extension keeps the rest
                _run_sql_file(db, "0003_search_trgm")
        except peewee.DatabaseError as error:
            log.warning("pg_trgm indexes not created, search scans: %s", error)


def _surname_readings(db: peewee.Database) -> None:
    """People's pinyin keys read the surname as a surname (曾 zeng, not ceng); the triggers of
    0003 carry them to their commissioners' sort and search keys."""
    p = db.param
    firsts = sorted({family[0] for family in SURNAME_READINGS})
    rows = db.execute_sql(
        'SELECT "id", "name", "name_pinyin", "name_initials" FROM "person" '
        f'WHERE substr("name", 1, 1) IN ({", ".join([p] * len(firsts))})', firsts)
    for person_id, name, *keys in rows.fetchall():
        wanted = pinyin_keys(name, surname=True)
        if list(wanted) != keys:
            db.execute_sql(f'UPDATE "person" SET "name_pinyin" = {p}, "name_initials" = {p} '
                           f'WHERE "id" = {p}', (*wanted, person_id))


def _batch_user(db: peewee.Database) -> None:
    """Who wrote each batch: the database user signed in (PostgreSQL's session user; SQLite has
    none), and an index for a machine's own batches (undo reaches only those)."""
    _run_sql_file(db, "0005_batch_user")



def _list_sort_keys(db: peewee.Database) -> None:
    """Stored sort keys of the commissioner list's status, levels, term end and industry fields
    (a table of their own, see ``CommissionerSortKey``)."""
    _run_sql_file(db, "0006_list_sort_keys")


def _assessment(db: peewee.Database) -> None:
    """Three-party agreements, assessment schemes and rounds (issue #21). Each served object
    becomes an agreement, nothing lost: the appointment's commissioner and term, the
    organization, the agreement date as the signing date, status signed, and a served object
    in the recycle bin gives an agreement in it. The served objects stay as they were."""
    _run_sql_file(db, "0007_assessment")
    p, now = db.param, utcnow()
    rows = db.execute_sql(
        'SELECT a."commissioner_id", s."organization_id", s."agreement_date", a."term_start", '
        'a."term_end", s."deleted_at" FROM "served_object" s '
        'JOIN "appointment" a ON a."id" = s."appointment_id" ORDER BY s."id"').fetchall()
    if rows:
        db.cursor().executemany(
            'INSERT INTO "agreement" ("uuid", "created_at", "updated_at", "deleted_at", '
            '"commissioner_id", "organization_id", "signed_on", "term_start", "term_end", '
            f'"targets_text", "status") VALUES ({", ".join([p] * 11)})',
            [(new_uuid(), now, now, deleted, commissioner, organization, signed, start, end,
              "", "signed") for commissioner, organization, signed, start, end, deleted in rows])


STEPS: list[Callable[[peewee.Database], None]] = [_initial, _field_packages, _search,
                                                  _surname_readings, _batch_user,
                                                  _list_sort_keys, _assessment]
LATEST = len(STEPS)


@contextmanager
def search_index_deferred(db: peewee.Database) -> Iterator[None]:
    """Write many rows without the search triggers (each row would re-derive and re-index its
    commissioners); the columns and indexes are then built whole, once, and the triggers made
    again, all from the same file as the migration's. Run it inside a transaction."""
    triggers = re.findall(r'^CREATE TRIGGER "(\w+)".*?\bON "(\w+)"', _sql_file(db, SEARCH_INDEX),
                          re.M | re.S)
    for name, table in triggers:
        on_table = "" if dbmod.is_sqlite(db) else f' ON "{table}"'
        db.execute_sql(f'DROP TRIGGER "{name}"{on_table}')
    yield
    _run_sql_file(db, SEARCH_INDEX)


def current_version(db: peewee.Database = database) -> int:
    """0 for an empty database."""
    if "schema_version" not in db.get_tables():
        return 0
    return db.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()[0] or 0


def backup_file(db: peewee.Database, path: Path, version: int) -> Path:
    """Copy a SQLite file with the online backup API, next to it, before it is migrated."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}.{stamp}.bak")
    source = db.connection()
    with sqlite3.connect(target) as copy:
        source.backup(copy)
    copy.close()
    log.info("backed up %s to %s before migrating", path, target)
    return target


def migrate(db: peewee.Database = database, target: int | None = None,
            server_backups: Path | None = None) -> list[int]:
    """Bring a database to ``LATEST`` (or ``target``, an older version only to compare schemas
    with); returns the versions applied. Files are backed up first; a PostgreSQL database into
    ``server_backups``, when no one else is connected."""
    target = LATEST if target is None else target
    found = current_version(db)
    if found > LATEST:
        raise SchemaTooNewError(found, LATEST)
    if found >= target:
        return []
    path = dbmod.sqlite_path(db)
    if found > 0 and path is not None:
        backup_file(db, path, found)
    elif found > 0 and not dbmod.is_sqlite(db):
        if others := server.other_connections(db):
            raise server.UpgradeRefusedError(others)
        if server_backups is None:
            raise ValueError("a PostgreSQL upgrade needs a folder for its backup")
        server.backup(db, server_backups, found)
    applied = []
    for version in range(found + 1, target + 1):
        with db.atomic():
            if version == 1:
                db.execute_sql(
                    'CREATE TABLE "schema_version" ("version" INTEGER NOT NULL PRIMARY KEY, '
                    '"applied_at" VARCHAR(32) NOT NULL)'
                )
            STEPS[version - 1](db)
            db.execute_sql(
                f'INSERT INTO "schema_version" ("version", "applied_at") '
                f"VALUES ({db.param}, {db.param})",
                (version, utcnow().isoformat(sep=" ")),
            )
        log.info("migrated to schema version %d", version)
        applied.append(version)
    return applied
