"""Three-party agreements (三方协议): a commissioner, the organization served (the service object)
and the sending unit, with a term and counted targets.

Completion (三方协议完成情况) is read from the VERIFIED service logs that name the commissioner
and were done for that organization within the agreement's term: service days, trainings held,
technologies introduced and new products against the targets. Its ratio is the mean, over the
targets set, of min(done / target, 1); an agreement without a counted target has no ratio (None),
and the assessment then leaves the item to the officer. The scanned agreement is an attachment
(``app.activities.attachments``, owner table "agreement").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from peewee import JOIN, fn

from app.activities.common import (
    commissioner_name,
    commissioner_names,
    join_commissioner,
    keyset_page,
    leader_of,
)
from app.assessment.schemes import read_number
from app.core import changes, validation
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _
from app.core.paging import Page
from app.register.common import choice, live
from app.search.text import query_text
from db import changelog
from db.database import database
from db.models import (
    AGREEMENT_STATUSES,
    Agreement,
    Commissioner,
    Organization,
    Person,
    ServiceLog,
    ServiceLogCommissioner,
)

STATUSES = AGREEMENT_STATUSES
STATUS_LABELS = {"signed": N_("Signed"), "in_progress": N_("In progress"),
                 "completed": N_("Completed"), "terminated": N_("Terminated")}
TARGETS = ("service_days", "trainings", "technologies", "products")
TARGET_LABELS = {"service_days": N_("Service days"), "trainings": N_("Trainings held"),
                 "technologies": N_("Technologies introduced"),
                 "products": N_("New products or varieties")}
# What each target counts in a service log.
COUNTED = {"service_days": ServiceLog.days, "trainings": ServiceLog.trainings_held,
           "technologies": ServiceLog.technologies_introduced, "products": ServiceLog.new_products}
TARGET_COLUMNS = {"service_days": "target_service_days", "trainings": "target_trainings",
                  "technologies": "target_technologies", "products": "target_products"}
MAX_TARGET = Decimal(100_000)
MAX_TEXT = 2_000
ONE, ZERO = Decimal(1), Decimal(0)


@dataclass(frozen=True)
class AgreementValues:
    commissioner_id: int | None
    organization_id: int | None  # the service object
    sending_unit_id: int | None = None  # None: the commissioner's employer
    signed_on: date | None = None
    term_start: date | None = None
    term_end: date | None = None
    targets_text: str = ""
    targets: dict[str, Decimal] = field(default_factory=dict)  # keys of TARGETS; missing: none
    status: str = "signed"


@dataclass(frozen=True)
class Completion:
    targets: dict[str, Decimal]
    done: dict[str, Decimal]  # every key of TARGETS, whether targeted or not
    ratio: Decimal | None  # 0..1; None without a counted target


@dataclass(frozen=True)
class AgreementView:
    id: int
    uuid: str
    values: AgreementValues
    commissioner: str
    organization: str
    sending_unit: str  # the one named, else the commissioner's employer ("" when neither)
    sending_unit_is_employer: bool
    completion: Completion


@dataclass(frozen=True)
class AgreementQuery:
    text: str = ""  # in the commissioner's, the service object's or the sending unit's name
    status: str | None = None
    year: int | None = None  # agreements whose term overlaps the year
    commissioner_id: int | None = None
    organization_id: int | None = None
    sort: str = "signed_on"  # a key of SORTS
    descending: bool = True


# Checks ------------------------------------------------------------------------------------


def _target(value, name: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return read_number(value, _(TARGET_LABELS[name]), low=ZERO, high=MAX_TARGET, places=2,
                       above_low=True, field=name)


def clean(values: AgreementValues) -> AgreementValues:
    """The values as stored, or a UserError naming the field."""
    if values.commissioner_id is None:
        raise UserError(_("This field is required."), "commissioner")
    live(Commissioner, values.commissioner_id, "commissioner")
    if values.organization_id is None:
        raise UserError(_("This field is required."), "organization")
    live(Organization, values.organization_id, "organization")
    live(Organization, values.sending_unit_id, "sending_unit")
    validation.in_range(values.signed_on, "signed_on")
    validation.term(values.term_start, values.term_end)
    choice(values.status, STATUSES, "status")
    unknown = set(values.targets) - set(TARGETS)
    if unknown:
        raise UserError(_("Unknown target: {name}.").format(name=", ".join(sorted(unknown))),
                        "targets")
    targets = {name: number for name in TARGETS
               if (number := _target(values.targets.get(name), name)) is not None}
    text = validation.trimmed(values.targets_text)
    if len(text) > MAX_TEXT:
        raise UserError(_("At most {count} characters.").format(count=MAX_TEXT), "targets_text")
    return AgreementValues(values.commissioner_id, values.organization_id, values.sending_unit_id,
                           values.signed_on, values.term_start, values.term_end, text, targets,
                           values.status)


# Writing -----------------------------------------------------------------------------------


def save_agreement(values: AgreementValues, *, agreement_id: int | None = None,
                   read_at: int | None = None) -> Changes:
    """Create or edit an agreement. ``read_at``: the change log's newest id when the form read
    it (``app.history.edit_conflicts.reading_mark``); a field someone else changed since, that
    this save changes too, stops it (``EditConflictError``)."""
    label = _("New agreement") if agreement_id is None else _("Edit agreement")
    with changelog.batch(label):
        values = clean(values)
        row = Agreement() if agreement_id is None else live(Agreement, agreement_id, "agreement")
        row.commissioner, row.organization, row.sending_unit = (
            values.commissioner_id, values.organization_id, values.sending_unit_id)
        row.signed_on, row.term_start, row.term_end = (values.signed_on, values.term_start,
                                                       values.term_end)
        row.targets_text, row.status = values.targets_text, values.status
        for name, column in TARGET_COLUMNS.items():
            setattr(row, column, values.targets.get(name))
        if read_at is not None and agreement_id is not None:
            with changelog.read_at(read_at):
                row.save()
        else:
            row.save()
        return changes.made("agreement", row.id, created=agreement_id is None)


def delete_agreement(agreement_id: int) -> Changes:
    """Move an agreement to the recycle bin."""
    with changelog.batch(_("Delete agreement")):
        live(Agreement, agreement_id, "agreement").soft_delete()
        return changes.made("agreement", agreement_id)


# Reading -----------------------------------------------------------------------------------


def _values(row: Agreement) -> AgreementValues:
    targets = {name: getattr(row, column) for name, column in TARGET_COLUMNS.items()
               if getattr(row, column) is not None}
    return AgreementValues(row.commissioner_id, row.organization_id, row.sending_unit_id,
                           row.signed_on, row.term_start, row.term_end, row.targets_text,
                           targets, row.status)


def done_by_agreement(condition) -> dict[int, dict[str, Decimal]]:
    """What the verified logs did for each agreement ``condition`` selects (target → sum), by
    one grouped query per counter: summed exactly (the days are decimals kept as text, so each
    distinct value is counted and multiplied here)."""
    a, link, log = Agreement, ServiceLogCommissioner, ServiceLog
    done: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(TARGETS, ZERO))
    for name, counter in COUNTED.items():
        query = (a.select(a.id, counter, fn.COUNT(log.id))
                 .join(link, on=(link.commissioner == a.commissioner) & link.deleted_at.is_null())
                 .join(log, on=(log.id == link.service_log))
                 .where(condition, log.deleted_at.is_null(), log.verification == "approved",
                        log.organization == a.organization,
                        a.term_start.is_null() | (log.date >= a.term_start),
                        a.term_end.is_null() | (log.date <= a.term_end))
                 .group_by(a.id, counter).tuples())
        for agreement_id, value, count in database.execute(query):
            done[agreement_id][name] += Decimal(str(value or 0)) * count
    return done


def ratio(targets: dict[str, Decimal], done: dict[str, Decimal]) -> Decimal | None:
    """Mean over the targets set of min(done / target, 1); None without a target."""
    if not targets:
        return None
    parts = [min(done[name] / target, ONE) for name, target in targets.items()]
    return sum(parts, ZERO) / len(parts)


def completion(agreement_ids) -> dict[int, Completion]:
    """The completion of each agreement (live or not) among ``agreement_ids``."""
    ids = list(dict.fromkeys(agreement_ids))
    if not ids:
        return {}
    done = done_by_agreement(Agreement.id.in_(ids))
    result = {}
    for row in Agreement.select().where(Agreement.id.in_(ids)):
        targets = _values(row).targets
        figures = done[row.id] if row.id in done else dict.fromkeys(TARGETS, ZERO)
        result[row.id] = Completion(targets, dict(figures), ratio(targets, figures))
    return result


def sending_units(commissioner_ids) -> dict[int, int | None]:
    """The organization that sends each commissioner when an agreement names none: the person's
    employer, the team leader's, or the legal person itself."""
    c = Commissioner
    leader = Person.alias("leader")
    return {commissioner: organization if kind == "legal_person" else employer
            for commissioner, kind, organization, employer in c.select(
                c.id, c.kind, c.organization, leader.employer)
            .join(leader, JOIN.LEFT_OUTER,
                  on=(leader.id == fn.COALESCE(c.person, leader_of(c.id))))
            .where(c.id.in_(list(commissioner_ids))).tuples()}


def _views(rows: list[Agreement]) -> list[AgreementView]:
    done = completion([r.id for r in rows])
    names = commissioner_names({r.commissioner_id for r in rows})
    orgs = {r.organization_id for r in rows} | {r.sending_unit_id for r in rows}
    employers = sending_units({r.commissioner_id for r in rows})
    org_names = dict(Organization.select(Organization.id, Organization.name).where(
        Organization.id.in_([o for o in orgs | set(employers.values()) if o])).tuples())
    views = []
    for r in rows:
        unit = r.sending_unit_id or employers.get(r.commissioner_id)
        views.append(AgreementView(r.id, r.uuid, _values(r), names.get(r.commissioner_id, ""),
                                   org_names.get(r.organization_id, ""), org_names.get(unit, ""),
                                   r.sending_unit_id is None, done[r.id]))
    return views


def agreement(agreement_id: int) -> AgreementView:
    return _views([live(Agreement, agreement_id, "agreement")])[0]


def agreements_of(commissioner_id: int) -> list[AgreementView]:
    """A commissioner's live agreements, the latest signed first (unsigned last)."""
    rows = list(Agreement.live().where(Agreement.commissioner == commissioner_id)
                .order_by(Agreement.signed_on.desc(nulls="LAST"), Agreement.id.desc()))
    return _views(rows)


def _date_key(column):
    # Compared as text, an empty date as "" on either database (and read back as text).
    return fn.COALESCE(column.cast("TEXT"), "").coerce(False)


SORTS = {"signed_on": lambda: _date_key(Agreement.signed_on),
         "term_end": lambda: _date_key(Agreement.term_end),
         "status": lambda: Agreement.status,
         "organization": lambda: Served.name_pinyin,
         "commissioner": lambda: Commissioner.sort_name}
Served = Organization.alias("served")
Unit = Organization.alias("unit")


def agreements_page(query: AgreementQuery, after: tuple | None = None,
                    limit: int = 100) -> Page:
    """Live agreements matching ``query`` in the order of ``query.sort``, a page at a time from
    the cursor ``after`` (rows are ``AgreementView``)."""
    a = Agreement
    if query.sort not in SORTS:
        raise UserError(_("Unknown sort order."))
    select = (a.select(a.id).join(Served, on=(Served.id == a.organization))
              .join_from(a, Commissioner, on=(Commissioner.id == a.commissioner))
              .join_from(a, Unit, JOIN.LEFT_OUTER, on=(Unit.id == a.sending_unit))
              .where(a.deleted_at.is_null()))
    select = join_commissioner(select)
    if query.commissioner_id is not None:
        select = select.where(a.commissioner == query.commissioner_id)
    if query.organization_id is not None:
        select = select.where(a.organization == query.organization_id)
    if query.status:
        select = select.where(a.status == query.status)
    if query.year is not None:
        select = select.where(a.term_start.is_null() | (a.term_start <= date(query.year, 12, 31)),
                              a.term_end.is_null() | (a.term_end >= date(query.year, 1, 1)))
    text = query_text(query.text)
    if text:
        select = select.where(Served.name.contains(text) | Unit.name.contains(text)
                              | commissioner_name().contains(text))
    found, cursor = keyset_page(select, SORTS[query.sort](), a.id, after, query.descending,
                                limit)
    ids = [row[0] for row in found]
    by_id = {r.id: r for r in a.select().where(a.id.in_(ids))}
    return Page(_views([by_id[i] for i in ids]), cursor)
