"""Reading demands: the filtered, sorted, paged list; one demand with its claims and history; the
lists the organization and commissioner pages show; the choices of the demand forms."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

import peewee

from app.core import dictionaries
from app.core.errors import UserError
from app.core.i18n import N_, _
from app.core.status import in_force
from app.demands.lifecycle import SYSTEM_ACTOR, expiry_reason, is_overdue, overdue_condition
from app.search import lists as search
from app.search.text import query_text
from db.models import (
    Appointment,
    ChangeBatch,
    ChangeLog,
    Claim,
    Commissioner,
    Demand,
    DemandTransition,
    Dictionary,
    Organization,
    Person,
    ServiceLog,
)

# Columns the list can be sorted by.
SORT_KEYS = ("number", "title", "organization", "status", "published_on", "claim_deadline",
             "expected_finish")


@dataclass(frozen=True)
class DemandFilter:
    text: str = ""  # number, title or organization name, pinyin or initials
    status: str | None = None
    industry_field: str | None = None
    street_code: str | None = None
    year: int | None = None  # of publication
    overdue_only: bool = False
    organization_id: int | None = None
    demand_id: int | None = None


@dataclass(frozen=True)
class DemandRow:
    id: int
    number: str
    title: str
    organization: str
    industry_field: str | None
    kind: str
    status: str
    published_on: date | None
    claim_deadline: date | None
    expected_finish: date | None
    max_accepted: int
    claims: int
    overdue: bool


@dataclass(frozen=True)
class ClaimRow:
    id: int
    demand_id: int
    demand_number: str
    demand_title: str
    demand_status: str
    commissioner_id: int
    commissioner: str
    claimed_on: date
    plan: str
    status: str
    source: str
    decided_on: date | None
    decision_note: str


@dataclass(frozen=True)
class TransitionRow:
    from_status: str | None
    to_status: str
    at: datetime
    actor: str  # "" or SYSTEM_ACTOR for the program itself
    reason: str


@dataclass(frozen=True)
class ServiceLogRef:
    id: int
    date: date
    content: str


@dataclass(frozen=True)
class DemandDetail:
    row: DemandRow
    description: str
    organization_id: int
    budget: Decimal | None
    origin: str | None  # a key of ORIGIN_LABELS; None when the log does not tell
    close_reason: str
    result_summary: str
    finished_on: date | None
    satisfaction: str | None
    satisfaction_score: int | None
    claims: tuple[ClaimRow, ...]
    history: tuple[TransitionRow, ...]
    service_logs: tuple[ServiceLogRef, ...]


@dataclass(frozen=True)
class Choice:
    value: object
    label: str


def commissioner_name_sql():
    """A commissioner's display name as SQL, over the joins of ``join_commissioner_names``."""
    leader = Person.alias("leader_person")
    legal = Organization.alias("legal_org")
    return peewee.fn.COALESCE(leader.name, Commissioner.team_name, legal.name, ""), leader, legal


def join_commissioner_names(query, leader, legal):
    return (query.join_from(Commissioner, leader, peewee.JOIN.LEFT_OUTER,
                            on=(Commissioner.person == leader.id))
            .join_from(Commissioner, legal, peewee.JOIN.LEFT_OUTER,
                       on=(Commissioner.organization == legal.id)))


def _where(filters: DemandFilter, today: date):
    condition = Demand.not_deleted()
    text = query_text(filters.text)
    if text:
        like = f"%{text}%"
        condition &= (Demand.number ** like) | (Demand.title ** like) | (
            Organization.name ** like) | (Organization.name_pinyin ** like) | (
            Organization.name_initials ** like)
    if filters.status:
        condition &= Demand.status == filters.status
    if filters.industry_field:
        condition &= Demand.industry_field == filters.industry_field
    if filters.street_code:
        condition &= Dictionary.code == filters.street_code
    if filters.year:
        condition &= Demand.published_on.between(date(filters.year, 1, 1),
                                                 date(filters.year, 12, 31))
    if filters.overdue_only:
        condition &= overdue_condition(today)
    if filters.organization_id is not None:
        condition &= Demand.organization == filters.organization_id
    if filters.demand_id is not None:
        condition &= Demand.id == filters.demand_id
    return condition


def _base(filters: DemandFilter, today: date, *fields, counting: bool = False):
    """The filtered demands; a count joins the organization only when a filter needs it
    (a province's 200,000 demands count in milliseconds on their own, in a second joined)."""
    query = Demand.select(*fields)
    if not counting or filters.text.strip() or filters.street_code:
        query = query.join(Organization).join(
            Dictionary, peewee.JOIN.LEFT_OUTER, on=(Organization.street == Dictionary.id))
    return query.where(_where(filters, today))


def count_demands(filters: DemandFilter, today: date) -> int:
    return _base(filters, today, counting=True).count()


def list_demands(filters: DemandFilter, today: date, sort: str = "number", descending: bool = True,
                 offset: int = 0, limit: int | None = 100) -> list[DemandRow]:
    """One page of the demand list, filtered and sorted in SQL (ties broken by id); ``limit``
    None: every row."""
    claims = (Claim.select(peewee.fn.COUNT(Claim.id))
              .where((Claim.demand == Demand.id) & Claim.deleted_at.is_null()))
    key = {"organization": Organization.name_pinyin}.get(sort) or getattr(Demand, sort)
    order = (key.desc(), Demand.id.desc()) if descending else (key.asc(), Demand.id.asc())
    query = (_base(filters, today, Demand.id, Demand.number, Demand.title, Organization.name,
                   Demand.industry_field, Demand.kind, Demand.status, Demand.published_on,
                   Demand.claim_deadline, Demand.expected_finish, Demand.max_accepted,
                   claims.alias("claims"))
             .order_by(*order).offset(offset).limit(limit).tuples())
    return [DemandRow(*row, overdue=is_overdue(row[6], row[8], row[9], today)) for row in query]


# Cards per board column: a province holds tens of thousands of demands in one state, which the
# table pages through; the board shows the newest.
BOARD_CARDS = 50


@dataclass(frozen=True)
class BoardRows:
    cards: dict[str, list[DemandRow]]  # per status, newest first, at most BOARD_CARDS
    counts: dict[str, int]  # per status, all that match


def board(today: date, filters: DemandFilter = DemandFilter(),
          per_column: int = BOARD_CARDS) -> BoardRows:
    """The board's columns: the newest demands of each status, and how many there are."""
    counts = dict(_base(filters, today, Demand.status, peewee.fn.COUNT(Demand.id), counting=True)
                  .group_by(Demand.status).tuples())
    cards = {status: list_demands(replace(filters, status=status), today, limit=per_column)
             for status in counts}
    return BoardRows(cards, counts)


def _claim_rows(condition) -> tuple[ClaimRow, ...]:
    name, leader, legal = commissioner_name_sql()
    query = join_commissioner_names(
        Claim.select(Claim.id, Demand.id, Demand.number, Demand.title, Demand.status,
                     Commissioner.id, name, Claim.claimed_on, Claim.plan, Claim.status,
                     Claim.source, Claim.decided_on, Claim.decision_note)
        .join(Demand).join_from(Claim, Commissioner), leader, legal,
    ).where(condition & Claim.deleted_at.is_null() & Demand.deleted_at.is_null())
    return tuple(ClaimRow(*row) for row in query.order_by(Claim.claimed_on, Claim.id).tuples())


def demand_detail(demand_id: int, today: date) -> DemandDetail:
    demand = Demand.get_or_none(Demand.id == demand_id)
    if demand is None:  # its creation undone, here or by another officer
        raise UserError(_("The chosen record no longer exists."))
    row = list_demands(DemandFilter(demand_id=demand_id), today, limit=1)[0]
    expired_because = expiry_reason(demand.claim_deadline)
    history = tuple(
        TransitionRow(t.from_status, t.to_status, t.at, t.actor,
                      t.reason or (expired_because if t.to_status == "expired" else ""))
        for t in DemandTransition.live().where(DemandTransition.demand == demand_id)
        .order_by(DemandTransition.at, DemandTransition.id)
    )
    logs = tuple(
        ServiceLogRef(log.id, log.date, log.content)
        for log in ServiceLog.live().where(ServiceLog.linked_to(ServiceLog.demand, demand_id))
        .order_by(ServiceLog.date)
    )
    return DemandDetail(
        row, demand.description, demand.organization_id, demand.budget, _origin(demand.uuid),
        demand.close_reason or (expired_because if demand.status == "expired" else ""),
        demand.result_summary, demand.finished_on, demand.satisfaction,
        demand.satisfaction_score, _claim_rows(Claim.demand == demand_id), history, logs,
    )


# How a demand came into the register, by the kind of the batch that created it. A merge that
# creates a demand is a field package's (merging duplicates creates no demand).
ORIGIN_LABELS = {"user": N_("Entered by the officer"), "import": N_("Imported from a spreadsheet"),
                 "merge": N_("Brought back in a field package"), "demo": N_("Demo data")}


def _origin(demand_uuid: str) -> str | None:
    kind = (ChangeBatch.select(ChangeBatch.kind).join(ChangeLog)
            .where((ChangeLog.table == "demand") & (ChangeLog.record_uuid == demand_uuid)
                   & (ChangeLog.op == "insert"))
            .order_by(ChangeLog.id).limit(1).scalar())
    return kind if kind in ORIGIN_LABELS else None


def actor_label(actor: str) -> str:
    return _("System") if actor == SYSTEM_ACTOR else actor


def demands_of_organization(organization_id: int, today: date | None = None) -> list[DemandRow]:
    """The demands an organization posted, newest first, for its page (overdue as of ``today``)."""
    return list_demands(DemandFilter(organization_id=organization_id), today or date.today(),
                        limit=None)


def claims_of_commissioner(commissioner_id: int) -> list[ClaimRow]:
    """A commissioner's claims with their demands, for the commissioner's page."""
    return list(_claim_rows(Claim.commissioner == commissioner_id))


# Choices of the forms ------------------------------------------------------------------------


def dictionary_choices(kind: str) -> list[Choice]:
    return [Choice(entry.code, entry.name) for entry in dictionaries.entries(kind)]


def dictionary_label(kind: str, code: str | None) -> str:
    return dictionaries.names(kind).get(code, code) if code else ""


def commissioners_in_force(today: date, demand_id: int | None = None,
                           text: str = "") -> list[Choice]:
    """The commissioners who may take demands today, in pinyin order of their names; for a
    ``demand_id``, without those who already claimed it; with ``text``, those the register's
    search finds by it."""
    name, leader, legal = commissioner_name_sql()
    condition = Commissioner.deleted_at.is_null() & Commissioner.id.in_(
        Appointment.select(Appointment.commissioner).where(in_force(today)))
    found = search.commissioners_found(text)
    if found is not None:
        condition &= found
    if demand_id is not None:
        condition &= Commissioner.id.not_in(Claim.select(Claim.commissioner).where(
            (Claim.demand == demand_id) & Claim.deleted_at.is_null()))
    query = join_commissioner_names(Commissioner.select(Commissioner.id, name), leader, legal).where(
        condition).order_by(Commissioner.sort_name, Commissioner.id).tuples()
    return [Choice(cid, label) for cid, label in query]
