"""Make a database of one released schema version with rows in every table, for the upgrade
tests (tests/db/test_schema_versions.py). Run it with the program as it was at that release, so
that the file is what that program wrote:

    git worktree add --detach /tmp/v2 225efc3        # the last commit of schema version 2
    cd /tmp/v2 && PYTHONPATH=. uv run --project $REPO python $REPO/tests/data/fill_every_table.py \
        $REPO/tests/data/schema_v2.db

The releases: v1 706b31b, v2 225efc3, v3 25e6a6d, v4 fd8f86c (each the commit before the next
version's step was added). The rows go through that program's models inside a change-log batch, like any
write of it: two records of each table, the second edited afterwards, one soft-deleted; foreign
keys point at the records written before; every column holds a value of its type.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import peewee

from app.data import session
from db import changelog, models

# Surnames read one way only: the upgrade to version 4 leaves their pinyin keys as they are.
NAMES = {"Person": ("张伟", "李娜"),
         "Organization": ("泉州海天材料科技股份有限公司", "鸿星尔克（中国）实业有限公司")}


def value(field: peewee.Field, number: int, made: dict[type, list]):
    """A value for ``field`` of the ``number``-th record (0 or 1)."""
    if isinstance(field, peewee.ForeignKeyField):
        targets = made.get(field.rel_model) or [None]
        return targets[number % len(targets)]
    if field.choices:
        return field.choices[number % len(field.choices)][0]
    if isinstance(field, peewee.BooleanField):
        return number == 0
    if isinstance(field, peewee.IntegerField):
        return number + 1
    if isinstance(field, peewee.DateTimeField):
        return datetime(2025, 3, 1 + number, 9, 30)
    if isinstance(field, peewee.DateField):
        return date(2025, 3, 1 + number)
    if "Decimal" in type(field).__name__:
        return Decimal("12.5") + number
    if field.name == "name" and field.model.__name__ in NAMES:
        return NAMES[field.model.__name__][number]
    if field.name == "id_number":
        return f"35050219800101{1234 + number}"
    if field.name == "number":
        return f"XQ-2025-{number + 1:04d}"
    text = f"{number} {field.model.__name__}.{field.name}"
    return text[:field.max_length] if getattr(field, "max_length", None) else text


def computed(model) -> set[str]:
    """Columns the program fills itself (keys, stamps, derived search columns)."""
    return {"id", "uuid", "created_at", "updated_at", "deleted_at",
            *getattr(model, "derived_fields", ()), *getattr(model, "trigger_fields", ())}


def record(model, number: int, made: dict[type, list]):
    row = model(**{f.name: value(f, number, made) for f in model._meta.sorted_fields
                   if f.name not in computed(model)})
    row.save(force_insert=True)
    return row


def edit(row) -> None:
    """Append to the first free text column of the record."""
    for field in row._meta.sorted_fields:
        if (type(field) in (peewee.CharField, peewee.TextField) and not field.unique
                and not field.choices and field.name not in computed(type(row))):
            setattr(row, field.name, getattr(row, field.name) + "（改）")
            row.save()
            return


def main(out: Path) -> None:
    out.unlink(missing_ok=True)
    session.open_session(out)
    made: dict[type, list] = {}
    with changelog.batch("rows of every table"):
        for model in models.EDITABLE_MODELS:
            made[model] = [record(model, number, made) for number in (0, 1)]
    with changelog.batch("edits"):
        for rows in made.values():
            edit(rows[1])
        made[models.Demand][1].soft_delete()
    for model in models.ALL_MODELS:
        if model in made or model in (models.ChangeBatch, models.ChangeLog) or model.select().exists():
            continue
        for number in (0, 1):  # the tables no editable record writes (package tables, settings)
            model.insert({f: value(f, number, made) for f in model._meta.sorted_fields
                          if not isinstance(f, peewee.AutoField)}).execute()
    session.close_session()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
