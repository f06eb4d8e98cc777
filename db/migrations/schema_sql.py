"""Print the CREATE statements of the current models for one SQL dialect.

A migration that adds tables stores this output as its ``.sql`` files, so the schema of each
version stays fixed while the models move on:

    uv run python -m db.migrations.schema_sql sqlite PackageBase ... > 0002_….sqlite.sql
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


if __name__ == "__main__":
    names = sys.argv[2:]
    chosen = tuple(getattr(models, name) for name in names) if names else models.ALL_MODELS
    for statement in create_statements(sys.argv[1], chosen):
        print(statement + ";")
