"""Events (活动): meetings, exchanges, salons, tours, trainings, roadshows and matchmaking; who was
invited and who came; and the outcomes that came of them.

Participants are commissioners, people, or organizations' representatives from the register,
invited one by one or in bulk by a filter. Check-in at the door is in ``app.activities.checkin``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN, Case, fn

from app.activities import common
from app.core import changes, clock
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _
from app.core.paging import Page
from app.core.status import in_force
from app.search.text import query_text
from db import changelog
from db.fields import utcnow
from db.models import (
    EVENT_KINDS,
    OUTCOME_KINDS,
    PARTICIPANT_ROLES,
    PARTICIPANT_STATUSES,
    Appointment,
    Commissioner,
    Demand,
    Event,
    Organization,
    Outcome,
    OutcomeParty,
    Participant,
    Person,
)

EVENT_KIND_LABELS = {
    "joint_meeting": N_("Joint meeting"),
    "exchange": N_("Achievement exchange"),
    "salon": N_("Talent salon"),
    "study_tour": N_("Study tour"),
    "training": N_("Training"),
    "roadshow": N_("Roadshow"),
    "matchmaking": N_("Industry-university-research matchmaking"),
    "other": N_("Other"),
}
STATUS_LABELS = {
    "invited": N_("Invited"),
    "registered": N_("Registered"),
    "attended": N_("Attended"),
    "absent": N_("Absent"),
}
ROLE_LABELS = {
    "attendee": N_("Attendee"),
    "speaker": N_("Speaker"),
    "organizer": N_("Organizer"),
    "guest": N_("Guest"),
}
OUTCOME_LABELS = {
    "technical_intention": N_("Technical cooperation intention"),
    "product_intention": N_("Product cooperation intention"),
    "talent_intention": N_("Talent intention"),
    "signed_project": N_("Signed project"),
}
SORTS = {"starts_at": Event.starts_at, "title": Event.title, "kind": Event.kind,
         "place": Event.place}


# Values ------------------------------------------------------------------------------------


# Times are naive UTC, as stored; forms convert with app.core.clock.
@dataclass(frozen=True)
class EventInput:
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    organizer: str = ""
    summary: str = ""


@dataclass(frozen=True)
class EventData:
    id: int
    uuid: str
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    organizer: str
    summary: str
    invited: int
    attended: int
    outcomes: int


@dataclass(frozen=True)
class EventQuery:
    text: str = ""
    kind: str | None = None
    year: int | None = None
    sort: str = "starts_at"
    descending: bool = True


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    type: str  # commissioner, person, organization
    name: str
    organization: str
    mobile: str
    role: str
    status: str
    checked_in_at: datetime | None
    checked_in_by: str
    walk_in: bool


@dataclass(frozen=True)
class OutcomeInput:
    kind: str
    description: str = ""
    commissioner_ids: tuple[int, ...] = ()
    organization_ids: tuple[int, ...] = ()
    demand_id: int | None = None
    signed_on: date | None = None
    event_id: int | None = None
    service_log_id: int | None = None


@dataclass(frozen=True)
class OutcomeData:
    id: int
    kind: str
    description: str
    commissioner_ids: tuple[int, ...]
    organization_ids: tuple[int, ...]
    parties: tuple[str, ...]
    demand_id: int | None
    demand: str  # number and title
    signed_on: date | None


# Events ------------------------------------------------------------------------------------


# Who counts, in every count of an event (the event list, check-in, the sign-in sheet, the summary,
# the activity report): the organizer runs the event and is none of its participants; walk-ins
# came without an invitation. ``headcount`` is the same rule in SQL.


def is_invited(role: str, walk_in: bool) -> bool:
    return role != "organizer" and not walk_in


def has_attended(role: str, status: str) -> bool:
    return role != "organizer" and status == "attended"


def headcount():
    """SQL sums of ``is_invited`` and ``has_attended`` over participants: (invited, attended)."""
    counted = Participant.role != "organizer"
    return (fn.SUM(Case(None, [(counted & ~Participant.walk_in, 1)], 0)),
            fn.SUM(Case(None, [(counted & (Participant.status == "attended"), 1)], 0)))


def _counts():
    invited, attended = headcount()
    return (Participant.select(Participant.event, invited.alias("invited"),
                               attended.alias("attended"))
            .where(Participant.deleted_at.is_null()).group_by(Participant.event))


def _event_data(row: Event, invited: int, attended: int) -> EventData:
    outcomes = Outcome.live().where(Outcome.event == row.id).count()
    return EventData(row.id, row.uuid, row.kind, row.title, row.starts_at, row.ends_at, row.place,
                     row.organizer, row.summary, invited or 0, attended or 0, outcomes)


def clean_event(data: EventInput) -> EventInput:
    if data.kind not in EVENT_KINDS:
        raise UserError(_("Please choose a value."), "kind")
    title = (data.title or "").strip()
    if not title:
        raise UserError(_("This field is required."), "title")
    if data.starts_at is None:
        raise UserError(_("This field is required."), "starts_at")
    if data.ends_at is not None and data.ends_at < data.starts_at:
        raise UserError(_("The end cannot be before the start."), "ends_at")
    return EventInput(data.kind, title, data.starts_at, data.ends_at, data.place.strip(),
                      data.organizer.strip(), data.summary.strip())


def save_event(data: EventInput, event_id: int | None = None) -> Changes:
    data = clean_event(data)
    label = _("Edit event {title}") if event_id else _("New event {title}")
    with changelog.batch(label.format(title=data.title)):
        row = common.live(Event, event_id, "event") if event_id is not None else Event()
        for name, value in data.__dict__.items():
            setattr(row, name, value)
        row.save()
        return changes.made("event", row.id, created=event_id is None)


def get_event(event_id: int) -> EventData:
    row = common.live(Event, event_id, "event")
    counts = _counts().where(Participant.event == event_id).tuples().first()
    return _event_data(row, *(counts[1:] if counts else (0, 0)))


def delete_event(event_id: int) -> Changes:
    with changelog.batch(""):
        row = common.live(Event, event_id, "event")
        changelog.relabel(_("Delete event {title}").format(title=row.title))
        row.soft_delete()
        return changes.made("event", event_id)


def _conditions(query: EventQuery) -> list:
    conditions = [Event.deleted_at.is_null()]
    text = query_text(query.text)
    if text:
        conditions.append(Event.title.contains(text) | Event.place.contains(text)
                          | Event.organizer.contains(text))
    if query.kind:
        conditions.append(Event.kind == query.kind)
    if query.year:
        conditions.append((Event.starts_at >= clock.to_utc(datetime(query.year, 1, 1)))
                          & (Event.starts_at < clock.to_utc(datetime(query.year + 1, 1, 1))))
    return conditions


def count(query: EventQuery) -> int:
    return Event.select().where(*_conditions(query)).count()


def page(query: EventQuery, after: tuple | None = None, limit: int = common.PAGE_SIZE) -> Page:
    if query.sort not in SORTS:
        raise ValueError(f"events cannot be sorted by {query.sort!r}")
    base = (Event.select(Event.id, Event.uuid, Event.kind, Event.title, Event.starts_at,
                         Event.ends_at, Event.place, Event.organizer, Event.summary)
            .where(*_conditions(query)))
    rows, cursor = common.keyset_page(base, SORTS[query.sort], Event.id, after, query.descending,
                                      limit)
    # Counted for the page's events only (counting all 400,000 participants of a province took
    # a third of a second a page).
    ids = [r[0] for r in rows]
    counts = {event: (invited, attended) for event, invited, attended
              in _counts().where(Participant.event.in_(ids)).tuples()}
    outcomes = dict(Outcome.select(Outcome.event, fn.COUNT(Outcome.id)).where(
        Outcome.deleted_at.is_null() & Outcome.event.in_(ids)).group_by(Outcome.event).tuples())
    return Page([EventData(*r, *counts.get(r[0], (0, 0)), outcomes.get(r[0], 0)) for r in rows],
                cursor)


def upcoming(today: datetime | None = None) -> list[int]:
    """Events that have not ended yet (the default content of a field package); one without an
    end time lasts until the end of its day on this computer's clock."""
    now = today or utcnow()
    day_began = clock.utc_midnight(clock.to_local(now).date())
    not_ended = (Event.ends_at >= now) | (Event.ends_at.is_null() & (Event.starts_at >= day_began))
    return [r[0] for r in Event.live(Event.id).where(not_ended).order_by(Event.starts_at).tuples()]


# Participants ------------------------------------------------------------------------------

PPerson = Person.alias("pperson")
POrg = Organization.alias("porg")
Employer = Organization.alias("employer")


def participant_query(*columns):
    """Participants joined to whom they are: name, organization and mobile as SQL expressions
    ``name``, ``org_name`` and ``phone`` (plus the person's pinyin keys)."""
    p = Participant
    query = (p.select(*columns)
             .join_from(p, Commissioner, JOIN.LEFT_OUTER, on=(p.commissioner == Commissioner.id)))
    query = common.join_commissioner(query)
    return (query
            .join_from(p, PPerson, JOIN.LEFT_OUTER, on=(PPerson.id == p.person))
            .join_from(p, POrg, JOIN.LEFT_OUTER, on=(POrg.id == p.organization))
            .join_from(p, Employer, JOIN.LEFT_OUTER,
                       on=(Employer.id == fn.COALESCE(PPerson.employer, common.CPerson.employer))))


def participant_columns():
    name = fn.COALESCE(PPerson.name, POrg.name, common.commissioner_name())
    organization = fn.COALESCE(Employer.name, common.COrg.name, "")
    phone = fn.COALESCE(fn.NULLIF(PPerson.mobile, ""), fn.NULLIF(common.CPerson.mobile, ""),
                        POrg.contact_phone, "")
    kind = Case(None, [(Participant.person.is_null(False), "person"),
                       (Participant.organization.is_null(False), "organization")], "commissioner")
    return (Participant.id, kind, name, organization, phone, Participant.role, Participant.status,
            Participant.checked_in_at, Participant.checked_in_by, Participant.walk_in)


def participant_rows(query) -> list[ParticipantRow]:
    return [ParticipantRow(*row[:9], bool(row[9])) for row in query.tuples()]


def participants(event_id: int, statuses: tuple[str, ...] = ()) -> list[ParticipantRow]:
    query = participant_query(*participant_columns()).where(
        (Participant.event == event_id) & Participant.deleted_at.is_null())
    if statuses:
        query = query.where(Participant.status.in_(statuses))
    return participant_rows(query.order_by(Participant.id))


def invite(event_id: int, commissioner_ids=(), person_ids=(), organization_ids=(),
           role: str = "attendee") -> Changes:
    """Invite register records; those already invited are left as they are. The new
    participants are the ``participant`` ids written; the detail is how many were invited
    before (the dialog says so)."""
    if role not in PARTICIPANT_ROLES:
        raise UserError(_("Please choose a value."), "role")
    wanted = {"commissioner": (Commissioner, commissioner_ids),
              "person": (Person, person_ids), "organization": (Organization, organization_ids)}
    already = 0
    with changelog.batch(""):
        event = common.live(Event, event_id, "event")
        changelog.relabel(_("Invite to {title}").format(title=event.title))
        for field, (model, ids) in wanted.items():
            if ids and model.live().where(model.id.in_(list(ids))).count() != len(set(ids)):
                raise UserError(_("The chosen record no longer exists."), field)
        for field, (_model, ids) in wanted.items():
            column = getattr(Participant, field)
            present = {r[0] for r in Participant.live(column).where(
                (Participant.event == event_id) & column.in_(list(ids))).tuples()}
            for record_id in dict.fromkeys(ids):
                if record_id in present:
                    already += 1
                    continue
                Participant(event=event_id, role=role, **{field: record_id}).save()
        return changes.made("event", event_id, detail=already)


def commissioners_matching(level: str | None = None, industry_field: str | None = None,
                           kind: str | None = None, today: date | None = None) -> list[int]:
    """Commissioners with an appointment in force today (at ``level``), in ``industry_field``:
    the bulk invitation "all municipal commissioners in force in the textile field"."""
    today = today or date.today()
    query = (Commissioner.select(Commissioner.id).distinct()
             .join(Appointment, on=(Appointment.commissioner == Commissioner.id))
             .where(Commissioner.deleted_at.is_null() & in_force(today)))
    if level:
        query = query.where(Appointment.level == level)
    if kind:
        query = query.where(Commissioner.kind == kind)
    if industry_field:
        query = query.where(("," + Commissioner.industry_fields + ",").contains(f",{industry_field},"))
    return [r[0] for r in query.order_by(Commissioner.id).tuples()]


def organizations_matching(industry_field: str | None = None, street_id: int | None = None,
                           high_tech: bool = False) -> list[int]:
    query = Organization.live(Organization.id)
    if industry_field:
        query = query.where(Organization.industry_field == industry_field)
    if street_id:
        query = query.where(Organization.street == street_id)
    if high_tech:
        query = query.where(Organization.high_tech == True)  # noqa: E712 (SQL)
    return [r[0] for r in query.order_by(Organization.id).tuples()]


def _participant(participant_id: int) -> Participant:
    return common.live(Participant, participant_id, "participant")


def set_status(participant_ids, status: str) -> Changes:
    if status not in PARTICIPANT_STATUSES:
        raise UserError(_("Please choose a value."), "status")
    with changelog.batch(_("Mark participants {status}").format(status=_(STATUS_LABELS[status]))):
        for row in [_participant(i) for i in participant_ids]:
            row.status = status
            if status != "attended":
                row.checked_in_at, row.checked_in_by = None, ""
            row.save()
        return changes.made("participant")


def set_role(participant_ids, role: str) -> Changes:
    if role not in PARTICIPANT_ROLES:
        raise UserError(_("Please choose a value."), "role")
    with changelog.batch(_("Set role {role}").format(role=_(ROLE_LABELS[role]))):
        for row in [_participant(i) for i in participant_ids]:
            row.role = role
            row.save()
        return changes.made("participant")


def remove_participants(participant_ids) -> Changes:
    with changelog.batch(_("Remove participants")):
        for row in [_participant(i) for i in participant_ids]:
            row.soft_delete()
        return changes.made("participant")


# Outcomes ----------------------------------------------------------------------------------


def clean_outcome(data: OutcomeInput) -> OutcomeInput:
    if data.kind not in OUTCOME_KINDS:
        raise UserError(_("Please choose a value."), "kind")
    if data.event_id is None and data.service_log_id is None:
        raise UserError(_("An outcome comes from an event or a service log."), "event")
    if data.event_id is not None:
        common.live(Event, data.event_id, "event")
    if data.demand_id is not None:
        common.live(Demand, data.demand_id, "demand")
    if not data.commissioner_ids and not data.organization_ids:
        raise UserError(_("Name at least one party: a commissioner or an organization."), "parties")
    for field, model, ids in (("commissioners", Commissioner, data.commissioner_ids),
                              ("organizations", Organization, data.organization_ids)):
        if model.live().where(model.id.in_(list(ids))).count() != len(set(ids)):
            raise UserError(_("The chosen record no longer exists."), field)
    if data.signed_on is None and data.kind == "signed_project":
        raise UserError(_("A signed project needs its signing date."), "signed_on")
    return OutcomeInput(data.kind, data.description.strip(), tuple(dict.fromkeys(data.commissioner_ids)),
                        tuple(dict.fromkeys(data.organization_ids)), data.demand_id,
                        data.signed_on if data.kind == "signed_project" else None,
                        data.event_id, data.service_log_id)


def save_outcome(data: OutcomeInput, outcome_id: int | None = None) -> Changes:
    with changelog.batch(_("Record outcome") if outcome_id is None else _("Edit outcome")):
        data = clean_outcome(data)
        row = common.live(Outcome, outcome_id, "outcome") if outcome_id is not None else Outcome()
        row.kind, row.description, row.demand = data.kind, data.description, data.demand_id
        row.signed_on, row.event, row.service_log = data.signed_on, data.event_id, data.service_log_id
        row.save()
        existing = {(p.commissioner_id, p.organization_id): p
                    for p in _live_parties(row.id)}
        wanted = [(c, None) for c in data.commissioner_ids] + [(None, o) for o in data.organization_ids]
        for key in wanted:
            if existing.pop(key, None) is None:
                OutcomeParty(outcome=row, commissioner=key[0], organization=key[1]).save()
        for party in existing.values():
            party.soft_delete()
        return changes.made("outcome", row.id, created=outcome_id is None)


def _live_parties(outcome_id: int):
    return OutcomeParty.live().where(OutcomeParty.outcome == outcome_id).order_by(OutcomeParty.id)


def delete_outcome(outcome_id: int) -> Changes:
    with changelog.batch(_("Delete outcome")):
        row = common.live(Outcome, outcome_id, "outcome")
        for party in _live_parties(outcome_id):
            party.soft_delete()
        row.soft_delete()
        return changes.made("outcome", outcome_id)


def demand_choices() -> list[tuple[int, str]]:
    """Demands an outcome may link to: (id, number and title), newest first."""
    return list(Demand.live(Demand.id, Demand.number.concat(" ").concat(Demand.title))
                .order_by(Demand.id.desc()).tuples())


def outcomes(event_id: int | None = None, service_log_id: int | None = None) -> list[OutcomeData]:
    column, value = (Outcome.event, event_id) if event_id is not None else (Outcome.service_log,
                                                                           service_log_id)
    rows = list(Outcome.live().where(column == value).order_by(Outcome.id))
    parties = list(OutcomeParty.live().where(OutcomeParty.outcome.in_([r.id for r in rows]))
                   .order_by(OutcomeParty.id))
    names = common.commissioner_names({p.commissioner_id for p in parties if p.commissioner_id})
    orgs = dict(Organization.select(Organization.id, Organization.name).where(
        Organization.id.in_([p.organization_id for p in parties if p.organization_id])).tuples())
    demands = dict(Demand.select(Demand.id, Demand.number.concat(" ").concat(Demand.title)).where(
        Demand.id.in_([r.demand_id for r in rows if r.demand_id])).tuples())
    result = []
    for row in rows:
        mine = [p for p in parties if p.outcome_id == row.id]
        commissioners = tuple(p.commissioner_id for p in mine if p.commissioner_id)
        organizations = tuple(p.organization_id for p in mine if p.organization_id)
        labels = tuple([names.get(c, "") for c in commissioners] + [orgs.get(o, "") for o in organizations])
        result.append(OutcomeData(row.id, row.kind, row.description, commissioners, organizations,
                                  labels, row.demand_id, demands.get(row.demand_id, ""), row.signed_on))
    return result
