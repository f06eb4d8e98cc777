"""Records as the change log sees them: ``{field: text}`` keyed by uuid.

The same encoding (``db.changelog.encode``) serves the export snapshot, the replay check of a
field package and the three-way comparison, on the office database or on a package file alike.
Empty values (None and "") are left out, so "never set" and "cleared" compare equal.
``record_json`` writes that encoding in SQL, as the JSON text of a record, so that a whole table
is snapshot or compared with its snapshot inside SQLite, without a Python object per value.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from db import changelog, models

Record = dict[str, str]

CHUNK = 500


def normalized(record: dict[str, str | None]) -> Record:
    return {field: value for field, value in record.items() if value not in (None, "")}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def record_json(model: type[models.EditableModel], alias: str) -> str:
    """An SQLite expression: the row ``alias`` of the model's table as the JSON text of its
    Record, keys sorted (``json.loads`` of it equals ``RecordReader.read``'s Record)."""
    parts = []
    for field in sorted(changelog.logged_fields(model), key=lambda f: f.name):
        column = f"{alias}.{quote(field.column_name)}"
        if isinstance(field, peewee.ForeignKeyField):
            target = field.rel_model._meta.table_name
            text = f'(SELECT "uuid" FROM {quote(target)} WHERE "id" = {column})'
        elif isinstance(field, peewee.BooleanField):
            text = f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} THEN '1' ELSE '0' END"
        else:
            text = f"NULLIF(CAST({column} AS TEXT), '')"
        # json_quote(NULL) is 'null'; NULL || … is NULL, so an empty field drops out whole.
        parts.append(f"COALESCE(', \"{field.name}\": ' || NULLIF(json_quote({text}), 'null'), '')")
    return f"'{{' || substr({' || '.join(parts) or repr('')}, 3) || '}}'"


class RecordReader:
    """Reads editable tables of one database (the office's, or a package file) as Records."""

    def __init__(self, db: peewee.Database):
        self.db = db
        self._uuids: dict[type, dict[int, str]] = {}

    def _select(self, model: type[models.EditableModel], columns: list[str], where: str,
                params: tuple) -> list[tuple]:
        sql = (f"SELECT {', '.join(quote(c) for c in columns)} "
               f"FROM {quote(model._meta.table_name)}{where}")
        return list(self.db.execute_sql(sql, params))

    def uuid_of(self, model: type[models.EditableModel], record_id: int) -> str:
        known = self._uuids.setdefault(model, {})
        if record_id not in known:
            rows = self._select(model, ["uuid"], f" WHERE id = {self.db.param}", (record_id,))
            if not rows:
                raise LookupError(f"{model._meta.table_name} #{record_id} does not exist")
            known[record_id] = rows[0][0]
        return known[record_id]

    def read(self, model: type[models.EditableModel], uuids: Iterable[str] | None = None
             ) -> dict[str, Record]:
        """Every row of a table, or the rows with the given uuids."""
        fields = changelog.logged_fields(model)
        columns = ["id", "uuid", *(f.column_name for f in fields)]
        if uuids is None:
            rows = self._select(model, columns, "", ())
        else:
            rows = []
            for part in peewee.chunked(sorted(set(uuids)), CHUNK):
                marks = ", ".join([self.db.param] * len(part))
                rows += self._select(model, columns, f" WHERE uuid IN ({marks})", tuple(part))
        known = self._uuids.setdefault(model, {})
        for row in rows:
            known[row[0]] = row[1]
        return {
            row[1]: normalized({
                field.name: changelog.encode(field, value, self.uuid_of)
                for field, value in zip(fields, row[2:], strict=True)
            })
            for row in rows
        }
