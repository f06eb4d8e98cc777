"""Saved filters of a list ("named views"), shown in the list's sidebar, and bulk edits."""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.core import changes, validation
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _, ngettext
from app.register.common import ENTITY_MODELS, live
from db import changelog, models


@dataclass(frozen=True)
class SavedViewData:
    id: int
    name: str
    list_name: str
    filters: dict


def saved_views(list_name: str) -> list[SavedViewData]:
    v = models.SavedView
    return [SavedViewData(r.id, r.name, r.list_name, json.loads(r.filters))
            for r in v.live().where(v.list_name == list_name).order_by(v.name)]


def save_view(list_name: str, name: str, filters: dict) -> Changes:
    """Save (or overwrite, by name) the filters of a list under a name."""
    name = validation.required(name, "name")
    v = models.SavedView
    with changelog.batch(_("Save view {name}").format(name=name)):
        record = v.get_or_none((v.list_name == list_name) & (v.name == name)
                               & v.deleted_at.is_null())
        created = record is None
        record = record or v(list_name=list_name, name=name)
        record.filters = json.dumps(filters, ensure_ascii=False, sort_keys=True)
        record.save()
        return changes.made("saved_view", record.id, created)


def delete_view(view_id: int) -> Changes:
    record = models.SavedView.get_by_id(view_id)
    with changelog.batch(_("Delete view {name}").format(name=record.name)):
        record.soft_delete()
        return changes.made("saved_view", view_id)


# entity → fields the list may set on many records at once
BULK_FIELDS = {
    "organization": ("street", "industry_field"),
    "workstation": ("street",),
    "commissioner": ("industry_field",),
}


def bulk_set(entity: str, ids: list[int], field: str, value: str | int | None) -> Changes:
    """Set a street or an industry field on many records, as one undoable action. A
    commissioner's industry field is added to its fields."""
    if field not in BULK_FIELDS.get(entity, ()):
        raise UserError(_("This field cannot be set on many records."), field)
    if field == "street":
        street = live(models.Dictionary, value, field)
        if street is None or street.kind != "street":
            raise UserError(_("Please choose a value."), field)
    elif not models.Dictionary.live().where((models.Dictionary.kind == "industry_field")
                                            & (models.Dictionary.code == value)).exists():
        raise UserError(_("Please choose a value."), field)
    model = ENTITY_MODELS[entity]
    with changelog.batch(ngettext("Change {count} record", "Change {count} records", len(ids))
                         .format(count=len(ids))):
        for record in model.live().where(model.id.in_(ids)):
            if entity == "commissioner":
                fields = [f for f in record.industry_fields.split(",") if f]
                record.industry_fields = ",".join(dict.fromkeys([*fields, value]))
            elif field == "street":
                record.street_id = value
            else:
                record.industry_field = value
            record.save()
        return changes.made(entity)

