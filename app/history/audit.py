"""The audit trail: the change log's batches, filtered by date, table, kind, batch or one record
(its whole history), with their rows in plain words; any batch can be undone (as a new batch)
when later changes allow it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import peewee
from peewee import fn

from app.core import clock
from app.core.changes import Changes, of_batch
from app.core.errors import UserError
from app.core.i18n import N_, _
from app.core.labels import TABLE_LABELS
from app.history import undo as history
from app.history.undo import FIELD_LABELS, value_text
from app.register import common
from db import models
from db.database import database

PAGE = 200
BATCH_KIND_LABELS = {"user": N_("Edit"), "import": N_("Import"), "merge": N_("Merge"),
               "undo": N_("Undo"), "system": N_("System"), "demo": N_("Demo data")}
OP_LABELS = {"insert": N_("created"), "update": N_("changed"), "delete": N_("deleted"),
             "restore": N_("restored"), "purge": N_("deleted for good")}


@dataclass(frozen=True)
class BatchRow:
    id: int
    at: datetime  # UTC
    actor: str  # the computer's name then
    db_user: str  # the database user signed in (PostgreSQL), else ""
    kind: str
    label: str
    changes: int
    tables: tuple[str, ...]
    undone: bool  # a later batch reverts it

    @property
    def kind_label(self) -> str:
        return _(BATCH_KIND_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class ChangeRow:
    table: str  # translated
    record_uuid: str
    record: str  # how the officer recognizes the record
    op: str  # translated
    field: str  # translated
    old: str
    new: str


@dataclass(frozen=True)
class AuditFilter:
    since: date | None = None  # local dates, both included
    until: date | None = None
    table: str | None = None
    kind: str | None = None
    batch_id: int | None = None
    record_uuid: str | None = None  # one record's history
    device_id: str | None = None  # one computer's batches
    db_user: str | None = None  # one database user's batches


def table_choices() -> list[tuple[str, str]]:
    """(table, label) of the tables the log mentions."""
    log = models.ChangeLog
    tables = [t for (t,) in log.select(log.table).distinct().tuples()]
    return sorted(((t, _(TABLE_LABELS.get(t, t))) for t in tables), key=lambda p: p[1])


def device_choices() -> list[tuple[str, str]]:
    """(device id, name) of the computers that wrote batches, by the name each used last."""
    b = models.ChangeBatch
    newest = (b.select(b.device_id, fn.MAX(b.id).alias("newest")).where(b.device_id != "")
              .group_by(b.device_id))
    names = b.select(newest.c.device_id, b.actor).join(newest, on=(b.id == newest.c.newest))
    return sorted(((device, name or device) for device, name in names.tuples()),
                  key=lambda pair: pair[1])


def user_choices() -> list[str]:
    """The database users that wrote batches (none on SQLite, which has no users)."""
    b = models.ChangeBatch
    return [u for (u,) in b.select(b.db_user).distinct().where(b.db_user != "")
            .order_by(b.db_user).tuples()]


def batches(where: AuditFilter = AuditFilter(), offset: int = 0, limit: int = PAGE
            ) -> list[BatchRow]:
    """Batches newest first, with how many rows they changed and in which tables."""
    b, log = models.ChangeBatch, models.ChangeLog
    reverted = b.alias("reverted")
    query = (b.select(b.id, b.at, b.actor, b.db_user, b.kind, b.label, fn.COUNT(log.id),
                      fn.EXISTS(reverted.select().where(reverted.reverts == b.id)))
             .join(log, peewee.JOIN.LEFT_OUTER, on=(log.batch == b.id))
             .group_by(b.id).order_by(b.id.desc()).offset(offset).limit(limit))
    if where.since:
        query = query.where(b.at >= clock.utc_midnight(where.since))
    if where.until:
        query = query.where(b.at < clock.utc_midnight(where.until + timedelta(days=1)))
    if where.kind:
        query = query.where(b.kind == where.kind)
    if where.batch_id:
        query = query.where(b.id == where.batch_id)
    if where.device_id:
        query = query.where(b.device_id == where.device_id)
    if where.db_user:
        query = query.where(b.db_user == where.db_user)
    if where.table:
        query = query.where(fn.EXISTS(log.select().where((log.batch == b.id)
                                                          & (log.table == where.table))))
    if where.record_uuid:
        query = query.where(fn.EXISTS(log.select().where((log.batch == b.id)
                                                          & (log.record_uuid == where.record_uuid))))
    found = list(query.tuples())
    tables: dict[int, set[str]] = {}
    for batch_id, table in (log.select(log.batch, log.table).distinct()
                            .where(log.batch.in_([r[0] for r in found])).tuples()):
        tables.setdefault(batch_id, set()).add(table)
    return [BatchRow(id_, at if isinstance(at, datetime) else datetime.fromisoformat(at), actor,
                     db_user, kind, label, count,
                     tuple(sorted(_(TABLE_LABELS.get(t, t)) for t in tables.get(id_, ()))),
                     bool(undone))
            for id_, at, actor, db_user, kind, label, count, undone in found]


def changes(batch_id: int) -> list[ChangeRow]:
    log = models.ChangeLog
    return [ChangeRow(_(TABLE_LABELS.get(r.table, r.table)), r.record_uuid,
                      record_name(r.table, r.record_uuid), _(OP_LABELS.get(r.op, r.op)),
                      _(FIELD_LABELS[r.field]) if r.field in FIELD_LABELS else (r.field or ""),
                      value_text(r.table, r.field, r.old) if r.old else "",
                      value_text(r.table, r.field, r.new) if r.new else "")
            for r in log.select().where(log.batch == batch_id).order_by(log.id)]


def record_name(table: str, record_uuid: str) -> str:
    """A record's name (a participant's: whom it is), else the kind of record."""
    model = models.BY_TABLE.get(table)
    row = model.get_or_none(model.uuid == record_uuid) if model is not None else None
    if isinstance(row, models.Commissioner):
        return common.display_name(row)
    if isinstance(row, models.Participant):
        if row.commissioner is not None:
            return common.display_name(row.commissioner)
        who = row.person or row.organization
        return getattr(who, "name", "") or _(TABLE_LABELS.get(table, table))
    for name in ("name", "title", "number", "team_name", "file_name"):
        if getattr(row, name, None):
            return getattr(row, name)
    return _(TABLE_LABELS.get(table, table))


def undo_batch(batch_id: int) -> Changes:
    """Revert one batch as a new one; refused when it was undone already or later changes
    depend on it."""
    with database.atomic():  # checked in the transaction that reverts
        batch = models.ChangeBatch.get_or_none(models.ChangeBatch.id == batch_id)
        if batch is None:
            raise UserError(_("This action no longer exists."))
        if models.ChangeBatch.select().where(models.ChangeBatch.reverts == batch_id).exists():
            raise UserError(_("This action was undone already."))
        reverted = history.revert(batch_id, _("Undo") + ": " + batch.label)
    return of_batch(reverted)
