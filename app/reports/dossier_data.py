"""One commissioner's record for the dossier (个人工作实绩档案), read into frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.assessment import rounds
from app.assessment.schemes import item_label
from app.core import dictionaries
from app.core.i18n import N_, _
from app.core.status import derived_status
from app.reports.event_data import find, service_logs
from app.reports.register_data import CommissionerFacts, commissioner_facts
from db.models import (
    Appointment,
    Assessment,
    Claim,
    Commissioner,
    Demand,
    Organization,
    Person,
    ServedObject,
    ServiceLog,
    ServiceLogCommissioner,
    TeamMember,
)


@dataclass(frozen=True)
class AppointmentLine:
    level: str
    year: int
    batch: str
    doc_number: str
    term_start: date | None
    term_end: date | None
    status: str  # derived


@dataclass(frozen=True)
class AgreementLine:
    organization: str
    level: str
    agreement_date: date | None


@dataclass(frozen=True)
class LogLine:
    date: date
    organization: str
    kind: str
    days: Decimal
    content: str
    verification: str


@dataclass(frozen=True)
class ClaimLine:
    number: str
    title: str
    organization: str
    claimed_on: date
    status: str  # of the claim
    demand_status: str


@dataclass(frozen=True)
class AssessmentLine:
    year: int
    level: str
    items: tuple[tuple[str, Decimal | None], ...]  # (label as shown, points), the scheme's order
    total: Decimal | None
    grade: str | None
    subsidy: Decimal | None


# The components an assessment kept before the assessment rounds (schema step 7).
OLD_COMPONENTS = (("score_service", N_("Service")), ("score_results", N_("Results")),
                  ("score_satisfaction", N_("Satisfaction")), ("score_bonus", N_("Bonus")))


def assessment_line(assessment: Assessment, level: str) -> AssessmentLine:
    """A round's assessment with its scheme's items and figures as the round computes them
    (``rounds.subject_sheet``); an older one with the components it kept."""
    if assessment.round_id is None:
        return AssessmentLine(
            assessment.year, level, tuple((_(name), getattr(assessment, column))
                                          for column, name in OLD_COMPONENTS
                                          if getattr(assessment, column) is not None),
            assessment.total, assessment.grade, assessment.subsidy)
    sheet = rounds.subject_sheet(assessment.id)
    return AssessmentLine(assessment.year, level, tuple(
        (item_label(item), sheet.row.items.get(item.code)) for item in sheet.items),
        sheet.row.total, sheet.row.grade, sheet.row.funds)


@dataclass(frozen=True)
class DossierData:
    kind: str
    facts: CommissionerFacts
    education: str
    members: tuple[tuple[str, str], ...]  # team: (name, role)
    appointments: tuple[AppointmentLine, ...]
    agreements: tuple[AgreementLine, ...]
    logs: tuple[LogLine, ...]  # the counted ones (``event_data.COUNTED``)
    pending_logs: int  # awaiting verification, not listed
    claims: tuple[ClaimLine, ...]
    assessments: tuple[AssessmentLine, ...]
    full_id: bool = False


def dossier(key: str | int, full_id: bool = False, today: date | None = None) -> DossierData:
    today = today or date.today()
    c = find(Commissioner, key, "commissioner")
    facts = commissioner_facts({c.id})[c.id]
    person = Person.get_or_none(Person.id == facts.person_id)
    members = tuple((name, role) for name, role in (
        TeamMember.select(Person.name, TeamMember.role).join(Person)
        .where((TeamMember.commissioner == c.id) & TeamMember.deleted_at.is_null())
        .order_by(TeamMember.role, TeamMember.id).tuples()))  # the leader first
    appointments = list(Appointment.select().where(
        (Appointment.commissioner == c.id) & Appointment.deleted_at.is_null())
        .order_by(Appointment.term_start))
    levels = {a.id: a.level for a in appointments}
    agreements = tuple(AgreementLine(name, levels[appointment], signed) for appointment, name, signed in (
        ServedObject.select(ServedObject.appointment, Organization.name, ServedObject.agreement_date)
        .join(Organization).where(ServedObject.deleted_at.is_null()
                                  & ServedObject.appointment.in_(list(levels)))
        .order_by(ServedObject.agreement_date).tuples()))
    counted, pending = service_logs(ServiceLog.id.in_(
        ServiceLogCommissioner.select(ServiceLogCommissioner.service_log).where(
            (ServiceLogCommissioner.commissioner == c.id)
            & ServiceLogCommissioner.deleted_at.is_null())))
    logs = tuple(LogLine(log.date, log.organization.name if log.organization_id else "", log.kind,
                         log.days or Decimal(0), log.content, log.verification)
                 for log in sorted(counted, key=lambda log: (log.date, log.id)))
    claims = tuple(ClaimLine(*row) for row in (
        Claim.select(Demand.number, Demand.title, Organization.name, Claim.claimed_on, Claim.status,
                     Demand.status).join(Demand).join(Organization)
        .where((Claim.commissioner == c.id) & Claim.deleted_at.is_null()
               & Demand.deleted_at.is_null()).order_by(Claim.claimed_on).tuples()))
    assessments = tuple(assessment_line(a, levels[a.appointment_id])
                        for a in Assessment.select().where(
                            Assessment.appointment.in_(list(levels))
                            & Assessment.deleted_at.is_null()).order_by(Assessment.year))
    return DossierData(
        kind=c.kind, facts=facts, members=members,
        education=dictionaries.names("education").get(person.education, person.education)
        if person else "",
        appointments=tuple(AppointmentLine(a.level, a.year, a.batch, a.doc_number, a.term_start,
                                           a.term_end, derived_status(a.status, a.term_end, today, 0))
                           for a in appointments),
        agreements=agreements, logs=logs, pending_logs=pending, claims=claims,
        assessments=assessments, full_id=full_id)
