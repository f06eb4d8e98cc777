"""Events, service logs and new selections of a period, read into frozen dataclasses."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from app.activities import attachments
from app.activities.events import has_attended, is_invited
from app.activities.service_logs import COUNTERS
from app.core import clock, validation
from app.core.errors import UserError
from app.core.i18n import _, join_list
from app.demands import stats as demand_stats
from app.demands.stats import DemandStatistics
from app.reports.register_data import commissioner_facts
from app.reports.request import Period
from db.models import (
    Appointment,
    Commissioner,
    Event,
    Organization,
    Outcome,
    OutcomeParty,
    Participant,
    Person,
    ServiceLog,
    Workstation,
)


def find(model, key: str | int, field_name: str):
    """A live record by database id or uuid, or a UserError on ``field_name``."""
    key = str(key).strip()
    record_id = validation.record_id(key)
    condition = model.id == record_id if record_id is not None else model.uuid == key
    record = model.get_or_none(condition & model.deleted_at.is_null())
    if record is None:
        raise UserError(_("No record {key} found.").format(key=key), field_name)
    return record


# Participants and outcomes of events -----------------------------------------------------------


@dataclass(frozen=True)
class ParticipantLine:
    name: str
    organization: str
    position: str
    role: str
    status: str
    walk_in: bool
    checked_in_at: datetime | None
    who: str  # commissioner, person or organization


@dataclass(frozen=True)
class OutcomeLine:
    kind: str
    parties: str
    description: str
    signed_on: date | None


def participants(event_ids: list[int]) -> dict[int, list[ParticipantLine]]:
    rows = list(Participant.select().where(Participant.deleted_at.is_null()
                                           & Participant.event.in_(event_ids))
                .order_by(Participant.walk_in, Participant.id))
    facts = commissioner_facts({p.commissioner_id for p in rows if p.commissioner_id})
    people = {p.id: p for p in Person.select().where(
        Person.id.in_([p.person_id for p in rows if p.person_id]))}
    orgs = dict(Organization.select(Organization.id, Organization.name).where(Organization.id.in_(
        [p.organization_id for p in rows if p.organization_id]
        + [p.employer_id for p in people.values() if p.employer_id])).tuples())
    found = defaultdict(list)
    for p in rows:
        if p.commissioner_id in facts:
            f = facts[p.commissioner_id]
            name, org, position, who = f.name, f.sending_unit, f.title, "commissioner"
        elif p.person_id in people:
            person = people[p.person_id]
            name, org, who = person.name, orgs.get(person.employer_id, ""), "person"
            position = person.position or person.title_name
        else:
            name, org, position, who = "", orgs.get(p.organization_id, ""), "", "organization"
        found[p.event_id].append(ParticipantLine(name, org, position, p.role, p.status, p.walk_in,
                                                 clock.to_local(p.checked_in_at), who))
    return found


def outcomes(event_ids: list[int]) -> dict[int, list[OutcomeLine]]:
    rows = list(Outcome.select().where(Outcome.deleted_at.is_null() & Outcome.event.in_(event_ids))
                .order_by(Outcome.kind, Outcome.id))
    parties = defaultdict(list)
    party_rows = list(OutcomeParty.select().where(
        OutcomeParty.deleted_at.is_null() & OutcomeParty.outcome.in_([o.id for o in rows])))
    facts = commissioner_facts({p.commissioner_id for p in party_rows if p.commissioner_id})
    orgs = dict(Organization.select(Organization.id, Organization.name).where(
        Organization.id.in_([p.organization_id for p in party_rows if p.organization_id])).tuples())
    for p in party_rows:
        name = facts[p.commissioner_id].name if p.commissioner_id in facts else orgs.get(
            p.organization_id, "")
        parties[p.outcome_id].append(name)
    found = defaultdict(list)
    for o in rows:
        found[o.event_id].append(OutcomeLine(o.kind, join_list(parties[o.id], cell=True), o.description,
                                             o.signed_on))
    return found


# One event -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventData:
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    organizer: str
    summary: str
    participants: tuple[ParticipantLine, ...]
    outcomes: tuple[OutcomeLine, ...]
    photos: tuple[str, ...] = ()  # image files, shown scaled


def event(key: str | int) -> EventData:
    record = find(Event, key, "event")
    stored = (attachments.stored_path(a.content_hash)
              for a in attachments.attachments_of("event", record.uuid) if a.is_image)
    photos = tuple(str(path) for path in stored if path.is_file())
    return EventData(record.kind, record.title, clock.to_local(record.starts_at),
                     clock.to_local(record.ends_at), record.place, record.organizer, record.summary,
                     tuple(participants([record.id])[record.id]),
                     tuple(outcomes([record.id])[record.id]), photos)


# The activity report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventLine:
    kind: str
    title: str
    starts_at: datetime
    place: str
    attended: Counter  # who → how many attended (commissioner, person, organization)
    invited: int
    outcomes: Counter  # outcome kind → count


# The one rule of every report's service figures: verified logs count, pending ones are said
# apart, returned ones are left out.
COUNTED = "approved"


def service_logs(condition) -> tuple[list[ServiceLog], int]:
    """The counted service logs matching ``condition``, and how many more await verification."""
    rows = list(ServiceLog.select().where(
        ServiceLog.deleted_at.is_null() & ServiceLog.verification.in_((COUNTED, "pending"))
        & condition))
    counted = [log for log in rows if log.verification == COUNTED]
    return counted, len(rows) - len(counted)


@dataclass(frozen=True)
class ServiceTotals:
    logs: int = 0
    pending: int = 0  # not counted: awaiting verification
    days: Decimal = Decimal(0)
    output_value: Decimal = Decimal(0)
    counters: dict[str, int] = field(default_factory=dict)
    days_by_month: tuple[tuple[int, int, Decimal], ...] = ()  # (year, month, days)


@dataclass(frozen=True)
class ActivitiesData:
    period: Period
    summary: str
    new_appointments: Counter  # (level, kind) → count
    new_workstations: Counter  # level → count
    new_workstation_names: tuple[str, ...]
    service: ServiceTotals
    demands: DemandStatistics
    events: tuple[EventLine, ...]
    outcomes: Counter  # outcome kind → count, of the period's events


def _new_appointments(period: Period) -> Counter:
    rows = (Appointment.select(Appointment.level, Commissioner.kind).join(Commissioner)
            .where(Appointment.deleted_at.is_null() & Commissioner.deleted_at.is_null()
                   & (Appointment.status != "recommended")
                   & Appointment.term_start.between(period.start, period.end)).tuples())
    return Counter(rows)


def _service(period: Period) -> ServiceTotals:
    logs, pending = service_logs(ServiceLog.date.between(period.start, period.end))
    months = defaultdict(Decimal)
    for log in logs:
        months[log.date.year, log.date.month] += log.days or 0
    first = period.start.year * 12 + period.start.month - 1
    last = period.end.year * 12 + period.end.month - 1
    return ServiceTotals(
        logs=len(logs), pending=pending, days=sum((log.days or Decimal(0) for log in logs), Decimal(0)),
        output_value=sum((log.output_value or Decimal(0) for log in logs), Decimal(0)),
        counters={name: sum(getattr(log, name) for log in logs) for name in COUNTERS},
        days_by_month=tuple((m // 12, m % 12 + 1, months[m // 12, m % 12 + 1])
                            for m in range(first, last + 1)))


def activities(period: Period, summary: str = "", today: date | None = None) -> ActivitiesData:
    events = list(Event.select().where(
        Event.deleted_at.is_null() & (Event.starts_at >= clock.utc_midnight(period.start))
        & (Event.starts_at < clock.utc_midnight(period.end + timedelta(days=1))))
        .order_by(Event.starts_at))
    ids = [e.id for e in events]
    people, results = participants(ids), outcomes(ids)
    lines = tuple(EventLine(
        e.kind, e.title, clock.to_local(e.starts_at), e.place,
        Counter(p.who for p in people[e.id] if has_attended(p.role, p.status)),
        sum(is_invited(p.role, p.walk_in) for p in people[e.id]),
        Counter(o.kind for o in results[e.id]))
        for e in events)
    stations = list(Workstation.select(Workstation.name, Workstation.level).where(
        Workstation.deleted_at.is_null()
        & Workstation.recognized_on.between(period.start, period.end)).tuples())
    return ActivitiesData(
        period=period, summary=summary, new_appointments=_new_appointments(period),
        new_workstations=Counter(level for _n, level in stations),
        new_workstation_names=tuple(name for name, _l in stations),
        service=_service(period),
        demands=demand_stats.statistics(period.start, period.end,
                                        today=min(period.end, today or date.today())),
        events=lines, outcomes=sum((line.outcomes for line in lines), Counter()))


def event_choices(limit: int = 500) -> list[tuple[int, date, str]]:
    """The latest events as (id, local date, title), for picking the event of a sign-in sheet."""
    return [(e.id, clock.to_local(e.starts_at).date(), e.title) for e in Event.select(
        Event.id, Event.starts_at, Event.title).where(Event.deleted_at.is_null())
        .order_by(Event.starts_at.desc()).limit(limit)]
