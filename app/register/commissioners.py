"""Commissioners of the three kinds and their appointments.

An individual is one person (``Commissioner.person``). A team has a name and members with roles
and dates, one of them the ``leader``. A legal person is an organization.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from app.core import changes, settings, validation
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.core.status import derived_status
from app.register import duplicates
from app.register.common import choice, display_name, live, sync_children
from db import changelog, models


@dataclass(frozen=True)
class MemberData:
    person_id: int
    role: str = "member"
    joined_on: date | None = None
    left_on: date | None = None
    person_name: str = ""


@dataclass(frozen=True)
class CommissionerData:
    kind: str = "individual"
    person_id: int | None = None  # the individual, or the team's leader
    team_name: str | None = None
    organization_id: int | None = None  # the legal person
    industry_fields: tuple[str, ...] = ()
    service_mode: str | None = None
    notes: str = ""
    members: tuple[MemberData, ...] = ()  # a team's members besides the leader
    id: int | None = None
    uuid: str = ""
    name: str = ""


@dataclass(frozen=True)
class ServedData:
    organization_id: int
    agreement_date: date | None = None
    organization_name: str = ""


@dataclass(frozen=True)
class AppointmentData:
    commissioner_id: int | None = None
    level: str = "municipal"
    year: int | None = None
    batch: str = ""
    doc_number: str = ""
    term_start: date | None = None
    term_end: date | None = None
    status: str = "active"
    notes: str = ""
    served: tuple[ServedData, ...] = ()
    street_ids: tuple[int, ...] = ()
    id: int | None = None
    uuid: str = ""
    derived_status: str = ""
    street_names: tuple[str, ...] = ()


def clean_commissioner(data: CommissionerData) -> CommissionerData:
    choice(data.kind, models.COMMISSIONER_KINDS, "kind")
    choice(data.service_mode, models.SERVICE_MODES, "service_mode", required=False)
    if data.kind == "legal_person":
        if data.organization_id is None:
            raise UserError(_("Choose the organization."), "organization")
        live(models.Organization, data.organization_id, "organization")
        data = replace(data, person_id=None, team_name=None, members=())
    else:
        if data.person_id is None:
            field = "leader" if data.kind == "team" else "person"
            raise UserError(_("Choose the person."), field)
        live(models.Person, data.person_id, "person")
        data = replace(data, organization_id=None)
    if data.kind == "team":
        data = replace(data, team_name=validation.required(data.team_name, "team_name"))
        seen = {data.person_id}
        for member in data.members:
            live(models.Person, member.person_id, "members")
            if member.person_id in seen:
                raise UserError(_("A person is listed twice in the team."), "members")
            seen.add(member.person_id)
            validation.term(member.joined_on, member.left_on, "members", "members")
    else:
        data = replace(data, team_name=None, members=())
    return replace(data, notes=validation.trimmed(data.notes),
                   industry_fields=tuple(f for f in data.industry_fields if f))


def _commissioner_duplicates(data: CommissionerData) -> list[duplicates.Duplicate]:
    c = models.Commissioner
    others = c.live().where((c.id != (data.id or 0)) & (c.kind == data.kind))
    if data.kind == "individual":
        rows = others.where(c.person == data.person_id)
        return [duplicates.Duplicate("commissioner", r.id, display_name(r), "person", False)
                for r in rows]
    if data.kind == "legal_person":
        rows = others.where(c.organization == data.organization_id)
        return [duplicates.Duplicate("commissioner", r.id, display_name(r), "organization", False)
                for r in rows]
    rows = others.where(c.team_name == data.team_name)
    return [duplicates.Duplicate("commissioner", r.id, display_name(r), "name", False)
            for r in rows]


def save_commissioner(data: CommissionerData, allow_similar: bool = False) -> Changes:
    data = clean_commissioner(data)
    with changelog.batch(""):
        duplicates.check(_commissioner_duplicates(data), allow_similar, "team_name")
        record = fill_commissioner(models.Commissioner() if data.id is None
                                   else live(models.Commissioner, data.id, "kind"), data)
        changelog.relabel(_("Save commissioner {name}").format(name=display_name(record)))
        record.save()
        members = []
        if data.kind == "team":
            members.append({"person": data.person_id, "role": "leader"})
            members += [{"person": m.person_id, "role": "member", "joined_on": m.joined_on,
                         "left_on": m.left_on} for m in data.members]
        sync_children(models.TeamMember, "commissioner", record.id, members, "person")
        return changes.made("commissioner", record.id, created=data.id is None)


def fill_commissioner(record: models.Commissioner, data: CommissionerData) -> models.Commissioner:
    """``record`` with the stored fields of checked ``data``, not saved."""
    record.kind = data.kind
    record.person_id = data.person_id if data.kind == "individual" else None
    record.team_name = data.team_name
    record.organization_id = data.organization_id
    record.industry_fields = ",".join(data.industry_fields)
    record.service_mode = data.service_mode
    record.notes = data.notes
    return record


def get_commissioner(commissioner_id: int) -> CommissionerData:
    record = models.Commissioner.get_by_id(commissioner_id)
    tm = models.TeamMember
    rows = list(tm.live().where(tm.commissioner == record.id).order_by(tm.id))
    leader = next((m.person_id for m in rows if m.role == "leader"), None)
    members = tuple(MemberData(m.person_id, m.role, m.joined_on, m.left_on, m.person.name)
                    for m in rows if m.role == "member")
    return CommissionerData(
        kind=record.kind, person_id=leader if record.kind == "team" else record.person_id,
        team_name=record.team_name, organization_id=record.organization_id,
        industry_fields=tuple(f for f in record.industry_fields.split(",") if f),
        service_mode=record.service_mode, notes=record.notes, members=members, id=record.id,
        uuid=record.uuid, name=display_name(record),
    )


# Appointments ------------------------------------------------------------------------------


USUAL_TERM_YEARS = 3


def usual_term_end(start: date | None) -> date | None:
    """The last day of a usual term that begins on ``start`` (where the calendar of an empty
    term end opens)."""
    if start is None:
        return None
    end = start.replace(year=start.year + USUAL_TERM_YEARS) if (start.month, start.day) != (
        2, 29) else date(start.year + USUAL_TERM_YEARS, 3, 1)
    return end - timedelta(days=1)


def clean_appointment(data: AppointmentData) -> AppointmentData:
    live(models.Commissioner, data.commissioner_id, "commissioner")
    if data.commissioner_id is None:
        raise UserError(_("Choose the commissioner."), "commissioner")
    data = check_appointment(data)
    for served in data.served:
        live(models.Organization, served.organization_id, "served")
    for street_id in data.street_ids:
        street = live(models.Dictionary, street_id, "streets")
        if street.kind != "street":
            raise UserError(_("Please choose a value."), "streets")
    return data


def check_appointment(data: AppointmentData) -> AppointmentData:
    """``clean_appointment`` but for the records it names (commissioner, served organizations,
    streets), which the caller knows to be live (an import that looked them up at once)."""
    choice(data.level, models.LEVELS, "level")
    choice(data.status, models.APPOINTMENT_STATUSES, "status")
    if data.year is None or not 1990 <= data.year <= 2100:
        raise UserError(_("Enter the year of selection."), "year")
    validation.term(data.term_start, data.term_end)
    organizations = [s.organization_id for s in data.served]
    if len(set(organizations)) != len(organizations):
        raise UserError(_("An organization is listed twice."), "served")
    for served in data.served:
        validation.in_range(served.agreement_date, "served")
    return replace(data, batch=validation.trimmed(data.batch),
                   doc_number=validation.trimmed(data.doc_number),
                   notes=validation.trimmed(data.notes),
                   street_ids=tuple(dict.fromkeys(data.street_ids)))


def save_appointment(data: AppointmentData) -> Changes:
    data = clean_appointment(data)
    owner = models.Commissioner.get_by_id(data.commissioner_id)
    with changelog.batch(_("Save appointment of {name}").format(name=display_name(owner))):
        record = fill_appointment(models.Appointment() if data.id is None
                                  else live(models.Appointment, data.id, "level"), data)
        record.save()
        for model, key, wanted in appointment_children(data):
            sync_children(model, "appointment", record.id, wanted, key)
        return changes.made("appointment", record.id, created=data.id is None)


def fill_appointment(record: models.Appointment, data: AppointmentData) -> models.Appointment:
    """``record`` with the stored fields of checked ``data``, not saved."""
    for name in ("level", "year", "batch", "doc_number", "term_start", "term_end", "status",
                 "notes"):
        setattr(record, name, getattr(data, name))
    record.commissioner_id = data.commissioner_id
    return record


def appointment_children(data: AppointmentData) -> tuple[tuple[type, str, list[dict]], ...]:
    """(model, key field, wanted rows) of an appointment's served objects and streets."""
    return ((models.ServedObject, "organization",
             [{"organization": s.organization_id, "agreement_date": s.agreement_date}
              for s in data.served]),
            (models.ServiceStreet, "street", [{"street": s} for s in data.street_ids]))


def appointments_of(commissioner_id: int, today: date | None = None) -> list[AppointmentData]:
    today = today or date.today()
    days = settings.get("expiring_days")
    a, so, ss = models.Appointment, models.ServedObject, models.ServiceStreet
    result = []
    for row in a.live().where(a.commissioner == commissioner_id).order_by(a.year.desc(), a.id):
        served = tuple(ServedData(s.organization_id, s.agreement_date, s.organization.name)
                       for s in so.live().where(so.appointment == row.id).order_by(so.id))
        streets = list(ss.live().where(ss.appointment == row.id).order_by(ss.id))
        result.append(AppointmentData(
            commissioner_id=commissioner_id, level=row.level, year=row.year, batch=row.batch,
            doc_number=row.doc_number, term_start=row.term_start, term_end=row.term_end,
            status=row.status, notes=row.notes, served=served,
            street_ids=tuple(s.street_id for s in streets), id=row.id, uuid=row.uuid,
            derived_status=derived_status(row.status, row.term_end, today, days),
            street_names=tuple(s.street.name for s in streets),
        ))
    return result
