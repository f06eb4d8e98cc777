"""Field packages: part of the office database, taken to an event on a laptop.

A package is a SQLite database of this program's schema, so the laptop simply opens it and works
as usual (its change log records every change with the laptop's device id). Besides the copied
records it holds a manifest (package id, office database id, export time, schema version,
checksum) and the snapshot of every record as exported: the common ancestor for the three-way
merge back at the office (``app.exchange.merge``). Triggers of the package note every record
written in it after export (``package_touched``), by this program or by any other tool.

Reading a package back trusts nothing in it, and never writes the file. The manifest must match
its checksum; the snapshot and the manifest must not have been written since export (the
triggers watch them too); and replaying the package's change log on the snapshot of the records
written on the laptop must give exactly those records, each logged old value included. Every
other record is as exported and plays no part in the merge, so reading costs what the laptop
changed, not the size of the register (a structural check of the whole file alone would take
longer than the merge). A truncated, damaged or hand-edited file is refused before anything is
written whenever the damage reaches anything the merge reads.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import peewee

from app.activities import attachments, events
from app.core import clock, settings, validation
from app.core.errors import UserError
from app.core.files import atomic_write
from app.core.i18n import _, ngettext
from app.exchange.records import (
    CHUNK,
    Record,
    RecordReader,
    normalized,
    quote,
    record_json,
)
from db import changelog, migrations, models
from db import database as dbmod
from db.fields import new_uuid, utcnow

# 2: triggers note the records written after export; 3: the manifest holds a checksum of what
# the merge reads, kept up to date by the program on the laptop (a /2 package has none yet).
FORMAT = "commissioner-desk-field-package/3"
FORMATS = (FORMAT, "commissioner-desk-field-package/2")
CONTENT = "content_checksum"  # the manifest key the laptop rewrites; outside the manifest's checksum
# The package's own tables (key column), written at export only.
SEALED = {"package_base": "record_uuid", "package_manifest": "key"}
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

    def summary(self) -> str:
        """What the officer is told once the package is written."""
        return _("Field package written: {path} ({events}, {records}).").format(
            path=self.path,
            events=ngettext("{count} event", "{count} events", self.events).format(
                count=self.events),
            records=ngettext("{count} record", "{count} records", self.records).format(
                count=self.records))


@dataclass
class Package:
    """A verified package: its manifest, and the records written on the laptop (by table and
    uuid) as they were at export (``base``, if they were exported) and as they are now
    (``current``, if not removed). Every other record is in the package as exported;
    ``records`` counts the package's records now, by table."""

    manifest: dict[str, str]
    base: dict[str, dict[str, Record]]
    current: dict[str, dict[str, Record]]
    created_at: dict[str, dict[str, str]]
    records: dict[str, int]
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
        if validation.record_id(ref) is not None:
            condition |= Event.id == validation.record_id(ref)
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
            for part in peewee.chunked(ids, CHUNK):
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
        for part in peewee.chunked(sorted(chosen[model]), CHUNK):
            marks = ", ".join([dbmod.database.param] * len(part))
            rows = dbmod.database.execute_sql(
                f"SELECT {names} FROM {quote(model._meta.table_name)} WHERE id IN ({marks})",
                tuple(part)).fetchall()
            target.cursor().executemany(insert, [[_sqlite_value(v) for v in r] for r in rows])
            copied += len(rows)
    return copied


def _checksum(manifest: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(manifest.items()), ensure_ascii=False).encode()
                          ).hexdigest()


def _note_writes(target: peewee.Database) -> None:
    """Triggers that note each record written in the package from now on, by any program, and
    the table the program keeps the digests of what it wrote in (``keep_checksum``)."""
    target.execute_sql('CREATE TABLE "package_touched" ("table" TEXT NOT NULL, '
                       '"record_uuid" TEXT NOT NULL, PRIMARY KEY ("table", "record_uuid"))')
    target.execute_sql('CREATE TABLE "package_digest" ("table" TEXT NOT NULL, '
                       '"record_uuid" TEXT NOT NULL, "digest" TEXT NOT NULL, '
                       'PRIMARY KEY ("table", "record_uuid"))')
    keys = {**{m._meta.table_name: "uuid" for m in models.EDITABLE_MODELS}, **SEALED}
    existing = set(target.get_tables())
    for table, key in ((t, k) for t, k in keys.items() if t in existing):
        for op, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            notes = " ".join(f'INSERT OR IGNORE INTO "package_touched" VALUES '
                             f"('{table}', {row}.{quote(key)});" for row in rows)
            target.execute_sql(f'CREATE TRIGGER {quote(f"package_touched_{table}_{op.lower()}")} '
                               f"AFTER {op} ON {quote(table)} BEGIN {notes} END")


def export_package(out: str | Path, event_refs: list[str] | None = None) -> ExportResult:
    """Write a field package with the chosen events (default: those not ended yet)."""
    out = Path(out)
    event_ids = _event_ids(event_refs)
    chosen = _selection(event_ids)
    package_id = new_uuid()
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out) as temp:  # empty: SQLite makes a new database of it
        target = peewee.SqliteDatabase(str(temp), pragmas={"foreign_keys": 1,
                                                            "journal_mode": "delete"})
        with target.connection_context():
            migrations.migrate(target)
            with target.atomic():
                target.execute_sql('DELETE FROM "dictionary"')  # the office's own come next
                with migrations.search_index_deferred(target):
                    records = _copy_rows(target, chosen)
                target.execute_sql('UPDATE "setting" SET "value" = ? WHERE "key" = ?',
                                   (package_id, "database_id"))
                for model in models.EDITABLE_MODELS:
                    target.execute_sql(
                        'INSERT INTO "package_base" ("table", "record_uuid", "data") '
                        f'SELECT ?, r."uuid", {record_json(model, "r")} '
                        f'FROM {quote(model._meta.table_name)} AS r ORDER BY r."id"',
                        (model._meta.table_name,))
                event_uuids = [uuid for (uuid,) in models.Event.select(models.Event.uuid).where(
                    models.Event.id.in_(sorted(event_ids) or [0])).tuples()]
                manifest = {
                    "format": FORMAT,
                    "package_id": package_id,
                    "office_database_id": settings.database_id(),
                    "exported_at": utcnow().isoformat(sep=" "),
                    "schema_version": str(migrations.current_version()),
                    "exported_by": settings.device()["name"],
                    "events": json.dumps(sorted(event_uuids)),
                }
                manifest["checksum"] = _checksum(manifest)
                target.cursor().executemany(
                    'INSERT INTO "package_manifest" ("key", "value") VALUES (?, ?)',
                    sorted(manifest.items()))
                _note_writes(target)
                keep_checksum(target)
    return ExportResult(out, package_id, len(event_ids), records)


# Reading back ------------------------------------------------------------------------------


def _refuse(message: str) -> PackageError:
    return PackageError(message, field="package")


@functools.cache
def _expected_schema(version: int) -> frozenset[tuple[str, str, str]]:
    """(type, name, SQL) of every table, index, view and trigger of a package of ``version``."""
    db = peewee.SqliteDatabase(":memory:")
    with db.connection_context():
        migrations.migrate(db, version)
        _note_writes(db)
        return frozenset(db.execute_sql(_SCHEMA).fetchall())


# SQLite's own tables (the planner's statistics) hold data only.
_SCHEMA = ("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")


def _schema_version(db: peewee.Database) -> int:
    """The package's schema version, once it holds nothing this program would not have made:
    reading runs a view or a virtual table (one that never ended hung the merge), so whatever
    else stands where the merge reads is refused, not read."""
    found = set(db.execute_sql(_SCHEMA).fetchall())
    version_table = {row for row in _expected_schema(1) if row[1] == "schema_version"}
    if not version_table <= found:
        raise _refuse(_("This file is not a field package of this program."))
    version = migrations.current_version(db)
    if version > migrations.LATEST:
        raise _refuse(str(migrations.SchemaTooNewError(version, migrations.LATEST)))
    if version < 1 or found - _expected_schema(version):
        raise _refuse(_("This file holds tables, views or triggers that this program does not "
                        "make; it is not read."))
    return version


def _open(path: Path, folder: Path) -> peewee.SqliteDatabase:
    """The package to read: the file itself, read-only, when it is whole and of this schema;
    else a private copy, with the WAL or the journal the laptop left beside it, that SQLite
    brings up to date (a hot journal rolled back) and the reader migrates. The original is
    never written."""
    if not path.is_file():
        raise _refuse(_("No field package at {path}.").format(path=path))
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise _refuse(_("{name} is not a field package.").format(name=path.name))
    beside = [(path.with_name(path.name + suffix), suffix) for suffix in ("-wal", "-journal")]
    beside = [(file, suffix) for file, suffix in beside if file.is_file() and file.stat().st_size]
    if not beside:
        # Immutable: no locks, no journal, nothing beside the file.
        db = peewee.SqliteDatabase(path.resolve().as_uri() + "?immutable=1", uri=True)
        with db.connection_context():
            if _schema_version(db) == migrations.LATEST:
                return db
    copy_path = folder / "package.db"
    shutil.copyfile(path, copy_path)
    for file, suffix in beside:
        shutil.copyfile(file, folder / f"package.db{suffix}")
    return peewee.SqliteDatabase(str(copy_path), pragmas={"foreign_keys": 1})


def _read_manifest(db: peewee.Database) -> dict[str, str]:
    if "package_manifest" not in db.get_tables():
        raise _refuse(_("This file is a database, not a field package."))
    manifest = dict(db.execute_sql('SELECT "key", "value" FROM "package_manifest"').fetchall())
    if manifest.get("format") not in FORMATS:
        raise _refuse(_("This file is not a field package of this program."))
    return manifest


def _touched(db: peewee.Database) -> tuple[list[tuple], dict[str, set[str]]]:
    """The package's change log in order, and the uuids of the records written on the laptop
    by table: those the log names and those the triggers noted (written by another tool)."""
    log = db.execute_sql('SELECT "table", "record_uuid", "op", "field", "old", "new" '
                         'FROM "change_log" ORDER BY "id"').fetchall()
    noted = db.execute_sql('SELECT "table", "record_uuid" FROM "package_touched" '
                           'WHERE "table" NOT IN (?, ?)', tuple(SEALED)).fetchall()
    touched: dict[str, set[str]] = {m._meta.table_name: set() for m in models.EDITABLE_MODELS}
    for table, uuid, *_change in (*log, *noted):
        touched[table].add(uuid)
    return log, touched


def _base(db: peewee.Database, touched: dict[str, set[str]]) -> dict[str, dict[str, Record]]:
    base: dict[str, dict[str, Record]] = {}
    for table, uuids in touched.items():
        base[table] = {}
        for part in peewee.chunked(sorted(uuids), CHUNK):
            marks = ", ".join("?" * len(part))
            base[table].update(
                (uuid, json.loads(data)) for uuid, data in db.execute_sql(
                    'SELECT "record_uuid", "data" FROM "package_base" '
                    f'WHERE "table" = ? AND "record_uuid" IN ({marks})', (table, *part)))
    return base


def _replay(base: dict[str, dict[str, Record]], log: list[tuple]
            ) -> dict[str, dict[str, Record]] | None:
    """The records the package must hold if every change went through the program; None when
    a logged old value is not what the record held then (the snapshot or the log was altered).
    So every field of a snapshot record the laptop wrote is checked: against the log if it was
    changed, else against the record now."""
    logged = {table: {f.name for f in changelog.logged_fields(model)}
              for table, model in models.BY_TABLE.items()}
    expected = {table: {uuid: dict(r) for uuid, r in records.items()}
                for table, records in base.items()}
    purged: dict[tuple[str, str], Record] = {}  # a purge logs each field in a row of its own
    for table, uuid, op, name, old, new in log:
        records = expected[table]
        if op == "insert":
            records.setdefault(uuid, {})
            purged.pop((table, uuid), None)
        if op == "purge":
            if uuid in records:
                purged[(table, uuid)] = records.pop(uuid)
            record = purged[(table, uuid)]
        else:
            record = records[uuid]
        if op != "insert" and name in logged[table] and record.get(name) != (old or None):
            return None
        if name is not None and op != "purge":
            record[name] = new
    return {table: {uuid: normalized(r) for uuid, r in records.items()}
            for table, records in expected.items()}


@dataclass
class _Contents:
    """What the merge reads of a package besides its manifest and how many records each table
    holds: the change log and the records written on the laptop (by table and uuid: as exported,
    as they are now, when created)."""

    log: list[tuple]
    touched: dict[str, set[str]]
    base: dict[str, dict[str, Record]]
    current: dict[str, dict[str, Record]]
    created_at: dict[str, dict[str, str]]

    @classmethod
    def read(cls, db: peewee.Database, log: list[tuple] | None = None) -> _Contents:
        """All of it; or, given log rows, the records they name (as the laptop's checksum
        needs after a write)."""
        if log is None:
            log, touched = _touched(db)
        else:
            touched = {m._meta.table_name: set() for m in models.EDITABLE_MODELS}
            for table, uuid, *_change in log:
                touched[table].add(uuid)
        reader = RecordReader(db)
        current = {m._meta.table_name: reader.read(m, touched[m._meta.table_name])
                   for m in models.EDITABLE_MODELS}
        created_at: dict[str, dict[str, str]] = {}
        for model in models.EDITABLE_MODELS:
            name, table = model._meta.table_name, quote(model._meta.table_name)
            created_at[name] = {}
            for part in peewee.chunked(sorted(current[name]), CHUNK):
                created_at[name].update(db.execute_sql(
                    f'SELECT "uuid", "created_at" FROM {table} '
                    f'WHERE "uuid" IN ({", ".join("?" * len(part))})', tuple(part)))
        return cls(log, touched, _base(db, touched), current, created_at)

    def record_digests(self) -> dict[tuple[str, str], str]:
        """(table, uuid) → the digest of each record the laptop changed: as exported, as it is
        now, and when it was created. A record written that the log does not name counts only
        if it differs from the snapshot (then it never matches: the laptop digests what it
        logs): the schema's triggers write such records as the officer works (a person's
        commissioner's search columns), but nothing the merge reads."""
        logged = {(table, uuid) for table, uuid, *_change in self.log}
        return {(table, uuid): _sha256(json.dumps(
            [self.base[table].get(uuid), self.current[table].get(uuid),
             self.created_at[table].get(uuid)], sort_keys=True, ensure_ascii=False, default=str))
            for table, uuids in self.touched.items() for uuid in uuids
            if (table, uuid) in logged or self.base[table].get(uuid) != self.current[table].get(uuid)}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _log_chain(head: str, log: list[tuple]) -> str:
    """The digest of the change log, row by row in order (so the laptop adds a write's rows
    to the digest of those before)."""
    for row in log:
        head = _sha256(head + json.dumps(list(row), ensure_ascii=False, default=str))
    return head


def _content_checksum(log_head: str, digests: dict[tuple[str, str], str]) -> str:
    return _sha256(json.dumps([log_head, sorted(digests.items())], ensure_ascii=False))


def is_package(db: peewee.Database) -> bool:
    """The database is a field package (on the laptop)."""
    return db.execute_sql('SELECT 1 FROM "package_manifest" WHERE "key" = ?',
                          ("format",)).fetchone() is not None


_LOG = ("", "")  # the key of the change log's digest in package_digest


def keep_checksum(db: peewee.Database, batch: models.ChangeBatch | None = None) -> None:
    """On the laptop, inside each write's transaction: the manifest's checksum of the content
    the merge will read, so that damage to the file afterwards is found before anything else.
    It is kept as it goes (``package_digest``: a digest per record written, and one of the log
    so far) so that a write costs what it wrote; without ``batch`` it is made anew."""
    if "package_digest" not in db.get_tables():
        return  # a package of format /2, exported without it: it stays without
    if batch is None:
        db.execute_sql('DELETE FROM "package_digest"')
        contents = _Contents.read(db)
        head = _log_chain("", contents.log)
    else:
        log = db.execute_sql('SELECT "table", "record_uuid", "op", "field", "old", "new" '
                             'FROM "change_log" WHERE "batch_id" = ? ORDER BY "id"',
                             (batch.id,)).fetchall()
        contents = _Contents.read(db, log)
        stored = db.execute_sql('SELECT "digest" FROM "package_digest" WHERE "table" = ? AND '
                                '"record_uuid" = ?', _LOG).fetchone()
        head = _log_chain(stored[0] if stored else "", log)
    db.cursor().executemany(
        'INSERT OR REPLACE INTO "package_digest" ("table", "record_uuid", "digest") '
        "VALUES (?, ?, ?)", [(*key, digest) for key, digest in
                             {**contents.record_digests(), _LOG: head}.items()])
    digests = {(table, uuid): digest for table, uuid, digest in db.execute_sql(
        'SELECT "table", "record_uuid", "digest" FROM "package_digest"') if table}
    db.execute_sql('INSERT OR REPLACE INTO "package_manifest" ("key", "value") VALUES (?, ?)',
                   (CONTENT, _content_checksum(head, digests)))


def _verify(path: Path, db: peewee.Database) -> Package:
    found = _schema_version(db)
    manifest = _read_manifest(db)
    if manifest.get("office_database_id") != settings.database_id():
        raise _refuse(_("This field package was exported from another database; it can only "
                        "be merged into the database it came from."))
    unsigned = {k: v for k, v in manifest.items() if k not in ("checksum", CONTENT)}
    sealed_written = db.execute_sql(
        'SELECT COUNT(*) FROM "package_touched" WHERE "table" IN (?, ?) AND NOT '
        '("table" = ? AND "record_uuid" = ?)', (*SEALED, "package_manifest", CONTENT)
    ).fetchone()[0]
    if sealed_written or _checksum(unsigned) != manifest.get("checksum"):
        raise _refuse(_("{name} was altered after export: its manifest or snapshot was "
                        "written to.").format(name=path.name))
    if found < migrations.LATEST:
        migrations.migrate(db)  # an older package's schema, brought up to date in the copy
    contents = _Contents.read(db)
    if ((CONTENT in manifest or manifest["format"] == FORMAT)
            and _content_checksum(_log_chain("", contents.log), contents.record_digests())
            != manifest.get(CONTENT)):
        raise _refuse(_("{name} is damaged or was changed outside this program: its content "
                        "does not match its checksum.").format(name=path.name))
    base, current = contents.base, contents.current
    if _replay(base, contents.log) != current:
        raise _refuse(_("{name} holds changes that were not made by this program, or is "
                        "damaged.").format(name=path.name))
    for table, uuids in contents.touched.items():  # keep what differs: a record written back as it was
        same = {u for u in uuids if base[table].get(u) == current[table].get(u)}
        base[table] = {u: r for u, r in base[table].items() if u not in same}
        current[table] = {u: r for u, r in current[table].items() if u not in same}
    if not all(attachments.HASH.fullmatch(r.get("content_hash", ""))
               for r in current["attachment"].values()):
        raise _refuse(_("{name} names an attachment file that is not a content hash.").format(
            name=path.name))
    records = {m._meta.table_name: db.execute_sql(
        f"SELECT COUNT(*) FROM {quote(m._meta.table_name)}").fetchone()[0]
        for m in models.EDITABLE_MODELS}
    return Package(manifest, base, current, contents.created_at, records,
                   path.parent / "attachments", len(contents.log))


def read_package(path: str | Path) -> Package:
    """Verify a package and read it; raises PackageError and writes nothing if it is not sound."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="cdesk-package-") as folder:
        try:
            db = _open(path, Path(folder))
            with db.connection_context():
                return _verify(path, db)
        except PackageError:
            raise
        except (peewee.DatabaseError, sqlite3.DatabaseError, ValueError, KeyError, LookupError,
                TypeError, UnicodeError) as error:
            raise _refuse(_("{name} is damaged or not a field package ({error}).").format(
                name=path.name, error=error)) from error



# The package open as the database (on the laptop) ------------------------------------------


@dataclass(frozen=True)
class OpenPackage:
    """What the laptop shows of the package it works in: when and where it was prepared, and
    its events (title and start, in local time)."""

    exported_at: datetime
    exported_by: str
    events: tuple[tuple[str, datetime], ...]


def open_package() -> OpenPackage | None:
    """The field package that is the open database, or None for an office database."""
    manifest = dict(dbmod.database.execute_sql(  # every database has the table; empty at the office
        'SELECT "key", "value" FROM "package_manifest"').fetchall())
    if "format" not in manifest:  # as is_package decides: a package of an older format too
        return None
    uuids = json.loads(manifest.get("events") or "[]")
    rows = (models.Event.select(models.Event.title, models.Event.starts_at)
            .where(models.Event.uuid.in_(uuids or [""]) & models.Event.deleted_at.is_null())
            .order_by(models.Event.starts_at).tuples())
    return OpenPackage(clock.to_local(datetime.fromisoformat(manifest["exported_at"])),
                       manifest.get("exported_by", ""),
                       tuple((title, clock.to_local(start)) for title, start in rows))
