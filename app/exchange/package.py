"""Field packages: part of the office database, taken to an event on a laptop.

A package is a SQLite database of this program's schema, so the laptop simply opens it and works
as usual (its change log records every change with the laptop's device id). Besides the copied
records it holds a manifest (package id, office database id, export time, schema version,
checksum) and the snapshot of every record as exported: the common ancestor for the three-way
merge back at the office (``app.exchange.merge``).

Reading a package back trusts nothing in it: the file is copied first (the original is never
written), must pass SQLite's integrity check, the snapshot must match its checksum, and replaying
the package's change log on the snapshot must give exactly the records the package holds. So a
truncated, damaged or hand-edited file is refused before anything is written.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import peewee

from app import attachments, events, settings
from app.errors import UserError
from app.exchange.records import Record, RecordReader, chunks, normalized, quote
from app.i18n import _
from db import database as dbmod
from db import migrations, models
from db.fields import new_uuid, utcnow

FORMAT = "commissioner-desk-field-package/1"
SUFFIX = ".cdpkg"
OPEN_DEMAND_STATUSES = ("published", "claimed", "in_service")
# What the laptop needs to look people and organizations up and to record what happens there.
REGISTER = (models.Dictionary, models.Organization, models.Person, models.Commissioner,
            models.TeamMember, models.Appointment, models.Workstation, models.WorkstationMember)


class PackageError(UserError):
    """A package that cannot be merged; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: str
    events: int
    records: int


@dataclass
class Package:
    """A verified package: its manifest, the snapshot at export, and its records now."""

    manifest: dict[str, str]
    base: dict[str, dict[str, Record]]
    current: dict[str, dict[str, Record]]
    created_at: dict[str, dict[str, str]]
    attachments_dir: Path
    laptop_changes: int = field(default=0)

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]


# Export ------------------------------------------------------------------------------------


def _event_ids(event_refs: list[str] | None) -> set[int]:
    Event = models.Event
    if not event_refs:
        return set(events.upcoming())
    ids = set()
    for ref in event_refs:
        condition = Event.uuid == ref
        if ref.isdigit():
            condition |= Event.id == int(ref)
        event = Event.get_or_none(condition)
        if event is None:
            raise UserError(_("No event {ref}.").format(ref=ref), field="event")
        ids.add(event.id)
    return ids


def _selection(event_ids: set[int]) -> dict[type, set[int]]:
    """The ids to export per table, closed under foreign keys."""
    chosen: dict[type, set[int]] = {model: set() for model in models.EDITABLE_MODELS}

    def add(model, query):
        chosen[model].update(row[0] for row in query.tuples())

    for model in REGISTER:
        add(model, model.live(model.id))
    chosen[models.Event] = set(event_ids)
    event_list = list(event_ids) or [0]
    add(models.Participant, models.Participant.live(models.Participant.id)
        .where(models.Participant.event.in_(event_list)))
    add(models.Outcome, models.Outcome.live(models.Outcome.id)
        .where(models.Outcome.event.in_(event_list)))
    add(models.OutcomeParty, models.OutcomeParty.live(models.OutcomeParty.id)
        .where(models.OutcomeParty.outcome.in_(list(chosen[models.Outcome]) or [0])))
    event_uuids = [u for (u,) in models.Event.select(models.Event.uuid)
                   .where(models.Event.id.in_(event_list)).tuples()]
    add(models.Attachment, models.Attachment.live(models.Attachment.id)
        .where((models.Attachment.owner_table == "event")
               & models.Attachment.owner_uuid.in_(event_uuids or [""])))
    add(models.Demand, models.Demand.live(models.Demand.id)
        .where(models.Demand.status.in_(OPEN_DEMAND_STATUSES)))
    # Targets come before their referrers in EDITABLE_MODELS, so one backward pass closes it.
    for model in reversed(models.EDITABLE_MODELS):
        ids = sorted(chosen[model])
        for fk in (f for f in model._meta.sorted_fields if isinstance(f, peewee.ForeignKeyField)):
            for part in chunks(ids):
                add(fk.rel_model, model.select(fk).where(model.id.in_(part) & fk.is_null(False)))
    return chosen


def _sqlite_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _copy_rows(target: peewee.Database, chosen: dict[type, set[int]]) -> int:
    copied = 0
    for model in models.EDITABLE_MODELS:
        columns = [f.column_name for f in model._meta.sorted_fields]
        names = ", ".join(quote(c) for c in columns)
        insert = (f"INSERT INTO {quote(model._meta.table_name)} ({names}) "
                  f"VALUES ({', '.join('?' * len(columns))})")
        for part in chunks(sorted(chosen[model])):
            marks = ", ".join([dbmod.database.param] * len(part))
            rows = dbmod.database.execute_sql(
                f"SELECT {names} FROM {quote(model._meta.table_name)} WHERE id IN ({marks})",
                tuple(part)).fetchall()
            target.cursor().executemany(insert, [[_sqlite_value(v) for v in r] for r in rows])
            copied += len(rows)
    return copied


def _checksum(manifest: dict[str, str], base_rows: list[tuple[str, str, str]]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(sorted(manifest.items()), ensure_ascii=False).encode())
    for row in sorted(base_rows):
        digest.update(json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()


def export_package(out: str | Path, event_refs: list[str] | None = None) -> ExportResult:
    """Write a field package with the chosen events (default: those not ended yet)."""
    out = Path(out)
    event_ids = _event_ids(event_refs)
    chosen = _selection(event_ids)
    package_id = new_uuid()
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".export-", suffix=SUFFIX, dir=out.parent)
    os.close(handle)
    temp = Path(temp_name)
    temp.unlink()
    target = peewee.SqliteDatabase(str(temp), pragmas={"foreign_keys": 1,
                                                        "journal_mode": "delete"})
    try:
        with target.connection_context():
            migrations.migrate(target)
            with target.atomic():
                target.execute_sql('DELETE FROM "dictionary"')  # the office's own come next
                records = _copy_rows(target, chosen)
                target.execute_sql('UPDATE "setting" SET "value" = ? WHERE "key" = ?',
                                   (package_id, "database_id"))
                reader = RecordReader(target)
                base_rows = [
                    (model._meta.table_name, uuid, json.dumps(record, ensure_ascii=False,
                                                              sort_keys=True))
                    for model in models.EDITABLE_MODELS
                    for uuid, record in reader.read(model).items()
                ]
                target.cursor().executemany(
                    'INSERT INTO "package_base" ("table", "record_uuid", "data") VALUES (?, ?, ?)',
                    base_rows)
                manifest = {
                    "format": FORMAT,
                    "package_id": package_id,
                    "office_database_id": settings.database_id(),
                    "exported_at": utcnow().isoformat(sep=" "),
                    "schema_version": str(migrations.current_version()),
                    "exported_by": settings.device()["name"],
                    "events": json.dumps(sorted(reader.uuid_of(models.Event, i)
                                                for i in event_ids)),
                }
                manifest["checksum"] = _checksum(manifest, base_rows)
                target.cursor().executemany(
                    'INSERT INTO "package_manifest" ("key", "value") VALUES (?, ?)',
                    sorted(manifest.items()))
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    return ExportResult(out, package_id, len(event_ids), records)


# Reading back ------------------------------------------------------------------------------


def _refuse(message: str) -> PackageError:
    return PackageError(message, field="package")


def _open_copy(path: Path, folder: Path) -> peewee.SqliteDatabase:
    """A private copy of the package (with its WAL, if the laptop left one) to read from."""
    if not path.is_file():
        raise _refuse(_("No field package at {path}.").format(path=path))
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise _refuse(_("{name} is not a field package.").format(name=path.name))
    copy_path = folder / "package.db"
    shutil.copyfile(path, copy_path)
    wal = path.with_name(path.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, folder / "package.db-wal")
    return peewee.SqliteDatabase(str(copy_path), pragmas={"foreign_keys": 1})


def _read_manifest(db: peewee.Database) -> dict[str, str]:
    if "package_manifest" not in db.get_tables():
        raise _refuse(_("This file is a database, not a field package."))
    manifest = dict(db.execute_sql('SELECT "key", "value" FROM "package_manifest"').fetchall())
    if manifest.get("format") != FORMAT:
        raise _refuse(_("This file is not a field package of this program."))
    return manifest


def _replay(base: dict[str, dict[str, Record]], db: peewee.Database) -> dict[str, dict[str, Record]]:
    """The records the package must hold if every change went through the program."""
    expected = copy.deepcopy(base)
    rows = db.execute_sql(
        'SELECT "table", "record_uuid", "op", "field", "new" FROM "change_log" ORDER BY "id"')
    for table, uuid, op, name, new in rows:
        records = expected[table]
        if op == "purge":
            records.pop(uuid)
            continue
        if op == "insert":
            records.setdefault(uuid, {})
        if name is not None:
            records[uuid][name] = new
    return {table: {uuid: normalized(r) for uuid, r in records.items()}
            for table, records in expected.items()}


def _verify(path: Path, db: peewee.Database) -> Package:
    problems = [row[0] for row in db.execute_sql("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise _refuse(_("{name} is damaged (SQLite integrity check failed).").format(
            name=path.name))
    found = migrations.current_version(db)
    if found > migrations.LATEST:
        raise _refuse(str(migrations.SchemaTooNewError(found, migrations.LATEST)))
    manifest = _read_manifest(db)
    if manifest.get("office_database_id") != settings.database_id():
        raise _refuse(_("This field package was exported from another database; it can only "
                        "be merged into the database it came from."))
    base_rows = db.execute_sql('SELECT "table", "record_uuid", "data" FROM "package_base"'
                               ).fetchall()
    unsigned = {k: v for k, v in manifest.items() if k != "checksum"}
    if _checksum(unsigned, [tuple(r) for r in base_rows]) != manifest.get("checksum"):
        raise _refuse(_("{name} was altered after export (checksum mismatch).").format(
            name=path.name))
    migrations.migrate(db)  # an older package's schema, brought up to date in the copy
    base: dict[str, dict[str, Record]] = {m._meta.table_name: {} for m in models.EDITABLE_MODELS}
    for table, uuid, data in base_rows:
        base[table][uuid] = json.loads(data)
    reader = RecordReader(db)
    current = {m._meta.table_name: reader.read(m) for m in models.EDITABLE_MODELS}
    if _replay(base, db) != current:
        raise _refuse(_("{name} holds changes that were not made by this program, or is "
                        "damaged.").format(name=path.name))
    created_at = {
        m._meta.table_name: dict(db.execute_sql(
            f'SELECT "uuid", "created_at" FROM {quote(m._meta.table_name)}').fetchall())
        for m in models.EDITABLE_MODELS
    }
    if not all(attachments.HASH.fullmatch(r.get("content_hash", ""))
               for r in current["attachment"].values()):
        raise _refuse(_("{name} names an attachment file that is not a content hash.").format(
            name=path.name))
    changes = db.execute_sql('SELECT COUNT(*) FROM "change_log"').fetchone()[0]
    return Package(manifest, base, current, created_at, path.parent / "attachments", changes)


def read_package(path: str | Path) -> Package:
    """Verify a package and read it; raises PackageError and writes nothing if it is not sound."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="cdesk-package-") as folder:
        db = _open_copy(path, Path(folder))
        try:
            with db.connection_context():
                return _verify(path, db)
        except PackageError:
            raise
        except (peewee.DatabaseError, sqlite3.DatabaseError, ValueError, KeyError, LookupError,
                TypeError, UnicodeError) as error:
            raise _refuse(_("{name} is damaged or not a field package ({error}).").format(
                name=path.name, error=error)) from error

