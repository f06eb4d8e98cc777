"""The register's data of the roster and workstation roster, read into frozen dataclasses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from app.core import dictionaries
from app.core.clock import utc_midnight
from app.core.i18n import _, join_list
from app.core.status import in_force, status_changes, statuses_then
from app.reports.request import Period
from db.models import (
    COMMISSIONER_KINDS,
    LEVELS,
    Appointment,
    Commissioner,
    Dictionary,
    Organization,
    Person,
    ServedObject,
    ServiceStreet,
    TeamMember,
    Workstation,
    WorkstationMember,
    pinyin_keys,
)


@dataclass(frozen=True)
class RosterLine:
    commissioner_id: int
    level: str
    kind: str
    name: str
    gender: str | None
    birth_date: date | None
    id_number: str | None
    sending_unit: str
    title: str
    fields: str
    served: str
    streets: str
    term_start: date | None
    term_end: date | None
    phone: str
    new: bool = False
    people: str = ""  # a team's leader and members, a legal person's contact


@dataclass(frozen=True)
class EndedLine:
    level: str
    kind: str
    name: str
    term_start: date | None
    term_end: date | None
    status: str  # expired, withdrawn or terminated
    notes: str


@dataclass(frozen=True)
class RosterData:
    period: Period
    level: str | None
    lines: tuple[RosterLine, ...]
    ended: tuple[EndedLine, ...]
    full_id: bool = False


@dataclass(frozen=True)
class CommissionerFacts:
    """Who a commissioner is, whatever its kind (for a team: its leader)."""

    name: str
    person_id: int | None
    gender: str | None
    birth_date: date | None
    id_number: str | None
    sending_unit: str
    title: str
    phone: str
    fields: str


def field_names(codes: str, names: dict[str, str]) -> str:
    return join_list((names.get(code, code) for code in codes.split(",") if code), cell=True)


def commissioner_facts(ids: set[int] | None = None) -> dict[int, CommissionerFacts]:
    """Facts of the live commissioners (or of ``ids``), by commissioner id."""
    query = Commissioner.select().where(Commissioner.deleted_at.is_null())
    if ids is not None:
        query = query.where(Commissioner.id.in_(list(ids)))
    commissioners = list(query)
    leaders = dict(TeamMember.select(TeamMember.commissioner, TeamMember.person)
                   .where(TeamMember.deleted_at.is_null() & (TeamMember.role == "leader")).tuples())
    person_ids = {c.person_id for c in commissioners} | set(leaders.values())
    people = {p.id: p for p in Person.select().where(Person.id.in_(list(person_ids - {None})))}
    org_ids = {c.organization_id for c in commissioners} | {p.employer_id for p in people.values()}
    orgs = {o.id: o for o in Organization.select().where(Organization.id.in_(list(org_ids - {None})))}
    fields = dictionaries.names("industry_field")
    facts = {}
    for c in commissioners:
        person = people.get(c.person_id if c.kind == "individual" else leaders.get(c.id))
        employer = orgs.get(person.employer_id) if person else None
        if c.kind == "legal_person":
            org = orgs.get(c.organization_id)
            name, unit, phone = (org.name, org.name, org.contact_phone) if org else ("", "", "")
        else:
            name = c.team_name if c.kind == "team" else person.name if person else ""
            unit, phone = (employer.name if employer else ""), (person.mobile if person else "")
        individual = c.kind == "individual" and person is not None
        facts[c.id] = CommissionerFacts(
            name=name or "", person_id=person.id if person else None,
            gender=person.gender if individual else None,
            birth_date=person.birth_date if individual else None,
            id_number=person.id_number if individual else None,
            sending_unit=unit, title=(person.title_name if person else "") or "",
            phone=phone or "",
            fields=field_names(c.industry_fields, fields) or (person.specialty if person else ""))
    return facts


def _served_and_streets(appointment_ids: list[int]) -> tuple[dict, dict]:
    served, streets = defaultdict(list), defaultdict(list)
    for appointment, name in (ServedObject.select(ServedObject.appointment, Organization.name)
                              .join(Organization)
                              .where(ServedObject.deleted_at.is_null()
                                     & ServedObject.appointment.in_(appointment_ids)).tuples()):
        served[appointment].append(name)
    for appointment, name in (ServiceStreet.select(ServiceStreet.appointment, Dictionary.name)
                              .join(Dictionary)
                              .where(ServiceStreet.deleted_at.is_null()
                                     & ServiceStreet.appointment.in_(appointment_ids))
                              .order_by(Dictionary.sort_order).tuples()):
        streets[appointment].append(name)
    return served, streets


def people_of(commissioner_ids: set[int]) -> dict[int, str]:
    """Who stands behind a team (its leader, then its members) or a legal person (its contact),
    by commissioner id."""
    found: dict[int, str] = {}
    members = defaultdict(list)
    for commissioner, role, name in (
            TeamMember.select(TeamMember.commissioner, TeamMember.role, Person.name).join(Person)
            .where(TeamMember.deleted_at.is_null()
                   & TeamMember.commissioner.in_(list(commissioner_ids)))
            .order_by(TeamMember.role, TeamMember.id).tuples()):  # the leader first
        members[commissioner].append((role, name))
    for commissioner, people in members.items():
        leaders = [name for role, name in people if role == "leader"]
        others = [name for role, name in people if role != "leader"]
        found[commissioner] = _("; ").join(filter(None, (
            leaders and _("Leader: {names}").format(names=join_list(leaders, cell=True)),
            others and _("Members: {names}").format(names=join_list(others, cell=True)))))
    for commissioner, contact in (
            Commissioner.select(Commissioner.id, Organization.contact_name).join(
                Organization, on=(Commissioner.organization == Organization.id))
            .where(Commissioner.id.in_(list(commissioner_ids))
                   & (Organization.contact_name != "")).tuples()):
        found[commissioner] = _("Contact: {name}").format(name=contact)
    return found


def _order(level: str, kind: str, name: str) -> tuple:
    return LEVELS.index(level), COMMISSIONER_KINDS.index(kind), pinyin_keys(name)[0]


def roster(period: Period, level: str | None = None, full_id: bool = False) -> RosterData:
    """Appointments that run on past the period's end, and those that ended during it (a term
    ending on its last day ends in it), as the register stood at the end of the period: a status
    changed since (a withdrawal after the quarter) counts with the value it had then."""
    live = Appointment.deleted_at.is_null()
    if level:
        live &= Appointment.level == level
    [then] = statuses_then(period.end)
    exits = {uuid for uuid, _old, new, _at in status_changes(
        utc_midnight(period.start), utc_midnight(period.end + timedelta(days=1)))
        if new in ("withdrawn", "terminated")}

    def status(a: Appointment) -> str:
        return then.get(a.uuid, a.status)

    runs_on = Appointment.term_end.is_null() | (Appointment.term_end > period.end)
    current = list(Appointment.select().where(in_force(period.end, then) & runs_on & live))
    changed = Appointment.uuid.in_(list(then))
    ran_out = Appointment.term_end.between(period.start, period.end)
    ended = [a for a in Appointment.select().where(live & (
        (ran_out & ((Appointment.status == "active") | changed)) | Appointment.uuid.in_(list(exits))))
        if (status(a) in ("withdrawn", "terminated") and a.uuid in exits)
        or (status(a) == "active" and period.contains(a.term_end))]
    appointments = current + ended
    facts = commissioner_facts({a.commissioner_id for a in appointments})
    served, streets = _served_and_streets([a.id for a in current])
    kinds = {c: k for c, k in Commissioner.select(Commissioner.id, Commissioner.kind).where(
        Commissioner.id.in_(list(facts))).tuples()}
    behind = people_of({c for c, k in kinds.items() if k != "individual"})
    lines = []
    for a in current:
        f = facts.get(a.commissioner_id)
        if f is None:  # its commissioner is in the recycle bin
            continue
        lines.append(RosterLine(
            commissioner_id=a.commissioner_id, level=a.level, kind=kinds[a.commissioner_id],
            name=f.name, gender=f.gender,
            birth_date=f.birth_date, id_number=f.id_number, sending_unit=f.sending_unit,
            title=f.title, fields=f.fields, served=join_list(served[a.id], cell=True),
            streets=join_list(streets[a.id], cell=True), term_start=a.term_start, term_end=a.term_end,
            phone=f.phone, new=period.contains(a.term_start),
            people=behind.get(a.commissioner_id, "")))
    lines.sort(key=lambda line: _order(line.level, line.kind, line.name))
    ended_lines = sorted(
        (EndedLine(a.level, kinds[a.commissioner_id], facts[a.commissioner_id].name,
                   a.term_start, a.term_end, "expired" if status(a) == "active" else status(a),
                   a.notes)
         for a in ended if a.commissioner_id in facts),
        key=lambda line: _order(line.level, line.kind, line.name))
    return RosterData(period, level, tuple(lines), tuple(ended_lines), full_id)


# Workstations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkstationLine:
    name: str
    level: str
    host: str
    address: str
    head: str
    residents: str
    recognized_on: date | None
    doc_number: str
    status: str
    new: bool = False


@dataclass(frozen=True)
class WorkstationRosterData:
    period: Period
    lines: tuple[WorkstationLine, ...]


def workstations(period: Period) -> WorkstationRosterData:
    """Workstations set up by the period's end, with their status and the commissioners resident
    on that day."""
    day = period.end
    [then] = statuses_then(day, table="workstation")
    stations = list(Workstation.select().where(
        Workstation.deleted_at.is_null()
        & (Workstation.established_on.is_null() | (Workstation.established_on <= day))
    ).order_by(Workstation.level.desc(), Workstation.recognized_on, Workstation.name))
    members = defaultdict(list)
    for station, commissioner in (WorkstationMember.select(WorkstationMember.workstation,
                                                           WorkstationMember.commissioner)
                                  .where(WorkstationMember.deleted_at.is_null()
                                         & (WorkstationMember.from_date.is_null()
                                            | (WorkstationMember.from_date <= day))
                                         & (WorkstationMember.to_date.is_null()
                                            | (WorkstationMember.to_date >= day))).tuples()):
        members[station].append(commissioner)
    facts = commissioner_facts({c for ids in members.values() for c in ids})
    hosts = {o.id: o for o in Organization.select().where(
        Organization.id.in_([s.host_id for s in stations if s.host_id]))}
    heads = dict(Person.select(Person.id, Person.name).where(
        Person.id.in_([s.head_id for s in stations if s.head_id])).tuples())
    lines = tuple(WorkstationLine(
        name=s.name, level=s.level, host=hosts[s.host_id].name if s.host_id in hosts else "",
        address=s.address or (hosts[s.host_id].address if s.host_id in hosts else ""),
        head=heads.get(s.head_id, ""),
        residents=join_list((facts[c].name for c in members[s.id] if c in facts), cell=True),
        recognized_on=s.recognized_on, doc_number=s.doc_number, status=then.get(s.uuid, s.status),
        new=period.contains(s.recognized_on)) for s in stations)
    return WorkstationRosterData(period, lines)
