"""Emptying the recycle bin: a record deleted for good, with the deleted rows that hang on it.

Only what is in the recycle bin can be purged, and only when no live record still points at it.
The purge is logged column by column (``db.changelog``), so even it can be undone as one batch.
"""

from __future__ import annotations

import peewee

from app.core import changes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.core.labels import TABLE_LABELS
from app.register.common import ENTITY_MODELS
from db import changelog, models


def _referrers(record) -> list[tuple[type[models.EditableModel], peewee.ForeignKeyField]]:
    target = type(record)
    return [(model, field) for model in models.EDITABLE_MODELS
            for field in model._meta.sorted_fields
            if isinstance(field, peewee.ForeignKeyField) and field.rel_model is target]


def _purge_tree(record) -> None:
    for model, field in _referrers(record):
        for row in model.select().where(field == record.id):
            if row.deleted_at is None:
                raise UserError(_("It is still used by a {what}; it cannot be deleted for good.")
                                .format(what=_(TABLE_LABELS[model._meta.table_name])))
            _purge_tree(row)
    a = models.Attachment
    for row in a.select().where((a.owner_table == record._meta.table_name)
                                & (a.owner_uuid == record.uuid)):
        row.delete_instance()
    record.delete_instance()


def purge(entity: str, record_id: int) -> Changes:
    """Delete a record in the recycle bin for good (one batch; Edit → Undo brings it back)."""
    model = ENTITY_MODELS[entity]
    with changelog.batch(_("Delete for good: {what}").format(
            what=_(TABLE_LABELS[model._meta.table_name]))):
        record = model.get_or_none(model.id == record_id)
        if record is None or record.deleted_at is None:
            raise UserError(_("Only records in the recycle bin can be deleted for good."))
        _purge_tree(record)
        return changes.made(entity, record_id)
