"""The shape of a database's tables, read back from the database itself, in one form for SQLite
and PostgreSQL: each table's columns (type, NOT NULL, default), foreign keys and indexes. Two
databases built differently (the migrations, the models' own CREATE statements, an old file
upgraded) are compared through it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import peewee

from db.migrations import schema_sql


@dataclass(frozen=True)
class Column:
    type: str
    not_null: bool
    default: str | None  # as the database states it, None for none


@dataclass(frozen=True)
class Table:
    columns: dict[str, Column]
    foreign_keys: frozenset[tuple]  # (column, table, column, on delete)
    indexes: frozenset[tuple]  # (name, unique, columns)


def shape(db: peewee.Database, tables: set[str] | None = None, schema: str = "public",
          ) -> dict[str, Table]:
    """The tables (those named in ``tables``, else all of them) of ``db``."""
    read = _sqlite if isinstance(db, peewee.SqliteDatabase) or "Sqlite" in type(
        getattr(db, "obj", db)).__name__ else _postgres
    return read(db, tables, schema)


def _sqlite(db, tables, _schema) -> dict[str, Table]:
    sql = db.execute_sql
    names = [n for (n,) in sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite_%'")]
    found = {}
    for table in sorted(set(names) & tables if tables is not None else names):
        columns = {name: Column(kind.upper(), bool(not_null or pk), default)
                   for _cid, name, kind, not_null, default, pk in
                   sql(f'PRAGMA table_info("{table}")')}
        keys = frozenset((row[3], row[2], row[4], row[6])
                         for row in sql(f'PRAGMA foreign_key_list("{table}")'))
        indexes = frozenset(
            (name if origin == "c" else origin, bool(unique),
             tuple(r[2] for r in sql(f'PRAGMA index_info("{name}")')))
            for _seq, name, unique, origin, _partial in sql(f'PRAGMA index_list("{table}")'))
        found[table] = Table(columns, keys, indexes)
    return found


def _postgres(db, tables, schema) -> dict[str, Table]:
    sql = db.execute_sql
    names = [n for (n,) in sql("SELECT table_name FROM information_schema.tables WHERE "
                               "table_schema = %s AND table_type = 'BASE TABLE'", (schema,))]
    found = {}
    for table in sorted(set(names) & tables if tables is not None else names):
        columns = {}
        for name, kind, length, nullable, default in sql(
                "SELECT column_name, data_type, character_maximum_length, is_nullable, "
                "column_default FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = %s", (schema, table)):
            kind = f"{kind.upper()}({length})" if length else kind.upper()
            if default is not None:  # the sequence of a SERIAL is named after the schema's table
                default = re.sub(rf"'{schema}\.", "'", default)
            columns[name] = Column(kind, nullable == "NO", default)
        keys = frozenset(sql(
            "SELECT a.attname, c.confrelid::regclass::text, fa.attname, c.confdeltype "
            "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
            "AND a.attnum = c.conkey[1] JOIN pg_attribute fa ON fa.attrelid = c.confrelid "
            "AND fa.attnum = c.confkey[1] WHERE c.contype = 'f' AND c.conrelid = %s::regclass",
            (f'"{schema}"."{table}"',)).fetchall())
        keys = frozenset((a, t.split(".")[-1].strip('"'), f, d) for a, t, f, d in keys)
        indexes = frozenset(
            ("pk" if name.endswith("_pkey") else name, unique, tuple(column_names))
            for name, unique, column_names in sql(
                "SELECT i.relname, x.indisunique, array_agg(a.attname ORDER BY k.ord) "
                "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_class t ON t.oid = x.indrelid "
                "JOIN pg_namespace n ON n.oid = t.relnamespace "
                "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
                "WHERE n.nspname = %s AND t.relname = %s GROUP BY i.relname, x.indisunique",
                (schema, table)))
        found[table] = Table(columns, keys, indexes)
    return found


def declared(db: peewee.Database, statements: list[str]) -> dict[str, Table]:
    """The shape of the tables the models declare (``statements``: their CREATE statements),
    built beside the database's own: in memory for SQLite, in a schema of its own on
    PostgreSQL."""
    tables = {s.split('"')[1] for s in statements if s.startswith("CREATE TABLE")}
    if "Sqlite" in type(getattr(db, "obj", db)).__name__:
        scratch = peewee.SqliteDatabase(":memory:")
        for statement in statements:
            scratch.execute_sql(statement)
        return shape(scratch, tables)
    with db.atomic():
        db.execute_sql('CREATE SCHEMA "declared"')
        db.execute_sql('SET LOCAL search_path TO "declared"')
        try:
            for statement in statements:
                db.execute_sql(statement)
            return shape(db, tables, "declared")
        finally:
            db.execute_sql('DROP SCHEMA "declared" CASCADE')


def _literal(default) -> str | None:
    """A database's default without its type cast ('':: character varying → '')."""
    return None if default is None else re.sub(r"::[\w ]+$", "", default)


def disagreements(migrated: dict[str, Table], models: dict[str, Table], python_defaults: dict,
                  extra_indexes: frozenset[str] = frozenset()) -> list[str]:
    """How the migrated tables differ from those the models declare: a column's type or NOT
    NULL, a default other than the model's own (``python_defaults``: (table, column) → its SQL
    literal; the models give none to the database, an added NOT NULL column needs one), a
    foreign key, an index (but for ``extra_indexes``, which no model declares)."""
    found = []
    for table, wanted in models.items():
        got = migrated.get(table)
        if got is None:
            found.append(f"{table}: missing")
            continue
        for name in sorted(set(wanted.columns) | set(got.columns)):
            want, have = wanted.columns.get(name), got.columns.get(name)
            if want is None or have is None:
                found.append(f"{table}.{name}: {'only migrated' if want is None else 'missing'}")
                continue
            if (have.type, have.not_null) != (want.type, want.not_null):
                found.append(f"{table}.{name}: {have} instead of {want}")
            if _literal(have.default) not in (_literal(want.default),
                                              python_defaults.get((table, name))):
                found.append(f"{table}.{name}: default {have.default} instead of "
                             f"{want.default} or the model's {python_defaults.get((table, name))}")
        if got.foreign_keys != wanted.foreign_keys:
            found.append(f"{table}: foreign keys {sorted(got.foreign_keys)} instead of "
                         f"{sorted(wanted.foreign_keys)}")
        indexes = {i for i in got.indexes if i[0] not in extra_indexes}
        if indexes != wanted.indexes:
            found.append(f"{table}: indexes {sorted(indexes ^ wanted.indexes)} differ")
    return found


def model_defaults(models, sqlite: bool) -> dict[tuple[str, str], str]:
    """(table, column) → the SQL literal of each constant default of the models."""
    dialect = "sqlite" if sqlite else "postgres"
    return {(model._meta.table_name, field.column_name): literal
            for model in models for field in model._meta.sorted_fields
            if (literal := schema_sql.default_literal(field, dialect)) is not None}
