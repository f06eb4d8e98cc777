"""The change log: every write to an editable table, field by field, grouped in batches.

A batch is one user action, import, merge or undo. ``batch()`` opens it together with the write
transaction, so the data and its log rows are committed, or rolled back, together. Writes to an
editable table outside a batch are refused: each must belong to some user-visible action.

Values are logged as text; a foreign key is logged as the uuid of the record it points to, so a
log written on one machine means the same on another. ``revert()`` undoes a batch as a new batch,
and redo is the revert of that revert: history, undo, the recycle bin and merging share this.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

import peewee

from db.database import BaseModel, database, is_sqlite
from db.fields import new_uuid, utcnow

# The tables of the log --------------------------------------------------------------------

BATCH_KINDS = ("user", "import", "merge", "undo", "system", "demo")


class ChangeBatch(BaseModel):
    """One user action, import, merge or undo: the unit of undo."""

    uuid = peewee.CharField(max_length=36, unique=True, default=new_uuid)
    at = peewee.DateTimeField(default=utcnow, index=True)
    actor = peewee.CharField(default="")
    device_id = peewee.CharField(default="", index=True)
    # Never set by the program: the database fills it with the signed-in user (migration 0005).
    db_user = peewee.CharField(constraints=[peewee.SQL("DEFAULT ''")])
    kind = peewee.CharField(choices=[(k, k) for k in BATCH_KINDS], default="user")
    label = peewee.CharField(default="")
    reverts = peewee.ForeignKeyField("self", null=True, backref="reverted_by")


class ChangeLog(BaseModel):
    """One field of one record changed in one batch. Foreign keys are logged as the target's uuid."""

    batch = peewee.ForeignKeyField(ChangeBatch, backref="rows", on_delete="CASCADE")
    table = peewee.CharField()
    record_uuid = peewee.CharField(max_length=36)
    op = peewee.CharField()  # insert, update, delete, restore, purge
    field = peewee.CharField(null=True)
    old = peewee.TextField(null=True)
    new = peewee.TextField(null=True)

    class Meta:
        indexes = ((("table", "record_uuid"), False),)


# Batches -----------------------------------------------------------------------------------

_current: contextvars.ContextVar[ChangeBatch | None] = contextvars.ContextVar(
    "change_batch", default=None
)

# Called after each batch that wrote something, on the thread that wrote it.
_listeners: list[Callable[[], None]] = []
# Called inside each batch that wrote something, before it commits (with the database and
# the batch).
_before_commit: list[Callable[[peewee.Database, ChangeBatch], None]] = []

# Who writes: set once by the application from its settings.
_actor = {"name": "", "device_id": ""}

# Called before each batch opens; raises when this connection may not write (a read-only user).
_guard: list[Callable[[], None]] = []

# Columns that are identity or bookkeeping, never history.
_UNLOGGED = frozenset({"id", "uuid", "created_at", "updated_at"})


class NoBatchError(RuntimeError):
    """An editable table was written outside ``changelog.batch()``."""


def configure(actor: str, device_id: str) -> None:
    _actor["name"] = actor
    _actor["device_id"] = device_id


def guard_writes(check: Callable[[], None] | None) -> None:
    """``check()`` runs before each batch opens and raises to refuse it; None removes it."""
    _guard[:] = [check] if check else []


def check_writable() -> None:
    """Raise when this connection may not write (see ``guard_writes``)."""
    for check in _guard:
        check()


def device_id() -> str:
    """The id of the machine whose batches this process writes."""
    return _actor["device_id"]


@contextmanager
def batch(label: str, kind: str = "user", reverts: int | None = None) -> Iterator[ChangeBatch]:
    """Open a write transaction and the batch its changes are logged under.

    Nested calls join the outer batch. A batch that logged nothing is not kept.
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    check_writable()
    with database.atomic():
        current = ChangeBatch.create(
            label=label,
            kind=kind,
            actor=_actor["name"],
            device_id=_actor["device_id"],
            reverts=reverts,
        )
        current.row_count = 0
        current.written = {}  # table → ids of the records this batch wrote (for ``app.core.changes``)
        token = _current.set(current)
        try:
            yield current
        finally:
            _current.reset(token)
        if current.row_count == 0:
            current.delete_instance()
        for hook in tuple(_before_commit) if current.row_count else ():
            hook(database, current)
    if current.row_count:
        for listener in tuple(_listeners):
            listener()


def add_listener(listener: Callable[[], None]) -> None:
    _listeners.append(listener)


def set_before_commit(hooks: list[Callable[[peewee.Database, ChangeBatch], None]]
                      ) -> None:
    """What runs as the last step of every batch that wrote something (the database opened
    decides: a field package keeps its checksum)."""
    _before_commit[:] = hooks


def relabel(label: str) -> None:
    """Name the open batch, opened without a name (``batch("")``), once what it changes has
    been read inside its transaction; a batch that has a name (an import's, a merge's) keeps
    it."""
    current = current_batch()
    if not current.label:
        current.label = label
        current.save(only=[ChangeBatch.label])


def current_batch() -> ChangeBatch:
    current = _current.get()
    if current is None:
        raise NoBatchError("editable tables are written only inside changelog.batch()")
    return current


# Encoding ----------------------------------------------------------------------------------


def encode(field: peewee.Field, value, uuid_of: Callable[[type, int], str] | None = None):
    """The text a value is logged as. ``value`` may be a Python value or what the database
    returned (SQLite gives dates as text and booleans as 0/1). Foreign keys become the target's
    uuid, through ``uuid_of(model, id)`` when given, else a query."""
    if value is None:
        return None
    if isinstance(field, peewee.ForeignKeyField):
        if isinstance(value, peewee.Model):
            return value.uuid
        if uuid_of is not None:
            return uuid_of(field.rel_model, value)
        return field.rel_model.select(field.rel_model.uuid).where(
            field.rel_model.id == value
        ).scalar()
    if isinstance(field, peewee.BooleanField):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def decode(field: peewee.Field, text: str | None):
    """The value a logged text stands for, in this database (foreign keys resolved by uuid)."""
    if text is None:
        return None
    if isinstance(field, peewee.ForeignKeyField):
        target = field.rel_model.select(field.rel_model.id).where(field.rel_model.uuid == text).scalar()
        if target is None:
            raise LookupError(f"{field.rel_model._meta.table_name} {text} is not in this database")
        return target
    if isinstance(field, peewee.BooleanField):
        return text == "1"
    if isinstance(field, peewee.DateTimeField):
        return datetime.fromisoformat(text)
    if isinstance(field, peewee.DateField):
        return date.fromisoformat(text)
    if isinstance(field, peewee.IntegerField):
        return int(text)
    return field.python_value(text)


def logged_fields(model: type[peewee.Model] | peewee.Model) -> list[peewee.Field]:
    """The fields whose changes are history (a model class or an instance)."""
    skip = _UNLOGGED | {*model.derived_fields, *model.trigger_fields}
    return [f for f in model._meta.sorted_fields if f.name not in skip]


def _raw(instance, field: peewee.Field):
    """A field's stored value: the id for a foreign key, without loading the related row."""
    return instance.__data__.get(field.name)


# Writing the log ---------------------------------------------------------------------------


def _write(instance, op: str, rows: list[tuple[str | None, str | None, str | None]]) -> None:
    current = current_batch()
    table = instance._meta.table_name
    ChangeLog.insert_many(
        [
            {
                "batch": current.id,
                "table": table,
                "record_uuid": instance.uuid,
                "op": op,
                "field": field,
                "old": old,
                "new": new,
            }
            for field, old, new in rows
        ]
    ).execute()
    current.row_count += len(rows)
    current.written.setdefault(table, set()).add(instance.id)


def _insert_rows(instance, fields: list[peewee.Field], uuid_of=None) -> list[tuple]:
    """The log rows of a new record: (field, None, value) for each field that holds one."""
    data = instance.__data__  # _raw's reading, inlined: an import logs each field of 40,000 records
    rows = [(f.name, None, encode(f, value, uuid_of)) for f in fields
            if (value := data.get(f.name)) not in (None, "")]
    return rows or [(None, None, None)]


def log_insert(instance: peewee.Model) -> None:
    _write(instance, "insert", _insert_rows(instance, logged_fields(instance)))


# Rows per statement when looking records up by a list of keys (SQLite allows 32,766 variables).
CHUNK = 5_000


def insert_many(instances: Sequence[peewee.Model]) -> None:
    """Insert new records of one model as saving each of them would, in a few statements.

    The bulk path of an import of thousands of rows: the records get their derived columns
    (``derive()``), then one prepared INSERT runs over all of them (``executemany``), their ids
    are read back by uuid, and their change-log rows, encoded as ``log_insert`` encodes them
    (foreign keys as the uuids of their targets, looked up per target table at once), go into the
    current batch the same way. Foreign keys must hold the ids of stored records (or the
    records, as ``child.parent = parent`` sets them).
    """
    if not instances:
        return
    current = current_batch()
    model = type(instances[0])
    for instance in instances:
        instance.derive()
    stored = [f for f in model._meta.sorted_fields if f is not model._meta.primary_key]
    before = model.select(peewee.fn.MAX(model.id)).scalar() or 0
    columns = [(f.name, f.db_value) for f in stored]  # _raw inlined, as in _insert_rows
    _execute_many(model, stored, [[value(i.__data__.get(name)) for name, value in columns]
                                  for i in instances])
    # Ids only grow, so the new rows are among those above the largest before (with any that
    # another connection added meanwhile, which the uuids leave out).
    ids = dict(database.execute(model.select(model.uuid, model.id).where(model.id > before)))
    for instance in instances:
        instance.id = ids[instance.uuid]
    fields = logged_fields(model)
    uuids = _target_uuids(instances, [f for f in fields if isinstance(f, peewee.ForeignKeyField)])
    table = model._meta.table_name
    rows = [(current.id, table, i.uuid, "insert", *row)
            for i in instances
            for row in _insert_rows(i, fields, lambda target, key: uuids[target][key])]
    log = ChangeLog
    _execute_many(log, [log.batch, log.table, log.record_uuid, log.op, log.field, log.old,
                        log.new], rows)
    current.row_count += len(rows)
    current.written.setdefault(table, set()).update(i.id for i in instances)


def insert_rows(model: type[peewee.Model], names: Sequence[str], rows: Sequence[tuple]
                ) -> list[int]:
    """Insert new records of one model, each given as a tuple of the fields ``names`` (foreign
    keys as ids; the other fields take their constant defaults), and log them as ``log_insert``
    would: the path of tens of thousands of records (an assessment round of a province), without
    a model instance each. The records go in by multi-row statements and the database writes
    their log rows itself, one INSERT … SELECT per field, a foreign key as its target's uuid.
    Only integer, text and foreign-key fields hold values, so that the database's text of a
    value is the log's; each record must hold one. Returns the new ids, in the rows' order."""
    if not rows:
        return []
    current = current_batch()
    given = [model._meta.fields[name] for name in names]
    defaults = {f.name: f.default for f in model._meta.sorted_fields
                if f.name not in (*names, "id", "uuid", "created_at", "updated_at")}
    if any(callable(value) for value in defaults.values()):
        raise TypeError("insert_rows takes no field with a computed default")
    logged = [f for f in logged_fields(model)
              if f.name in names or defaults[f.name] not in (None, "")]
    for field in logged:
        if not isinstance(field, peewee.IntegerField | peewee.CharField | peewee.TextField
                          | peewee.ForeignKeyField):
            raise TypeError(f"insert_rows cannot log {field.name}: {type(field).__name__}")
    stored = [model._meta.fields[n] for n in ("uuid", "created_at", "updated_at")] + given + [
        model._meta.fields[n] for n in defaults]
    now = stored[1].db_value(utcnow())
    uuids = [new_uuid() for _row in rows]
    constant = [model._meta.fields[n].db_value(v) for n, v in defaults.items()]
    converters = [f.db_value for f in given]
    before = model.select(peewee.fn.MAX(model.id)).scalar() or 0
    _execute_many(model, stored, [
        [uuid, now, now, *(convert(v) for convert, v in zip(converters, row, strict=True)),
         *constant] for uuid, row in zip(uuids, rows, strict=True)])
    ids = dict(database.execute(model.select(model.uuid, model.id).where(model.id > before)))
    new = [ids[uuid] for uuid in uuids]
    table, p = model._meta.table_name, database.param
    for part in peewee.chunked(new, CHUNK):
        marks = ", ".join([p] * len(part))
        for field in logged:
            column = f'r."{field.column_name}"'
            if isinstance(field, peewee.ForeignKeyField):
                target = field.rel_model
                value = (f'(SELECT t."uuid" FROM "{target._meta.table_name}" t '
                         f'WHERE t."{target._meta.primary_key.column_name}" = {column})')
                empty = f"{column} IS NOT NULL"
            elif isinstance(field, peewee.IntegerField):
                value, empty = f"CAST({column} AS TEXT)", f"{column} IS NOT NULL"
            else:
                value, empty = column, f"{column} IS NOT NULL AND {column} <> ''"
            cursor = database.execute_sql(
                'INSERT INTO "change_log" ("batch_id", "table", "record_uuid", "op", "field", '
                f'"old", "new") SELECT {p}, {p}, r."uuid", {p}, {p}, NULL, {value} '
                f'FROM "{table}" r WHERE r."id" IN ({marks}) AND {empty}',
                [current.id, table, "insert", field.name, *part])
            current.row_count += cursor.rowcount
    current.written.setdefault(table, set()).update(new)
    return new


def _execute_many(model, fields: list[peewee.Field], rows: list) -> None:
    """Many rows per statement: on SQLite each statement that writes an FTS5 index (the search
    triggers) flushes the index's pending terms, so one statement per row cost ~0.5 ms a row."""
    sql, _params = model.insert_many([[None] * len(fields)], fields=fields).returning().sql()
    head, values = sql.rsplit(" VALUES ", 1)
    per_statement = 32_766 // len(fields)
    for start in range(0, len(rows), per_statement):
        part = rows[start:start + per_statement]
        database.execute_sql(f"{head} VALUES {', '.join([values] * len(part))}",
                             [value for row in part for value in row])


def _target_uuids(instances, keys: list[peewee.ForeignKeyField]) -> dict[type, dict[int, str]]:
    """Target model → {id: uuid} of the records these foreign keys point to: from the record
    set on the key, else read."""
    found: dict[type, dict[int, str]] = {}
    wanted: dict[type, set[int]] = {}
    for key in keys:
        known = found.setdefault(key.rel_model, {})
        for instance in instances:
            target = instance.__rel__.get(key.name)
            if target is not None:
                known[target.id] = target.uuid
        wanted.setdefault(key.rel_model, set()).update(
            v for v in (_raw(i, key) for i in instances) if v is not None and v not in known)
    for target, id_set in wanted.items():
        for part in peewee.chunked(sorted(id_set), CHUNK):
            found[target].update(database.execute(target.select(target.id, target.uuid)
                                                  .where(target.id.in_(part))))
    return found


def pending_changes(instance: peewee.Model) -> dict[str, tuple]:
    """Fields whose value differs from the stored row: name → (old, new), raw values. Inside
    ``read_at``, the fields others changed since are settled first (see there)."""
    current_batch()
    model = type(instance)
    stored = model.select().where(model.id == instance.id)
    reading = _reading.get()
    if reading is not None and not is_sqlite():
        stored = stored.for_update()  # a second save waits here, then sees the first's
    stored = stored.dicts().get()
    if reading is not None:
        _settle(instance, stored, *reading)
    return _differences(instance, stored)


# Two officers editing one record ---------------------------------------------------------


@dataclass(frozen=True)
class FieldConflict:
    """A field this save changes that someone else changed, to another value, since it was
    read. The values are as logged (``encode``)."""

    table: str
    record_uuid: str
    field: str
    read: str | None  # when the record was read
    theirs: str | None  # saved since
    mine: str | None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.table, self.record_uuid, self.field


class EditConflictError(Exception):
    """A save met fields changed by someone else since its record was read; nothing was
    written."""

    def __init__(self, conflicts: list[FieldConflict]):
        super().__init__(", ".join(f"{c.table}.{c.field}" for c in conflicts))
        self.conflicts = conflicts


MINE, THEIRS = "mine", "theirs"

# The change-log id a save's records were read at, and the decisions already taken.
_reading: contextvars.ContextVar[tuple[int, dict] | None] = contextvars.ContextVar(
    "reading", default=None)


def newest_id() -> int:
    """The newest change-log id: a mark of what this connection has seen."""
    return ChangeLog.select(peewee.fn.MAX(ChangeLog.id)).scalar() or 0


@contextmanager
def read_at(mark: int, decided: dict[tuple, tuple[str, str | None]] | None = None
            ) -> Iterator[None]:
    """Saves in this block write records that were read when ``newest_id()`` was ``mark``.
    A field changed by others since, that the save leaves as read, keeps their value; one the
    save changes too, to another value, raises ``EditConflictError`` — unless ``decided`` holds
    its key with (MINE or THEIRS, their value it was decided on)."""
    token = _reading.set((mark, decided or {}))
    try:
        yield
    finally:
        _reading.reset(token)


def _settle(instance: peewee.Model, stored: dict, mark: int, decided: dict) -> None:
    """Run inside the write transaction, the stored row locked (PostgreSQL) or the file's write
    lock held (SQLite)."""
    log, model = ChangeLog, type(instance)
    table = model._meta.table_name
    read: dict[str, str | None] = {}
    for name, old in (log.select(log.field, log.old)
                      .where((log.id > mark) & (log.table == table)
                             & (log.record_uuid == instance.uuid) & log.field.is_null(False))
                      .order_by(log.id).tuples()):
        read.setdefault(name, old)
    conflicts = []
    for field in logged_fields(model):
        if field.name not in read:
            continue
        theirs = encode(field, stored[field.name])
        mine = encode(field, field.python_value(field.db_value(_raw(instance, field))))
        choice = decided.get((table, instance.uuid, field.name))
        if mine in (read[field.name], theirs) or choice == (THEIRS, theirs):
            setattr(instance, field.name, stored[field.name])
        elif choice != (MINE, theirs):
            conflicts.append(FieldConflict(table, instance.uuid, field.name, read[field.name],
                                           theirs, mine))
    if conflicts:
        raise EditConflictError(conflicts)


def _differences(instance: peewee.Model, stored: dict) -> dict[str, tuple]:
    changes = {}
    for field in logged_fields(instance):
        old, new = stored.get(field.name), field.python_value(field.db_value(_raw(instance, field)))
        if old != new:
            changes[field.name] = (old, new)
    return changes


def log_update(instance: peewee.Model, changes: dict[str, tuple]) -> None:
    _write(instance, *_update_rows(instance, changes))


def _update_rows(instance: peewee.Model, changes: dict[str, tuple]) -> tuple[str, list]:
    """The op and log rows of an update."""
    fields = instance._meta.fields
    rows = []
    ops = set()
    for name, (old, new) in changes.items():
        rows.append((name, encode(fields[name], old), encode(fields[name], new)))
        if name == "deleted_at":
            ops.add("delete" if new is not None else "restore")
    # A soft delete or restore is its own op so the recycle bin can find it.
    return (ops.pop() if ops and len(rows) == 1 else "update"), rows


def update_many(model: type[peewee.Model], values: dict[str, dict]) -> None:
    """Set fields of stored records of one model (uuid → {field name: value}) as saving each of
    them would (the fields that differ from the stored row are written, with ``updated_at``,
    and logged), in a few statements: the stored rows are read at once, then one prepared UPDATE
    runs per set of changed fields."""
    current = current_batch()
    instances = []
    for part in peewee.chunked(sorted(values), CHUNK):
        for row in model.select().where(model.uuid.in_(part)).dicts():
            instance = model(**row)
            for name, value in values[row["uuid"]].items():
                setattr(instance, name, value)
            instances.append((instance, row))
    updates: dict[tuple[peewee.Field, ...], list[list]] = {}
    rows = []
    now = utcnow()
    for instance, stored in instances:
        instance.derive()
        changes = _differences(instance, stored)
        if not changes:
            continue
        instance.updated_at = now
        fields = model.fields_written(changes)
        updates.setdefault(fields, []).append(
            [*(f.db_value(_raw(instance, f)) for f in fields), instance.id])
        op, logged = _update_rows(instance, changes)
        current.written.setdefault(model._meta.table_name, set()).add(instance.id)
        rows += [(current.id, model._meta.table_name, instance.uuid, op, *row) for row in logged]
    for fields, params in updates.items():
        columns = ", ".join(f'"{f.column_name}" = {database.param}' for f in fields)
        database.cursor().executemany(
            f'UPDATE "{model._meta.table_name}" SET {columns} WHERE "id" = {database.param}', params)
    log = ChangeLog
    _execute_many(log, [log.batch, log.table, log.record_uuid, log.op, log.field, log.old,
                        log.new], rows)
    current.row_count += len(rows)


def log_purge(instance: peewee.Model) -> None:
    """A hard delete keeps every column, so that reverting it restores the row exactly."""
    keep = [f for f in instance._meta.sorted_fields if f.name not in ("id", "uuid")]
    _write(instance, "purge", [(f.name, encode(f, _raw(instance, f)), None) for f in keep])


# Reading and reverting ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    batch_id: int
    at: datetime
    actor: str
    table: str
    record_uuid: str
    op: str
    field: str | None
    old: str | None
    new: str | None


def history(table: str, record_uuid: str) -> list[Change]:
    """Every logged change of one record, oldest first."""
    log, batch_ = ChangeLog, ChangeBatch
    query = (
        log.select(log.batch, batch_.at, batch_.actor, log.table, log.record_uuid, log.op,
                   log.field, log.old, log.new)
        .join(batch_)
        .where((log.table == table) & (log.record_uuid == record_uuid))
        .order_by(log.id)
        .tuples()
    )
    return [Change(*row) for row in query]


def revert(batch_id: int, label: str, kind: str = "undo",
           check: Callable[[], None] | None = None) -> int | None:
    """Undo one batch by writing its inverse as a new batch; returns the new batch's id.
    ``check()`` runs inside the write transaction, once the records the batch wrote are locked
    (SQLite: the file's write lock), and raises to refuse: no other write comes between."""
    rows = list(
        ChangeLog.select()
        .where(ChangeLog.batch == batch_id)
        .order_by(ChangeLog.id.desc())
    )
    purged: dict[tuple[str, str], list[ChangeLog]] = {}
    for row in rows:
        if row.op == "purge":
            purged.setdefault((row.table, row.record_uuid), []).append(row)
    by_table = _logged_models()
    with batch(label, kind=kind, reverts=batch_id) as new_batch:
        if check is not None:
            if not is_sqlite():
                _lock_records(rows)
            check()
        done: set[tuple[str, str]] = set()
        for row in rows:
            model = by_table[row.table]
            key = (row.table, row.record_uuid)
            if row.op == "insert":
                if key not in done:
                    done.add(key)
                    model.get(model.uuid == row.record_uuid).delete_instance()
            elif row.op == "purge":
                if key not in done:
                    done.add(key)
                    _reinsert(model, row.record_uuid, purged[key])
            else:
                instance = model.get(model.uuid == row.record_uuid)
                setattr(instance, row.field, decode(model._meta.fields[row.field], row.old))
                instance.save()
        return new_batch.id if new_batch.row_count else None


def _logged_models() -> dict[str, type[BaseModel]]:
    """The models by table name. The log knows them as the subclasses of ``BaseModel``: they are
    defined (in ``db.models``) on top of this module, which logs their writes."""
    found, waiting = {}, [BaseModel]
    while waiting:
        model = waiting.pop()
        found[model._meta.table_name] = model
        waiting += model.__subclasses__()
    return found


def _lock_records(rows: list[ChangeLog]) -> None:
    """Lock the rows of the records ``rows`` name (PostgreSQL): a save of one of them waits."""
    uuids: dict[str, set[str]] = {}
    for row in rows:
        uuids.setdefault(row.table, set()).add(row.record_uuid)
    for table, found in uuids.items():
        model = _logged_models()[table]
        for part in peewee.chunked(sorted(found), CHUNK):
            list(model.select(model.id).where(model.uuid.in_(part)).for_update())


def _reinsert(model, record_uuid: str, rows: list[ChangeLog]) -> None:
    fields = model._meta.fields
    values = {r.field: decode(fields[r.field], r.old) for r in rows}
    instance = model(uuid=record_uuid, **values)
    instance.save(force_insert=True)
