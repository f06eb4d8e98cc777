"""What a record's page shows: its profile as (title, text) pairs and its appointments table."""

from __future__ import annotations

from datetime import date

from app.core import dictionaries, i18n
from app.core.i18n import N_, _
from app.core.status import LABELS as STATUS_LABELS
from app.register import commissioners as cs
from app.register import people, workstations
from app.register.common import (
    COMMISSIONER_KIND_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    SERVICE_MODE_LABELS,
    TITLE_LEVEL_LABELS,
    WORKSTATION_STATUS_LABELS,
    label,
)
from app.register.related import Table


def _fields(codes) -> str:
    names = dictionaries.names("industry_field")
    return i18n.join_list((names.get(c, c) for c in codes if c), cell=True)


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def person_rows(person: people.PersonData) -> list[tuple[str, str]]:
    masked = person.id_number[:6] + "********" + person.id_number[-4:] if person.id_number else ""
    return [
        (N_("Gender"), label(GENDER_LABELS, person.gender)),
        (N_("Birth date"), i18n.format_date(person.birth_date)),
        (N_("ID number"), masked),
        (N_("Mobile"), person.mobile),
        (N_("Email"), person.email),
        (N_("Employer"), person.employer_name),
        (N_("Position"), " ".join(x for x in (person.department, person.position) if x)),
        (N_("Title"), " ".join(x for x in (label(TITLE_LEVEL_LABELS, person.title_level),
                                           person.title_name) if x)),
        (N_("Specialty"), person.specialty),
        (N_("Expertise"), person.expertise),
    ]


def commissioner_rows(commissioner_id: int) -> list[tuple[str, str]]:
    data = cs.get_commissioner(commissioner_id)
    rows = [(N_("Kind"), label(COMMISSIONER_KIND_LABELS, data.kind))]
    if data.kind == "legal_person":
        org = people.get_organization(data.organization_id)
        rows += organization_rows(org)
    else:
        person = people.get_person(data.person_id) if data.person_id else people.PersonData()
        if data.kind == "team":
            rows.append((N_("Team leader"), person.name))
            rows.append((N_("Team members"),
                         i18n.join_list((m.person_name for m in data.members), cell=True)))
        rows += person_rows(person)
    rows += [(N_("Industry fields"), _fields(data.industry_fields)),
             (N_("Service mode"), label(SERVICE_MODE_LABELS, data.service_mode)),
             (N_("Notes"), data.notes)]
    return rows


def organization_rows(org: people.OrganizationData) -> list[tuple[str, str]]:
    return [
        (N_("Credit code"), org.uscc or ""),
        (N_("Organization type"), label(ORG_TYPE_LABELS, org.org_type)),
        (N_("Industry field"), _fields([org.industry_field])),
        (N_("Street"), org.street_name),
        (N_("Address"), org.address),
        (N_("Contact"), org.contact_name),
        (N_("Contact phone"), org.contact_phone),
        (N_("High-tech enterprise"), _yes(org.high_tech)),
        (N_("Tech-based SME"), _yes(org.tech_sme)),
        (N_("Notes"), org.notes),
    ]


def workstation_rows(station: workstations.WorkstationData) -> list[tuple[str, str]]:
    return [
        (N_("Level"), label(LEVEL_LABELS, station.level)),
        (N_("Status"), label(WORKSTATION_STATUS_LABELS, station.status)),
        (N_("Host organization"), station.host_name),
        (N_("Head"), station.head_name),
        (N_("Street"), station.street_name),
        (N_("Address"), station.address),
        (N_("Established on"), i18n.format_date(station.established_on)),
        (N_("Recognized on"), i18n.format_date(station.recognized_on)),
        (N_("Document number"), station.doc_number),
        (N_("Notes"), station.notes),
    ]


def residents_table(station: workstations.WorkstationData) -> Table:
    return Table((N_("Commissioner"), N_("From"), N_("To")),
                 tuple((r.commissioner_name, i18n.format_date(r.from_date),
                        i18n.format_date(r.to_date)) for r in station.residents),
                 tuple(("commissioner", r.commissioner_id) for r in station.residents))


def appointments_table(commissioner_id: int, today: date | None = None) -> Table:
    held = cs.appointments_of(commissioner_id, today)
    return Table(
        (N_("Level"), N_("Year"), N_("Document number"), N_("Term"), N_("Status"),
         N_("Served objects"), N_("Service streets")),
        tuple((label(LEVEL_LABELS, a.level), str(a.year), a.doc_number,
               f"{i18n.format_date(a.term_start)} – {i18n.format_date(a.term_end)}",
               label(STATUS_LABELS, a.derived_status),
               i18n.join_list((s.organization_name for s in a.served), cell=True),
               i18n.join_list(a.street_names, cell=True))
              for a in held),
        tuple(("appointment", a.id) for a in held))
