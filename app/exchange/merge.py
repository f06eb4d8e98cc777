"""Merging a field package back into the office database, three-way and field by field.

For every record of the package: what the laptop changed is the difference between the package
now and the snapshot at export; what the office changed is the difference between the office now
and the same snapshot. A field changed on one side only is taken from that side; a field both
changed to different values is a conflict for the officer to decide. A new person or organization
that looks like an existing one (same mobile, ID number, name and employer; credit code or name)
is a question too: merge into the existing record, or keep separate. Records that depend on an
open question wait for it.

The officer's decisions are kept with the merge (``PackageMerge``), so merging the same package
again asks nothing and changes nothing. A merge is one change-log batch, undone as a whole.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field, replace
from datetime import datetime

import peewee

from app.activities import attachments
from app.core import changes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.files import atomic_write
from app.core.i18n import N_, _
from app.core.labels import TABLE_LABELS
from app.exchange import checks
from app.exchange.package import Package
from app.exchange.records import CHUNK, Record, RecordReader
from app.register import identity
from db import changelog, models
from db.database import database, lock_identities
from db.fields import utcnow

TABLES = {m._meta.table_name: m for m in models.EDITABLE_MODELS}
# Why a new record looks like an existing one.
REASON_LABELS = {
    "id_number": N_("same ID number"),
    "mobile": N_("same mobile"),
    "name_mobile": N_("same name and mobile number"),
    "name_employer": N_("same name and employer"),
    "uscc": N_("same credit code"),
    "name": N_("same name"),
}
PACKAGE = "package"
OFFICE = "office"


@dataclass(frozen=True)
class FieldConflict:
    table: str
    record_uuid: str
    field: str
    record_label: str
    base: str | None
    office: str | None
    package: str | None

    @property
    def key(self) -> str:
        return f"{self.table}/{self.record_uuid}/{self.field}"


@dataclass(frozen=True)
class DuplicateQuestion:
    table: str
    record_uuid: str
    existing_uuid: str
    reason: str
    package_label: str
    existing_label: str

    @property
    def key(self) -> str:
        return f"{self.table}/{self.record_uuid}"


@dataclass
class Decisions:
    """``fields``: conflict key → "package" or "office"; ``duplicates``: question key → uuid of
    the existing record to merge into, or "" to keep the new record separate."""

    fields: dict[str, str] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)

    def updated(self, other: Decisions | None) -> Decisions:
        if other is None:
            return Decisions(dict(self.fields), dict(self.duplicates))
        return Decisions({**self.fields, **other.fields}, {**self.duplicates, **other.duplicates})

    def to_json(self) -> str:
        return json.dumps({"fields": self.fields, "duplicates": self.duplicates},
                          ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Change:
    table: str
    record_uuid: str
    values: Record
    record_label: str


@dataclass(frozen=True)
class Refusal:
    """A record of the package that is not merged: a value the forms refuse, or a reference to
    such a record."""

    table: str
    record_uuid: str
    record_label: str
    reason: str


@dataclass(frozen=True)
class MergePlan:
    package_id: str
    new: tuple[Change, ...]
    updated: tuple[Change, ...]
    conflicts: tuple[FieldConflict, ...]
    duplicates: tuple[DuplicateQuestion, ...]
    waiting: tuple[Change, ...]  # new records that depend on an open question
    unchanged: int
    refused: tuple[Refusal, ...] = ()

    @property
    def questions(self) -> int:
        return len(self.conflicts) + len(self.duplicates)

    def summary_line(self) -> str:
        """For scripts (the command line)."""
        return (f"new={len(self.new)} updated={len(self.updated)} "
                f"conflicts={len(self.conflicts)} duplicates={len(self.duplicates)} "
                f"unchanged={self.unchanged} refused={len(self.refused)}")

    def summary_text(self) -> str:
        """For the officer."""
        return _("{new} new, {updated} updated, {conflicts} conflicts, {duplicates} possible "
                 "duplicates, {unchanged} unchanged").format(
            new=len(self.new), updated=len(self.updated), conflicts=len(self.conflicts),
            duplicates=len(self.duplicates), unchanged=self.unchanged)


@dataclass(frozen=True)
class MergeResult:
    plan: MergePlan
    batch_id: int | None
    missing_files: tuple[str, ...] = ()  # attachments whose file was not beside the package


def label(table: str, record: Record | None) -> str:
    """How the officer recognizes a record: its name, title or number, else its kind."""
    record = record or {}
    for name in ("name", "title", "number", "team_name", "file_name"):
        if record.get(name):
            return record[name]
    return _(TABLE_LABELS[table])


def previous_decisions(package_id: str) -> Decisions:
    """Decisions of earlier merges of this package that were not undone."""
    merge, batch = models.PackageMerge, models.ChangeBatch
    undone = batch.select(batch.reverts).where(batch.reverts.is_null(False))
    decisions = Decisions()
    for row in (merge.select().where((merge.package_id == package_id)
                                     & (merge.batch.is_null() | merge.batch.not_in(undone)))
                .order_by(merge.id)):
        stored = json.loads(row.decisions)
        decisions = decisions.updated(Decisions(stored["fields"], stored["duplicates"]))
    return decisions


def _duplicates_of(table: str, records: dict[str, Record]) -> dict[str, tuple[str, str]]:
    """uuid → (uuid, reason) of an office record each new one seems to duplicate: the first
    reason that finds one, the oldest record it finds. Looked up by key, a few hundred at once."""
    model = TABLES[table]
    live = model.deleted_at.is_null()

    def by(column):
        return lambda keys: (model.select(column, model.uuid).where(live & column.in_(keys))
                             .order_by(model.id).tuples())

    if table == "person":
        employer = models.Organization

        def name_employer(keys):
            rows = (model.select(model.name, employer.uuid, model.uuid)
                    .join(employer, on=model.employer == employer.id)
                    .where(live & employer.uuid.in_({org for _name, org in keys}))
                    .order_by(model.id).tuples())
            return (((name, org), uuid) for name, org, uuid in rows)

        checks = [("id_number", lambda r: r.get("id_number"), by(model.id_number)),
                  ("mobile", lambda r: r.get("mobile"), by(model.mobile)),
                  ("name_employer", lambda r: r.get("employer") and (r.get("name", ""),
                                                                     r["employer"]),
                   name_employer)]
    else:
        checks = [("uscc", lambda r: r.get("uscc"), by(model.uscc)),
                  ("name", lambda r: r.get("name", ""), by(model.name))]
    candidates: dict[str, list[tuple[str, str]]] = {}  # uuid → [(office uuid, reason)]
    for reason, key_of, lookup in checks:
        keys = {uuid: key_of(r) for uuid, r in records.items()}
        keys = {uuid: key for uuid, key in keys.items() if key or key == ""}
        hits: dict = {}
        for part in peewee.chunked(sorted(set(keys.values())), CHUNK):
            for key, uuid in lookup(part):
                hits.setdefault(key, []).append(uuid)
        for uuid, key in keys.items():
            candidates.setdefault(uuid, []).extend((o, reason) for o in hits.get(key, ()))
    office = RecordReader(database).read(model, {o for pairs in candidates.values()
                                                 for o, _reason in pairs})
    found: dict[str, tuple[str, str]] = {}
    for uuid, pairs in candidates.items():
        for other, reason in pairs:
            # app.register.identity judges the pair: two ID numbers (or credit codes) that differ are two
            why = (identity.match_person(_person_key(records[uuid]), _person_key(office[other]))
                   if table == "person" else reason if identity.match_organization(
                       records[uuid].get("name", ""), records[uuid].get("uscc"),
                       office[other].get("name", ""), office[other].get("uscc")) else None)
            if why is not None:
                found[uuid] = (other, why)
                break
    return found


def _person_key(record: Record) -> identity.PersonKey:
    return identity.PersonKey(record.get("name", ""), record.get("id_number"),
                              record.get("mobile"), record.get("employer"))


class _Planner:
    def __init__(self, package: Package, decisions: Decisions):
        self.package = package
        self.decisions = decisions
        self.reader = RecordReader(database)
        self.mapped: dict[tuple[str, str], str] = {}  # duplicate merged into an office record
        self.blocked: set[tuple[str, str]] = set()
        self.new: list[Change] = []
        self.updated: list[Change] = []
        self.conflicts: list[FieldConflict] = []
        self.duplicates: list[DuplicateQuestion] = []
        self.waiting: list[Change] = []
        self.refused: dict[tuple[str, str], Refusal] = {}
        self.planned: set[tuple[str, str]] = set()  # the records of ``new``
        self.unchanged = 0

    def _add_new(self, change: Change) -> None:
        self.new.append(change)
        self.planned.add((change.table, change.record_uuid))

    def _exists(self, table: str, uuid: str) -> bool:
        """The record is in the office database or comes with this merge."""
        model = TABLES[table]
        return (table, uuid) in self.planned or model.select().where(model.uuid == uuid).exists()

    def _accepted(self, table: str, uuid: str, record: Record, label_record: Record,
                  created_at: str | None = None) -> bool:
        """Whether the record, as it would be stored, passes the forms' checks and names no
        refused record; else it is refused, with the reason."""
        model = TABLES[table]
        try:
            for fk in (f for f in model._meta.sorted_fields
                       if isinstance(f, peewee.ForeignKeyField)):
                refused = self.refused.get((fk.rel_model._meta.table_name, record.get(fk.name)))
                if refused is not None:
                    raise UserError(_("It refers to a record that is not merged: {label}")
                                    .format(label=refused.record_label), fk.name)
                if record.get(fk.name) and not self._exists(fk.rel_model._meta.table_name,
                                                            record[fk.name]):
                    raise UserError(_("It refers to a record that is neither in this database "
                                      "nor in the package (deleted for good since the export?)."),
                                    fk.name)
            checks.check(table, record, created_at)
        except UserError as error:
            self.refused[(table, uuid)] = Refusal(table, uuid, label(table, label_record),
                                                  checks.describe(error))
            return False
        return True

    def _references(self, model, record: Record) -> Record:
        """Follow merged duplicates; None when the record depends on an open question."""
        result = dict(record)
        for fk in (f for f in model._meta.sorted_fields if isinstance(f, peewee.ForeignKeyField)):
            target = (fk.rel_model._meta.table_name, record.get(fk.name))
            if target in self.blocked:
                return None
            if target in self.mapped:
                result[fk.name] = self.mapped[target]
        return result

    def table(self, model) -> None:
        table = model._meta.table_name
        base, current = self.package.base[table], self.package.current[table]
        touched = [u for u, record in current.items() if base.get(u) != record]
        touched += [u for u in base if u not in current]
        self.unchanged += self.package.records[table] - len([u for u in touched if u in current])
        office = self.reader.read(model, touched)
        new: dict[str, Record] = {}
        for uuid in touched:
            record = current.get(uuid)
            if record is None:  # removed for good on the laptop: the office keeps it, binned
                binned = {**base[uuid], "deleted_at": utcnow().isoformat(sep=" ")}
                self._fields(table, uuid, base[uuid], binned, office.get(uuid))
                continue
            values = self._references(model, record)
            if values is None:
                self.blocked.add((table, uuid))
                self.waiting.append(Change(table, uuid, record, label(table, record)))
            elif uuid in base:
                self._fields(table, uuid, base[uuid], values, office.get(uuid))
            elif uuid in office:  # merged before: what differs now is a question, not a change
                self._fields(table, uuid, {}, values, office[uuid])
            elif self._accepted(table, uuid, values, values,
                                self.package.created_at[table].get(uuid)):
                new[uuid] = values
        matches = _duplicates_of(table, new) if table in ("person", "organization") else {}
        for uuid, values in new.items():
            self._new(table, uuid, values, matches.get(uuid))

    def _new(self, table: str, uuid: str, values: Record, match: tuple[str, str] | None) -> None:
        if match is not None:
            question = DuplicateQuestion(table, uuid, match[0], match[1], label(table, values),
                                         label(table, self.reader.read(TABLES[table],
                                                                       [match[0]])[match[0]]))
            decision = self.decisions.duplicates.get(question.key)
            if decision is None:
                self.duplicates.append(question)
                self.blocked.add((table, uuid))
                return
            if decision:
                self.mapped[(table, uuid)] = decision
                return
        self._add_new(Change(table, uuid, values, label(table, values)))

    def _fields(self, table: str, uuid: str, base: Record, theirs: Record,
                office: Record | None) -> None:
        if office is None:  # gone from the office for good: the package's record comes back
            if self._accepted(table, uuid, theirs, theirs,
                              self.package.created_at[table].get(uuid)):
                self._add_new(Change(table, uuid, theirs, label(table, theirs)))
            return
        take: Record = {}
        open_questions = 0
        for name in sorted(set(base) | set(theirs)):
            mine, ancestor, ours = theirs.get(name), base.get(name), office.get(name)
            if mine in (ancestor, ours):
                continue
            key = f"{table}/{uuid}/{name}"
            decided = self.decisions.fields.get(key)
            if ours == ancestor or decided == PACKAGE:
                take[name] = mine
            elif decided != OFFICE:
                open_questions += 1
                self.conflicts.append(FieldConflict(table, uuid, name, label(table, office),
                                                    ancestor, ours, mine))
        if take and self._accepted(table, uuid, checks.stored(office, take), office):
            self.updated.append(Change(table, uuid, take, label(table, office)))
        elif not open_questions:
            self.unchanged += 1

    def plan(self) -> MergePlan:
        for model in models.EDITABLE_MODELS:
            self.table(model)
        return MergePlan(self.package.package_id, tuple(self.new), tuple(self.updated),
                         tuple(self.conflicts), tuple(self.duplicates), tuple(self.waiting),
                         self.unchanged, tuple(self.refused.values()))


def plan_merge(package: Package, decisions: Decisions | None = None) -> MergePlan:
    """What merging would do, with earlier and given decisions applied; writes nothing."""
    return _Planner(package, previous_decisions(package.package_id).updated(decisions)).plan()


def _value(field: peewee.Field, text: str | None, ids: dict[type, dict[str, int]]):
    """The stored value of a logged text (a foreign key's target by its uuid, from ``ids``); a
    cleared text field is "" where NULL is not allowed."""
    if text is not None and isinstance(field, peewee.ForeignKeyField):
        value = ids[field.rel_model].get(text)
        if value is None:
            raise LookupError(f"{field.rel_model._meta.table_name} {text} is not in this database")
    else:
        value = changelog.decode(field, text)
    if value is None and not field.null:
        return field.default() if callable(field.default) else field.default
    return value


def _target_ids(model, changes: list[Change]) -> dict[type, dict[str, int]]:
    """Target model → {uuid: id} of the records the changes' foreign keys name."""
    found: dict[type, dict[str, int]] = {}
    for fk in (f for f in model._meta.sorted_fields if isinstance(f, peewee.ForeignKeyField)):
        target = fk.rel_model
        known = found.setdefault(target, {})
        keys = sorted({c.values[fk.name] for c in changes if c.values.get(fk.name)})
        for part in peewee.chunked(keys, CHUNK):
            known.update(target.select(target.uuid, target.id).where(target.uuid.in_(part)).tuples())
    return found


def _unique_number(number: str, given: set[str]) -> str:
    """A demand numbered on the laptop may carry a number the office, or this merge, gave."""
    Demand = models.Demand
    if number in given or Demand.select().where(Demand.number == number).exists():
        prefix = number.rsplit("-", 1)[0] + "-"
        taken = [n for (n,) in Demand.select(Demand.number)
                 .where(Demand.number.startswith(prefix)).tuples()]
        suffixes = (n.rsplit("-", 1)[1] for n in (*taken, *given) if n.startswith(prefix))
        number = f"{prefix}{max((int(s) for s in suffixes if s.isdigit()), default=0) + 1:04d}"
    given.add(number)
    return number


def _write(package: Package, changes: tuple[Change, ...], insert: bool) -> None:
    """The changes, in bulk by table: targets of foreign keys before the records naming them."""
    by_table: dict[str, list[Change]] = {}
    for change in changes:
        by_table.setdefault(change.table, []).append(change)
    numbers: set[str] = set()
    for model in models.EDITABLE_MODELS:
        group = by_table.get(model._meta.table_name, [])
        ids = _target_ids(model, group)
        fields = model._meta.fields
        values = {c.record_uuid: {name: _value(fields[name], text, ids)
                                  for name, text in c.values.items()} for c in group}
        if not insert:
            changelog.update_many(model, values)
            continue
        instances = []
        for uuid, record in values.items():
            instance = model(uuid=uuid, **record)
            created_at = package.created_at[model._meta.table_name].get(uuid)
            if created_at:
                instance.created_at = datetime.fromisoformat(created_at)
            if model is models.Demand:
                instance.number = _unique_number(instance.number, numbers)
            instances.append(instance)
        changelog.insert_many(instances)


def _bring_files(package: Package) -> tuple[str, ...]:
    """Copy the files of the package's attachments that the office lacks, checked by hash.

    They live in the ``attachments`` folder beside the package file (where the laptop put
    them); a file not there is reported, and a later merge of the same package brings it."""
    missing = []
    for record in package.current["attachment"].values():
        content_hash = record["content_hash"]
        target = attachments.stored_path(content_hash)
        if target.is_file():
            continue
        source = attachments.stored_path(content_hash, package.attachments_dir)
        if not source.is_file() or _sha256(source) != content_hash:
            missing.append(record.get("file_name", content_hash))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as temp:
            shutil.copyfile(source, temp)
    return tuple(missing)


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def apply_merge(package: Package, decisions: Decisions | None = None) -> Changes:
    """Apply everything that has no open question, as one batch; the detail is the
    ``MergeResult`` (the plan applied)."""
    decisions = decisions or Decisions()
    with changelog.batch(_("Merge field package {id}").format(id=package.package_id[:8]),
                         kind="merge") as batch:
        lock_identities()  # the walk-ins it adds are found, or made, once
        plan = plan_merge(package, decisions)
        _write(package, plan.new, insert=True)
        _write(package, plan.updated, insert=False)
        if batch.row_count or decisions.fields or decisions.duplicates:
            models.PackageMerge.create(package_id=package.package_id,
                                       batch=batch.id if batch.row_count else None,
                                       decisions=decisions.to_json())
        batch_id = batch.id if batch.row_count else None
        written = changes.made()
    return replace(written, detail=MergeResult(plan, batch_id, _bring_files(package)))
