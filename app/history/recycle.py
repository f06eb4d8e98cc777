"""The recycle bin: a deleted record takes its links along, and a restore brings them back.

A record and the links deleted with it share one change-log batch; restoring the record restores
every row that batch deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.core import changes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.register.common import ENTITY_LABELS, ENTITY_MODELS, display_name
from db import changelog, models

# entity → the links that go to the recycle bin with it: (model, field pointing at the parent)
_LINKS = {
    "commissioner": ((models.Appointment, "commissioner"), (models.TeamMember, "commissioner"),
                     (models.WorkstationMember, "commissioner")),
    "appointment": ((models.ServedObject, "appointment"), (models.ServiceStreet, "appointment")),
    "workstation": ((models.WorkstationMember, "workstation"),),
    "organization": (),
    "person": ((models.TeamMember, "person"),),
}


@dataclass(frozen=True)
class BinItem:
    entity: str
    id: int
    name: str
    deleted_at: datetime

    @property
    def kind_label(self) -> str:
        return _(ENTITY_LABELS[self.entity])


def _name(entity: str, record) -> str:
    if entity == "commissioner":
        return display_name(record)
    if entity == "appointment":
        return f"{display_name(record.commissioner)} {record.year}"
    return record.name


def _delete_tree(entity: str, record) -> None:
    for model, field in _LINKS[entity]:
        for child in model.live().where(getattr(model, field) == record.id):
            if model is models.Appointment:
                _delete_tree("appointment", child)
            else:
                child.soft_delete()
    record.soft_delete()


def _refuse_if_used(entity: str, record_id: int) -> None:
    c = models.Commissioner
    if entity == "person" and c.live().where((c.person == record_id)
                                             & (c.kind == "individual")).exists():
        raise UserError(_("This person is a commissioner; delete the commissioner first."))
    if entity == "organization" and c.live().where(c.organization == record_id).exists():
        raise UserError(_("This organization is a legal-person commissioner; delete the "
                          "commissioner first."))


def delete(entity: str, ids: list[int]) -> Changes:
    """Move records (and their links) to the recycle bin, all in one undoable action."""
    model = ENTITY_MODELS[entity]
    with changelog.batch(_("Delete {count} records").format(count=len(ids))):
        records = list(model.live().where(model.id.in_(ids)))
        for record in records:
            _refuse_if_used(entity, record.id)
        if len(records) == 1:
            changelog.relabel(_("Delete {name}").format(name=_name(entity, records[0])))
        for record in records:
            _delete_tree(entity, record)
        return changes.made(entity)


def _deleted_in(model, record_uuid: str) -> int | None:
    """The batch that last moved a record to the recycle bin."""
    log = models.ChangeLog
    return (log.select(log.batch).where((log.table == model._meta.table_name)
                                        & (log.record_uuid == record_uuid) & (log.op == "delete"))
            .order_by(log.id.desc()).limit(1).scalar())


def _restore_tree(entity: str, record, batch_id: int) -> None:
    record.restore()
    for model, field in _LINKS[entity]:
        for child in model.select().where((getattr(model, field) == record.id)
                                          & model.deleted_at.is_null(False)):
            if _deleted_in(model, child.uuid) != batch_id:
                continue
            if model is models.Appointment:
                _restore_tree("appointment", child, batch_id)
            else:
                child.restore()


def restore(entity: str, record_id: int) -> Changes:
    """Bring a record back with every link that was deleted together with it."""
    model = ENTITY_MODELS[entity]
    record = model.get_by_id(record_id)
    with changelog.batch(_("Restore {name}").format(name=_name(entity, record))):
        record = model.get_by_id(record_id)  # as stored now, inside the write transaction
        if record.deleted_at is not None:
            _restore_tree(entity, record, _deleted_in(model, record.uuid))
        return changes.made(entity, record_id)


def contents() -> list[BinItem]:
    """What the recycle bin holds, newest first (the links deleted with a record are not
    listed on their own)."""
    items = []
    for entity in ("person", "organization", "commissioner", "workstation"):
        model = ENTITY_MODELS[entity]
        for record in model.select().where(model.deleted_at.is_null(False)):
            items.append(BinItem(entity, record.id, _name(entity, record), record.deleted_at))
    return sorted(items, key=lambda item: item.deleted_at, reverse=True)
