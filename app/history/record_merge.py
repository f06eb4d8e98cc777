"""Merging two records that are one: the officer picks each field, every linked record moves to
the kept one, and the other goes to the recycle bin — all in one undoable ``merge`` batch.

Links are every foreign key pointing at the record (appointments, team memberships, claims,
attendance, service logs, workstation roles, served objects, demands…) and the attachments owned
by it. A unique field taken from the dropped record (ID number, credit code) is cleared there
first, so the kept record can hold it.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from app.core import changes, i18n
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.core.labels import TABLE_LABELS
from app.history.undo import FIELD_LABELS
from app.register.common import ENTITY_LABELS, display_name
from db import changelog, models

MERGEABLE = {"person": models.Person, "organization": models.Organization,
             "commissioner": models.Commissioner}
_SKIPPED = frozenset({"deleted_at", "name_pinyin", "name_initials", "walk_in"})


@dataclass(frozen=True)
class FieldChoice:
    field: str
    label: str
    kept: str  # the value as shown
    other: str

    @property
    def differs(self) -> bool:
        return self.kept != self.other


@dataclass(frozen=True)
class MergePreview:
    entity: str
    kept_id: int
    other_id: int
    kept_name: str
    other_name: str
    fields: tuple[FieldChoice, ...]
    links: tuple[tuple[str, int], ...]  # (what, how many) of the other record, to be moved


def _fields(model) -> list[peewee.Field]:
    return [f for f in changelog.logged_fields(model) if f.name not in _SKIPPED]


def _links(entity: str) -> list[tuple[type[models.EditableModel], peewee.ForeignKeyField]]:
    """Every foreign key of an editable table that points at this entity's table."""
    target = MERGEABLE[entity]
    return [(model, field) for model in models.EDITABLE_MODELS
            for field in model._meta.sorted_fields
            if isinstance(field, peewee.ForeignKeyField) and field.rel_model is target]


def _name(entity: str, record) -> str:
    return display_name(record) if entity == "commissioner" else record.name


def _shown(record, field: peewee.Field) -> str:
    value = getattr(record, field.name)
    if value is None or value == "":
        return ""
    if isinstance(value, models.Commissioner):
        return display_name(value)
    if isinstance(value, peewee.Model):
        return getattr(value, "name", "") or str(value.id)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.field_type == "DATE":
        return i18n.format_date(value)
    return str(value)


def _pair(entity: str, kept_id: int, other_id: int):
    if entity not in MERGEABLE:
        raise UserError(_("These records cannot be merged."))
    if kept_id == other_id:
        raise UserError(_("Choose two different records."))
    model = MERGEABLE[entity]
    pair = [model.get_or_none((model.id == i) & model.deleted_at.is_null())
            for i in (kept_id, other_id)]
    if None in pair:
        raise UserError(_("The chosen record no longer exists."))
    if entity == "commissioner" and pair[0].kind != pair[1].kind:
        raise UserError(_("Only commissioners of the same kind can be merged."))
    return pair


def preview(entity: str, kept_id: int, other_id: int) -> MergePreview:
    kept, other = _pair(entity, kept_id, other_id)
    fields = tuple(FieldChoice(f.name, _(FIELD_LABELS.get(f.name, f.name)), _shown(kept, f),
                               _shown(other, f)) for f in _fields(type(kept)))
    links = []
    for model, field in _links(entity):
        count = model.live().where(field == other.id).count()
        if count:
            links.append((_(TABLE_LABELS[model._meta.table_name]), count))
    a = models.Attachment
    files = a.live().where((a.owner_table == kept._meta.table_name)
                           & (a.owner_uuid == other.uuid)).count()
    if files:
        links.append((_(TABLE_LABELS["attachment"]), files))
    return MergePreview(entity, kept_id, other_id, _name(entity, kept), _name(entity, other),
                        fields, tuple(links))


def merge(entity: str, kept_id: int, other_id: int, take_other: set[str] | frozenset = frozenset()
          ) -> Changes:
    """Merge ``other`` into ``kept``: the fields named in ``take_other`` take the other record's
    value, every link moves to ``kept``, ``other`` goes to the recycle bin. The detail is how
    many linked records moved."""
    with changelog.batch("", kind="merge"):
        kept, other = _pair(entity, kept_id, other_id)
        names = {f.name for f in _fields(type(kept))}
        unknown = set(take_other) - names
        if unknown:
            raise UserError(_("Unknown field: {name}").format(
                name=i18n.join_list(sorted(unknown))))
        changelog.relabel(_("Merge {other} into {kept}").format(other=_name(entity, other),
                                                                kept=_name(entity, kept)))
        moved = _merge_into(entity, kept, other, take_other)
        if entity == "person":
            # The two people's individual commissioners are one commissioner now.
            c = models.Commissioner
            own = list(c.live().where((c.kind == "individual") & (c.person == kept.id))
                       .order_by(c.id))
            for double in own[1:]:
                moved += _merge_into("commissioner", own[0], double, frozenset())
        return changes.made(entity, kept.id, detail=moved)


def _merge_into(entity: str, kept, other, take_other) -> int:
    """Move every link of ``other`` to ``kept``, take the fields named, put ``other`` in the
    recycle bin; the number of links moved."""
    moved = 0
    taken = {name: getattr(other, name + "_id" if isinstance(
        type(other)._meta.fields[name], peewee.ForeignKeyField) else name)
        for name in take_other}
    for name, field in type(other)._meta.fields.items():
        if name in taken and field.unique:
            setattr(other, name, None)
    other.save()
    for model, field in _links(entity):
        for row in model.live().where(field == other.id):
            setattr(row, field.name, kept.id)
            row.save()
            moved += 1
    a = models.Attachment
    for row in a.live().where((a.owner_table == other._meta.table_name)
                              & (a.owner_uuid == other.uuid)):
        row.owner_uuid = kept.uuid
        row.save()
        moved += 1
    for name, value in taken.items():
        field = type(kept)._meta.fields[name]
        setattr(kept, field.name if not isinstance(field, peewee.ForeignKeyField)
                else name + "_id", value)
    kept.save()
    other.soft_delete()
    return moved


def entity_label(entity: str) -> str:
    return _(ENTITY_LABELS[entity])
