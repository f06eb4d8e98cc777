"""Print the statements that make the current models' tables, or add their new columns, in one
SQL dialect.

A migration stores this output as its ``.sql`` files, one per dialect, so the schema of each
version stays fixed while the models move on:

    uv run python -m db.migrations.schema_sql sqlite PackageBase ... > 0002_….sqlite.sql
    uv run python -m db.migrations.schema_sql postgres Commissioner.sort_name ... > 0003_….postgres.sql

What these generate is the tables, their indexes and added columns (0001, 0002, and the columns
of 0003); triggers, views, functions and the search indexes (FTS5, pg_trgm) differ between the
dialects and are written by hand in each file.
"""

from __future__ import annotations

import sys

import peewee

from db import models

DIALECTS = {"sqlite": peewee.SqliteDatabase, "postgres": peewee.PostgresqlDatabase}


def create_statements(dialect: str, selected=models.ALL_MODELS) -> list[str]:
    target = DIALECTS[dialect](None)
    statements = []
    with target.bind_ctx(selected, bind_refs=False, bind_backrefs=False):
        for model in selected:
            schema = model._schema
            sql, params = schema._create_table(safe=False).query()
            assert not params
            statements.append(sql)
            for index in schema._create_indexes(safe=False):
                sql, params = index.query()
                assert not params
                statements.append(sql)
    return statements


def default_literal(field: peewee.Field, dialect: str) -> str | None:
    """The SQL literal of a field's constant default (None for none, or one computed on each
    insert): the models keep their defaults in Python, but a NOT NULL column added to a table
    with rows needs one in the database."""
    default = field.default
    if default is None or callable(default):
        return None
    if isinstance(default, bool):
        return str(int(default)) if dialect == "sqlite" else str(default).lower()
    if isinstance(default, int | float):
        return str(default)
    return "'" + str(field.db_value(default)).replace("'", "''") + "'"


def add_column_statements(dialect: str, fields: list[peewee.Field]) -> list[str]:
    """ALTER TABLE … ADD COLUMN for fields added to their models; a NOT NULL one takes its
    model's default for the rows already there."""
    target = DIALECTS[dialect](None)
    statements = []
    for field in fields:
        with target.bind_ctx([field.model], bind_refs=False, bind_backrefs=False):
            context = target.get_sql_context()
            column, params = context.sql(field.ddl(context)).query()
        assert not params
        default = None if field.null else default_literal(field, dialect)
        statements.append(f'ALTER TABLE "{field.model._meta.table_name}" ADD COLUMN {column}'
                          + (f" DEFAULT {default}" if default is not None else ""))
    return statements


if __name__ == "__main__":
    names = sys.argv[2:]
    added = [getattr(getattr(models, n.split(".")[0]), n.split(".")[1]) for n in names if "." in n]
    chosen = tuple(getattr(models, n) for n in names if "." not in n)
    for statement in (add_column_statements(sys.argv[1], added) if added else
                      create_statements(sys.argv[1], chosen or models.ALL_MODELS)):
        print(statement + ";")
