"""What the register's services share: results, labels of coded values, child-row syncing."""

from __future__ import annotations

import peewee

from app.core.errors import UserError
from app.core.i18n import N_, _
from app.core.status import LABELS as STATUS_LABELS
from db import models

COMMISSIONER_KIND_LABELS = {
    "individual": N_("Individual"),
    "team": N_("Team"),
    "legal_person": N_("Legal person"),
}
LEVEL_LABELS = {
    "national": N_("National"),
    "provincial": N_("Provincial"),
    "municipal": N_("Municipal"),
    "district": N_("District"),
}
GENDER_LABELS = {"male": N_("Male"), "female": N_("Female")}
TITLE_LEVEL_LABELS = {
    "senior": N_("Senior (正高)"),
    "associate_senior": N_("Associate senior (副高)"),
    "intermediate": N_("Intermediate"),
    "junior": N_("Junior"),
    "none": N_("None"),
}
SERVICE_MODE_LABELS = {
    "resident": N_("Resident"),
    "periodic": N_("Periodic"),
    "online_offline": N_("Online and offline"),
}
TEAM_ROLE_LABELS = {"leader": N_("Leader"), "member": N_("Member")}
WORKSTATION_STATUS_LABELS = {
    "planning": N_("Planning"),
    "recognized": N_("Recognized"),
    "operating": N_("Operating"),
    "rectifying": N_("Rectifying"),
    "revoked": N_("Revoked"),
}
ORG_TYPE_LABELS = {
    "enterprise": N_("Enterprise"),
    "university": N_("University"),
    "institute": N_("Research institute"),
    "cooperative": N_("Cooperative"),
    "government": N_("Government body"),
}
ENTITY_LABELS = {
    "person": N_("Person"),
    "organization": N_("Organization"),
    "commissioner": N_("Commissioner"),
    "appointment": N_("Appointment"),
    "workstation": N_("Workstation"),
}
ENTITY_MODELS: dict[str, type[models.EditableModel]] = {
    "person": models.Person,
    "organization": models.Organization,
    "commissioner": models.Commissioner,
    "appointment": models.Appointment,
    "workstation": models.Workstation,
}


def display_name(record: models.Commissioner) -> str:
    if record.kind == "team":
        return record.team_name or ""
    if record.kind == "legal_person":
        return record.organization.name if record.organization_id else ""
    return record.person.name if record.person_id else ""


def label(labels: dict[str, str], code: str | None) -> str:
    return _(labels[code]) if code in labels else (code or "")


def live(model: type[models.EditableModel], record_id: int | None, field: str):
    """The live record, or a UserError on ``field`` when it is missing or in the recycle bin."""
    if record_id is None:
        return None
    record = model.get_or_none((model.id == record_id) & model.deleted_at.is_null())
    if record is None:
        raise UserError(_("The chosen record no longer exists."), field)
    return record


def choice(value: str | None, allowed: tuple[str, ...], field: str, required: bool = True):
    if value in (None, "") and not required:
        return None
    if value not in allowed:
        raise UserError(_("Please choose a value."), field)
    return value


def sync_children(model: type[models.EditableModel], parent_field: str, parent_id: int,
                  wanted: list[dict], key: str) -> None:
    """Make the live children of one parent equal ``wanted`` (dicts keyed by ``key``): update
    the matching rows, insert the new ones and move the others to the recycle bin."""
    column = getattr(model, parent_field)
    attribute = key + "_id" if isinstance(model._meta.fields[key], peewee.ForeignKeyField) else key
    existing = {getattr(row, attribute): row for row in model.live().where(column == parent_id)}
    for values in wanted:
        row = existing.pop(values[key], None) or model(**{parent_field: parent_id})
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    for row in existing.values():
        row.soft_delete()


def appointment_status_labels() -> dict[str, str]:
    """The stored statuses of an appointment (the form's choices), with their labels."""
    return {status: STATUS_LABELS[status] for status in models.APPOINTMENT_STATUSES}


def is_live(entity: str, record_id: int) -> bool:
    """The record exists and is not in the recycle bin."""
    model = ENTITY_MODELS[entity]
    return model.live().where(model.id == record_id).exists()
