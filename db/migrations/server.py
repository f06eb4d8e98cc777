"""Before a PostgreSQL database is upgraded: nobody else connected, and a backup on this computer.

Other programs connected to a database being upgraded would go on writing with the old schema in
mind, so the upgrade waits until they have closed. The backup is ``pg_dump``'s (a custom-format
archive that ``pg_restore`` reads) when the program is installed and matches the server; else the
program writes every table itself, as JSON lines (gzip): a table's columns, then its rows.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import subprocess
from pathlib import Path

import peewee

from db.fields import utcnow

log = logging.getLogger("db.migrations")


class UpgradeRefusedError(Exception):
    """The upgrade cannot start yet; ``connections`` are the others' (user, address, program)."""

    def __init__(self, connections: list[tuple[str, str, str]]):
        super().__init__(f"{len(connections)} other connection(s) to this database are open")
        self.connections = connections


def other_connections(db: peewee.Database) -> list[tuple[str, str, str]]:
    """(user, client address, program name) of the other sessions on this database."""
    return [tuple(str(v or "") for v in row) for row in db.execute_sql(
        "SELECT usename, client_addr, application_name FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend' ORDER BY backend_start").fetchall()]


def backup(db: peewee.Database, folder: Path, version: int) -> Path:
    """Write a backup of the whole database into ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{db.database}.v{version}.{utcnow():%Y%m%d-%H%M%S}"
    if shutil.which("pg_dump"):
        target = stem.with_suffix(stem.suffix + ".dump")
        try:
            _pg_dump(db, target)
            return target
        except subprocess.CalledProcessError as error:  # e.g. older than the server
            log.warning("pg_dump failed, the program writes the backup: %s", error.stderr.strip())
    target = stem.with_suffix(stem.suffix + ".jsonl.gz")
    _export(db, target)
    return target


def _pg_dump(db: peewee.Database, target: Path) -> None:
    params = db.connect_params
    environment = {**os.environ, "PGDATABASE": db.database,
                   **{name: str(params[key]) for key, name in (
                       ("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"),
                       ("password", "PGPASSWORD")) if params.get(key) is not None}}
    partial = target.with_name(target.name + ".partial")
    subprocess.run(["pg_dump", "--format=custom", f"--file={partial}"], env=environment,
                   check=True, capture_output=True, text=True)
    os.replace(partial, target)
    log.info("pg_dump wrote %s before the upgrade", target)


def _export(db: peewee.Database, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    with gzip.open(partial, "wt", encoding="utf-8") as out:
        for table in sorted(db.get_tables()):
            cursor = db.execute_sql(f'SELECT * FROM "{table}"')
            columns = [c[0] for c in cursor.description]
            out.write(json.dumps({"table": table, "columns": columns}, ensure_ascii=False) + "\n")
            for row in cursor:
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    os.replace(partial, target)
    log.info("wrote %s before the upgrade", target)
