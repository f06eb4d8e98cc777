"""Commissioner workstations (科技特派员工作站) and their resident commissioners."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.core import changes, validation
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.register.commissioners import display_name
from app.register.common import choice, live, sync_children
from db import changelog, models


@dataclass(frozen=True)
class ResidentData:
    commissioner_id: int
    from_date: date | None = None
    to_date: date | None = None
    commissioner_name: str = ""


@dataclass(frozen=True)
class WorkstationData:
    name: str = ""
    level: str = "municipal"
    host_id: int | None = None
    street_id: int | None = None
    address: str = ""
    established_on: date | None = None
    recognized_on: date | None = None
    doc_number: str = ""
    head_id: int | None = None
    status: str = "planning"
    notes: str = ""
    residents: tuple[ResidentData, ...] = ()
    id: int | None = None
    uuid: str = ""
    host_name: str = ""
    head_name: str = ""
    street_name: str = ""


_STORED = ("name", "level", "host_id", "street_id", "address", "established_on", "recognized_on",
           "doc_number", "head_id", "status", "notes")


def clean_workstation(data: WorkstationData) -> WorkstationData:
    data = check_workstation(data)
    live(models.Organization, data.host_id, "host_id")
    live(models.Person, data.head_id, "head_id")
    street = live(models.Dictionary, data.street_id, "street_id")
    if street is not None and street.kind != "street":
        raise UserError(_("Please choose a value."), "street_id")
    ids = [r.commissioner_id for r in data.residents]
    if len(set(ids)) != len(ids):
        raise UserError(_("A commissioner is listed twice."), "residents")
    for resident in data.residents:
        live(models.Commissioner, resident.commissioner_id, "residents")
        validation.term(resident.from_date, resident.to_date, "residents", "residents")
    return data


def check_workstation(data: WorkstationData) -> WorkstationData:
    """``clean_workstation`` but for the records it names and its residents, which the caller
    knows (a field package)."""
    name = validation.required(data.name, "name")
    choice(data.level, models.WORKSTATION_LEVELS, "level")
    choice(data.status, models.WORKSTATION_STATUSES, "status")
    validation.term(data.established_on, data.recognized_on, "established_on", "recognized_on")
    return replace(data, name=name, address=validation.trimmed(data.address),
                   doc_number=validation.trimmed(data.doc_number),
                   notes=validation.trimmed(data.notes))


def save_workstation(data: WorkstationData) -> Changes:
    data = clean_workstation(data)
    with changelog.batch(_("Save workstation {name}").format(name=data.name)):
        record = (models.Workstation() if data.id is None
                  else live(models.Workstation, data.id, "name"))
        for name in _STORED:
            setattr(record, name, getattr(data, name))
        record.save()
        sync_children(models.WorkstationMember, "workstation", record.id,
                      [{"commissioner": r.commissioner_id, "from_date": r.from_date,
                        "to_date": r.to_date} for r in data.residents], "commissioner")
        return changes.made("workstation", record.id, created=data.id is None)


def get_workstation(workstation_id: int) -> WorkstationData:
    record = models.Workstation.get_by_id(workstation_id)
    wm = models.WorkstationMember
    residents = tuple(
        ResidentData(m.commissioner_id, m.from_date, m.to_date, display_name(m.commissioner))
        for m in wm.live().where(wm.workstation == record.id).order_by(wm.from_date, wm.id)
    )
    return WorkstationData(
        **{n: getattr(record, n) for n in _STORED}, residents=residents, id=record.id,
        uuid=record.uuid, host_name=record.host.name if record.host_id else "",
        head_name=record.head.name if record.head_id else "",
        street_name=record.street.name if record.street_id else "",
    )
