"""Importing a spreadsheet: one change-log batch, row by row through the register's services
(or, for the rows an importer's bulk path takes, checked alike and written many at once).

Each row runs in a savepoint: a row the services refuse rolls back alone and is reported with its
row number, column and reason; the rows that pass form one ``import`` batch, committed together
(or not at all: a cancel or a crash leaves the database as it was). A dry run is the same import
rolled back at the end, so the preview shows exactly what importing would do. What a row did is
read from the change log it wrote: an insert of the row's main record is "added", other changes
are "updated" (with the columns they touched), nothing is "unchanged".
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from peewee import fn

from app.core import changes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _, join_list
from app.core.validation import compact
from app.exchange import import_activity, import_register, sheets
from app.exchange.columns import (
    cell_problems,
    ignored,
    match_headers,
    rejected_headers,
    scorer,
    text,
)
from app.exchange.import_kind import NOTES, Importer
from db import changelog, models
from db.database import database, lock_identities

STATUSES = ("added", "updated", "unchanged", "rejected")


class Cancelled(UserError):
    """The officer cancelled the import; nothing was written."""

    def __init__(self):
        super().__init__(_("The import was cancelled; nothing was changed."))


class _DryRun(Exception):
    pass


@dataclass(frozen=True)
class RowResult:
    row: int  # in the file, 1-based
    status: str
    label: str
    column: str = ""  # header of the column at fault
    reason: str = ""
    changed: tuple[str, ...] = ()  # headers of the changed columns
    notes: tuple[str, ...] = ()  # what the import did with the row's cells, worth knowing
    problems: tuple[tuple[str, str], ...] = ()  # every (header, reason) of a rejected row


@dataclass(frozen=True)
class ImportReport:
    entity: str
    path: str
    rows: tuple[RowResult, ...]
    organizations_created: tuple[str, ...]
    applied: bool
    batch_id: int | None = None
    sheet: str = ""  # the sheet read ("" for a CSV file)
    mapping: dict[int, str] = field(default_factory=dict)  # position in the file → column key
    ignored: tuple[str, ...] = ()  # headers of the file's columns that were not read
    footer: tuple[int, ...] = ()  # rows below the list ("填表人：…") left out

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def summary_line(self) -> str:
        return " ".join(f"{s}={self.count(s)}" for s in STATUSES)

    @property
    def rejected(self) -> tuple[RowResult, ...]:
        return tuple(r for r in self.rows if r.status == "rejected")


@dataclass(frozen=True)
class FileLayout:
    """The header row of a file, and which column each header is (for the mapping step)."""

    headers: tuple[str, ...]
    mapping: dict[int, str]
    unknown: tuple[int, ...]  # positions of headers that match no column


def importer(entity: str) -> Importer:
    return {**import_register.IMPORTERS, **import_activity.IMPORTERS}[entity]


def list_sheets(entity: str, path: str | Path) -> list[str]:
    """The names of the file's sheets that hold a list of this kind (for the officer to pick)."""
    return [s.name for s in sheets.candidates(sheets.read_sheets(path),
                                              scorer(importer(entity).columns))]


def layout(entity: str, path: str | Path, sheet: str | int | None = None) -> FileLayout:
    spec = importer(entity)
    table = sheets.read_table(path, scorer(spec.columns), sheet)
    mapping = match_headers(table.headers, spec.columns)
    unknown = tuple(i for i, h in enumerate(table.headers) if h and i not in mapping)
    return FileLayout(table.headers, mapping, unknown)


def _contradictions(spec: Importer, rows: list[tuple[int, dict]]) -> dict[int, tuple[str, str]]:
    """Rows that contradict another row of the same file: row → (column key, reason)."""
    identities = [(number, values, spec.identities(values)) for number, values in rows]
    count = Counter(identity for _n, _v, found in identities for identity, _keys in found)
    seen: dict[tuple, dict[str, tuple[int, str]]] = {}
    bad: dict[int, tuple[str, str]] = {}
    for number, values, found in identities:
        for identity, keys in found:
            if count[identity] == 1:
                continue  # nothing to contradict
            known = seen.setdefault(identity, {})
            for key in keys:
                value = compact(text(values.get(key)))
                if not value:
                    continue
                first = known.setdefault(key, (number, value))
                if first[1] != value:
                    reason = _("contradicts row {row} of the same file").format(row=first[0])
                    bad.setdefault(number, (key, reason))
                    bad.setdefault(first[0], (key, _("contradicts row {row} of the same file")
                                              .format(row=number)))
    return bad


def _last_log_id() -> int:
    return models.ChangeLog.select(fn.MAX(models.ChangeLog.id)).scalar() or 0


def _outcome(spec: Importer, since: int, headers: dict[str, str]) -> tuple[str, tuple[str, ...],
                                                                             list[str]]:
    """(status, changed column headers, names of organizations created) from the log rows."""
    log = models.ChangeLog
    rows = list(log.select(log.table, log.record_uuid, log.op, log.field, log.new)
                .where(log.id > since).order_by(log.id).tuples())
    inserted = {(t, u) for t, u, op, _f, _n in rows if op == "insert"}
    created = [n for t, _u, op, f, n in rows
               if op == "insert" and t == "organization" and f == "name"
               and "organization" not in spec.main_tables]
    if any(t in spec.main_tables for t, _u in inserted):
        return "added", (), created
    if not rows:
        return "unchanged", (), created
    changed = []
    for table, record, op, name, _new in rows:
        key = (spec.table_columns.get(table) if op != "update" or (table, record) in inserted
               else spec.field_columns.get((table, name), spec.table_columns.get(table)))
        label = headers.get(key or "", "")
        if label and label not in changed:
            changed.append(label)
    return "updated", tuple(changed), created


@contextmanager
def _no_cycle_collection():
    """Building tens of thousands of records sets Python's cycle collector off again and again
    (a tenth of a large import's time); what they leave is collected after the import."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_import(entity: str, path: str | Path, *, mapping: dict[int, str] | None = None,
               dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None, sheet: str | int | None = None,
               strict: bool = False) -> Changes:
    """Import a file (or, with ``dry_run``, find out what importing it would do). ``strict``
    refuses a file with columns that would not be read. The detail is the ``ImportReport``."""
    spec = importer(entity)
    table = sheets.read_table(path, scorer(spec.columns), sheet)
    mapping = match_headers(table.headers, spec.columns) if mapping is None else mapping
    if not mapping:
        raise UserError(_("None of the file's headers is a known column."), "file")
    unread = ignored(table.headers, mapping)
    if strict and unread:
        raise UserError(_("The file has columns that would not be imported: {columns}. Rename "
                          "or remove them, or import without --strict.").format(
            columns=join_list(unread)), "file")
    headers = {c.key: c.header for c in spec.columns}
    headers.update({key: table.headers[i] for i, key in mapping.items() if table.headers[i]})
    rows = [(number, {key: cells[i] for i, key in mapping.items()}) for number, cells in table.rows]
    bad = _contradictions(spec, rows)
    results: list[RowResult] = []

    def rejected(number: int, name: str, values: dict, key: str | None, reason: str) -> RowResult:
        others = [(headers.get(k, ""), why) for k, why in cell_problems(spec.columns, values).items()
                  if k != key]
        return RowResult(number, "rejected", name, headers.get(key or "", ""), reason,
                         problems=((headers.get(key or "", ""), reason), *others))

    created: list[str] = []
    batch_id = None
    written = Changes()
    label = _("Import {file}").format(file=Path(path).name)
    try:
        with _no_cycle_collection(), changelog.batch(label, kind="import") as batch:
            lock_identities()  # another import, or an officer, waits: nothing is made twice
            bulk = spec.bulk([r for r in rows if r[0] not in bad]) if spec.bulk else None
            for i, (number, values) in enumerate(rows):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(i, len(rows))
                name = spec.label(values)
                notes: list[str] = []
                NOTES.set(notes)
                if number in bad:
                    results.append(rejected(number, name, values, *bad[number]))
                    continue
                if bulk is not None:
                    if bulk.plan(values) is not None:
                        results.append(RowResult(number, "added", name, notes=tuple(notes)))
                        continue
                    bulk.write()
                since, logged = _last_log_id(), batch.row_count
                try:
                    with database.atomic():
                        name = spec.apply_row(values) or name
                except UserError as error:
                    batch.row_count = logged  # the savepoint took its log rows along
                    results.append(rejected(number, name, values, error.field, error.message))
                    continue
                status, changed, orgs = _outcome(spec, since, headers)
                if bulk is not None and status != "unchanged":
                    bulk.refresh(since)
                created += orgs
                results.append(RowResult(number, status, name, changed=changed,
                                         notes=tuple(notes)))
            if bulk is not None:
                bulk.write()
            if progress is not None:
                progress(len(rows), len(rows))
            if dry_run:
                raise _DryRun()
            batch_id = batch.id if batch.row_count else None
            written = changes.made(entity)
    except _DryRun:
        pass
    finally:
        NOTES.set(None)
    return replace(written, detail=ImportReport(
        entity, str(path), tuple(results), tuple(dict.fromkeys(created)), applied=not dry_run,
        batch_id=batch_id, sheet=table.sheet, mapping=mapping, ignored=unread,
        footer=table.footer))


def write_rejected(report: ImportReport, out: str | Path) -> Path:
    """The rejected rows in the file's own layout, ready to fix and import again: every reason
    of a row, each bad cell highlighted with its reason as a comment, the sheet and row each
    came from, and the ID number, phone and code columns as text (a number Excel stored is
    written as Excel shows it, so that it cannot pass for the digits it lost)."""
    spec = importer(report.entity)
    table = sheets.read_table(report.path, scorer(spec.columns), report.sheet or None)
    cells = dict(table.rows)
    codes = {i for i, key in report.mapping.items()
             if any(c.key == key and c.code for c in spec.columns)}

    def shown(position: int, value: object) -> object:
        if position in codes and isinstance(value, int | float) and not isinstance(value, bool):
            return format(value, ".15g") if isinstance(value, float) else str(value)
        return value

    rows = [[*(shown(i, v) for i, v in enumerate(cells[r.row])),
             "\n".join(f"{header}: {reason}" if header else reason
                       for header, reason in r.problems or ((r.column, r.reason),)),
             report.sheet, r.row] for r in report.rejected]

    def mark(sheet) -> None:
        # openpyxl takes a good part of a second to load: only when a workbook is written
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill
        from openpyxl.utils import get_column_letter

        fill = PatternFill("solid", fgColor="FFF2A8")
        for position in codes:
            letter = get_column_letter(position + 1)
            sheet.column_dimensions[letter].number_format = "@"
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position + 1, max_col=position + 1):
                cell.number_format = "@"
        for line, result in enumerate(report.rejected, start=2):
            for header, reason in result.problems:
                if header in table.headers:
                    cell = sheet.cell(line, table.headers.index(header) + 1)
                    cell.fill = fill
                    cell.comment = Comment(reason, "Commissioner Desk")

    return sheets.write_xlsx(out, [*table.headers, *rejected_headers()], rows, prepare=mark)
