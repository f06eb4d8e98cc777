"""Service logs (服务日志): one piece of a commissioner's service work with its counters.

A log names one or more commissioners, the organization served and optionally the demand and the
workstation. The officer verifies it: ``pending`` → ``approved``, or ``returned`` with a note;
a returned log goes back to ``pending`` when it is resubmitted (edited and saved).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from peewee import JOIN, fn

from app.activities import common
from app.core import changes, i18n
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _, join_list, ngettext
from app.core.paging import Page
from app.register.related import Table, day, table
from app.search.text import query_text
from db import changelog
from db.database import database
from db.models import (
    SERVICE_KINDS,
    SERVICE_LOG_MODES,
    Commissioner,
    Demand,
    Organization,
    ServiceLog,
    ServiceLogCommissioner,
    Workstation,
)

SERVICE_KIND_LABELS = {
    "guidance": N_("Technical guidance"),
    "teaching": N_("Training and teaching"),
    "onsite": N_("On-site service"),
    "consulting": N_("Consulting"),
    "project_matching": N_("Project matchmaking"),
    "promotion": N_("Promotion of results"),
    "research": N_("Survey"),
    "other": N_("Other"),
}
MODE_LABELS = {"offline": N_("Offline"), "online": N_("Online")}
VERIFICATION_LABELS = {"pending": N_("Pending"), "approved": N_("Approved"),
                       "returned": N_("Returned")}
COUNTERS = ("trainings_held", "people_trained", "technologies_introduced", "new_products",
            "problems_solved", "jobs_created")
COUNTER_LABELS = {
    "trainings_held": N_("Trainings held"),
    "people_trained": N_("People trained"),
    "technologies_introduced": N_("Technologies introduced"),
    "new_products": N_("New products or varieties"),
    "problems_solved": N_("Problems solved"),
    "jobs_created": N_("Jobs created"),
}
SORTS = {"date": ServiceLog.date, "organization": Organization.name_pinyin,
         "kind": ServiceLog.kind, "verification": ServiceLog.verification}
MAX_DAYS = Decimal(366)


@dataclass(frozen=True)
class LogInput:
    commissioner_ids: tuple[int, ...]
    organization_id: int | None
    date: date
    kind: str = "guidance"
    mode: str = "offline"
    days: str | Decimal = "1"
    content: str = ""
    demand_id: int | None = None
    workstation_id: int | None = None
    trainings_held: int = 0
    people_trained: int = 0
    technologies_introduced: int = 0
    new_products: int = 0
    problems_solved: int = 0
    jobs_created: int = 0
    output_value: str | Decimal | None = None  # 万元


@dataclass(frozen=True)
class LogRow:
    id: int
    uuid: str
    date: date
    organization_id: int | None
    organization: str
    commissioners: str
    kind: str
    mode: str
    days: Decimal
    content: str
    people_trained: int
    output_value: Decimal | None
    verification: str
    verification_note: str


@dataclass(frozen=True)
class LogData:
    id: int
    uuid: str
    input: LogInput
    verification: str
    verification_note: str
    commissioner_names: tuple[str, ...]  # in the order of input.commissioner_ids
    organization: str


@dataclass(frozen=True)
class LogQuery:
    text: str = ""
    verification: str | None = None
    commissioner_id: int | None = None
    organization_id: int | None = None
    workstation_id: int | None = None
    year: int | None = None
    sort: str = "date"
    descending: bool = True


# Checks ------------------------------------------------------------------------------------


def _decimal(value, field: str, *, positive: bool) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise UserError(_("Please enter a number."), field) from None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise UserError(_("Please enter a number greater than zero.") if positive
                        else _("The number cannot be negative."), field)
    return number


def clean(data: LogInput) -> LogInput:
    if not data.commissioner_ids:
        raise UserError(_("Choose at least one commissioner."), "commissioners")
    ids = tuple(dict.fromkeys(data.commissioner_ids))
    if Commissioner.live().where(Commissioner.id.in_(list(ids))).count() != len(ids):
        raise UserError(_("The chosen record no longer exists."), "commissioners")
    if data.organization_id is None:
        raise UserError(_("This field is required."), "organization")
    common.live(Organization, data.organization_id, "organization")
    if data.demand_id is not None:
        common.live(Demand, data.demand_id, "demand")
    if data.workstation_id is not None:
        common.live(Workstation, data.workstation_id, "workstation")
    return check_values(replace(data, commissioner_ids=ids))


def check_values(data: LogInput) -> LogInput:
    """``clean`` but for the records the log names, which the caller knows (a field package)."""
    if data.date is None:
        raise UserError(_("This field is required."), "date")
    if data.kind not in SERVICE_KINDS:
        raise UserError(_("Please choose a value."), "kind")
    if data.mode not in SERVICE_LOG_MODES:
        raise UserError(_("Please choose a value."), "mode")
    days = _decimal(data.days, "days", positive=True)
    if days > MAX_DAYS:
        raise UserError(_("A log covers at most {days} days.").format(days=MAX_DAYS), "days")
    counters = {}
    for name in COUNTERS:
        value = getattr(data, name)
        if not isinstance(value, int) or value < 0:
            raise UserError(_("The number cannot be negative."), name)
        counters[name] = value
    output = data.output_value
    output = _decimal(output, "output_value", positive=False) if output not in (None, "") else None
    return replace(data, days=days, output_value=output,
                   content=(data.content or "").strip(), **counters)


# Writing -----------------------------------------------------------------------------------


def _write(row: ServiceLog, data: LogInput) -> None:
    row.organization, row.demand, row.workstation = (data.organization_id, data.demand_id,
                                                     data.workstation_id)
    row.date, row.kind, row.mode, row.days, row.content = (data.date, data.kind, data.mode,
                                                           data.days, data.content)
    for name in (*COUNTERS, "output_value"):
        setattr(row, name, getattr(data, name))
    row.save()
    existing = {link.commissioner_id: link for link in ServiceLogCommissioner.live()
                .where(ServiceLogCommissioner.service_log == row.id)}
    for commissioner_id in data.commissioner_ids:
        if existing.pop(commissioner_id, None) is None:
            ServiceLogCommissioner(service_log=row, commissioner=commissioner_id).save()
    for link in existing.values():
        link.soft_delete()


def save_log(data: LogInput, log_id: int | None = None) -> Changes:
    """Create or edit a log; saving a returned log resubmits it (back to pending)."""
    with changelog.batch(_("New service log") if log_id is None else _("Edit service log")):
        data = clean(data)
        row = common.live(ServiceLog, log_id, "service_log") if log_id is not None else ServiceLog()
        if row.verification == "returned":
            row.verification = "pending"
        _write(row, data)
        return changes.made("service_log", row.id, created=log_id is None)


def batch_training(commissioner_ids, organization_ids, day: date, content: str, days="1",
                   people_trained: dict[int, int] | None = None) -> Changes:
    """One training held for several organizations: one log per organization, one batch."""
    if not organization_ids:
        raise UserError(_("Choose at least one organization."), "organizations")
    people_trained = people_trained or {}
    inputs = [clean(LogInput(tuple(commissioner_ids), org, day, kind="teaching", days=days,
                             content=content, trainings_held=1,
                             people_trained=people_trained.get(org, 0)))
              for org in dict.fromkeys(organization_ids)]
    with changelog.batch(ngettext("Training for {count} organization",
                                  "Training for {count} organizations", len(inputs))
                         .format(count=len(inputs))):
        for data in inputs:
            _write(ServiceLog(), data)
        return changes.made("service_log", created=True)


def approve(log_ids) -> Changes:
    with changelog.batch(_("Approve service logs")):
        for row in [common.live(ServiceLog, i, "service_log") for i in log_ids]:
            row.verification, row.verification_note = "approved", ""
            row.save()
        return changes.made("service_log")


def return_logs(log_ids, note: str) -> Changes:
    """Send logs back to be corrected; the note says what is wrong."""
    note = (note or "").strip()
    if not note:
        raise UserError(_("Say what needs to be corrected."), "verification_note")
    with changelog.batch(_("Return service logs")):
        for row in [common.live(ServiceLog, i, "service_log") for i in log_ids]:
            row.verification, row.verification_note = "returned", note
            row.save()
        return changes.made("service_log")


def delete_log(log_id: int) -> Changes:
    with changelog.batch(_("Delete service log")):
        row = common.live(ServiceLog, log_id, "service_log")
        for link in ServiceLogCommissioner.live().where(ServiceLogCommissioner.service_log == log_id):
            link.soft_delete()
        row.soft_delete()
        return changes.made("service_log", log_id)


# Reading -----------------------------------------------------------------------------------


def get_log(log_id: int) -> LogData:
    row = common.live(ServiceLog, log_id, "service_log")
    links = (ServiceLogCommissioner.live(ServiceLogCommissioner.commissioner)
             .where(ServiceLogCommissioner.service_log == log_id)
             .order_by(ServiceLogCommissioner.id).tuples())
    values = {f.name: getattr(row, f.name) for f in fields(LogInput)
              if f.name in ServiceLog._meta.fields}
    data = LogInput(commissioner_ids=tuple(r[0] for r in links), organization_id=row.organization_id,
                    demand_id=row.demand_id, workstation_id=row.workstation_id,
                    **{k: v for k, v in values.items()
                       if k not in ("organization", "demand", "workstation")})
    names = common.commissioner_names(data.commissioner_ids)
    return LogData(row.id, row.uuid, data, row.verification, row.verification_note,
                   tuple(names.get(i, "") for i in data.commissioner_ids),
                   row.organization.name if row.organization_id else "")


def _commissioners_of(log_ids) -> dict[int, str]:
    link = ServiceLogCommissioner
    pairs = list(link.live(link.service_log, link.commissioner)
                 .where(link.service_log.in_(list(log_ids))).order_by(link.id).tuples())
    names = common.commissioner_names({c for _log, c in pairs})
    result: dict[int, list[str]] = {}
    for log_id, commissioner_id in pairs:
        result.setdefault(log_id, []).append(names.get(commissioner_id, ""))
    return {log_id: join_list(found, cell=True) for log_id, found in result.items()}


def _logs_of_commissioners_named(text: str):
    link, c = ServiceLogCommissioner, Commissioner
    return common.join_commissioner(
        link.select(link.service_log).join(c, on=(c.id == link.commissioner))
        .where(link.deleted_at.is_null() & common.commissioner_name().contains(text)))


def _conditions(query: LogQuery) -> list:
    link = ServiceLogCommissioner
    conditions = [ServiceLog.deleted_at.is_null()]
    if query.verification:
        conditions.append(ServiceLog.verification == query.verification)
    if query.commissioner_id:
        conditions.append(ServiceLog.id.in_(link.select(link.service_log).where(
            (link.commissioner == query.commissioner_id) & link.deleted_at.is_null())))
    if query.organization_id:
        conditions.append(ServiceLog.linked_to(ServiceLog.organization, query.organization_id))
    if query.workstation_id:
        conditions.append(ServiceLog.linked_to(ServiceLog.workstation, query.workstation_id))
    if query.year:
        conditions.append(ServiceLog.date.between(date(query.year, 1, 1), date(query.year, 12, 31)))
    text = query_text(query.text)
    if text:
        conditions.append(ServiceLog.content.contains(text) | Organization.name.contains(text)
                          | ServiceLog.id.in_(_logs_of_commissioners_named(text)))
    return conditions


def _matching(query: LogQuery, *columns, organization: bool = False):
    """The logs a query matches. The organization is joined when a column shows it or the search
    text may match its name; counts and sums go without (joining it for 500,000 logs took half a
    second)."""
    select = ServiceLog.select(*columns)
    if organization or (query.text or "").strip():
        select = select.join(Organization, JOIN.LEFT_OUTER,
                             on=(Organization.id == ServiceLog.organization))
    return select.where(*_conditions(query))


def count(query: LogQuery) -> int:
    return _matching(query, ServiceLog.id).count()


def page(query: LogQuery, after: tuple | None = None, limit: int = common.PAGE_SIZE) -> Page:
    if query.sort not in SORTS:
        raise ValueError(f"service logs cannot be sorted by {query.sort!r}")
    base = _matching(query, ServiceLog.id, ServiceLog.uuid, ServiceLog.date,
                     ServiceLog.organization, fn.COALESCE(Organization.name, ""),
                     ServiceLog.kind, ServiceLog.mode, ServiceLog.days, ServiceLog.content,
                     ServiceLog.people_trained, ServiceLog.output_value, ServiceLog.verification,
                     ServiceLog.verification_note, organization=True)
    rows, cursor = common.keyset_page(base, SORTS[query.sort], ServiceLog.id, after,
                                      query.descending, limit)
    names = _commissioners_of([r[0] for r in rows])
    converted = []
    for r in rows:
        day = r[2] if isinstance(r[2], date) else date.fromisoformat(r[2])
        output = Decimal(r[10]) if r[10] is not None else None
        converted.append(LogRow(r[0], r[1], day, r[3], r[4], names.get(r[0], ""), *r[5:7],
                                Decimal(r[7]), *r[8:10], output, *r[11:]))
    return Page(converted, cursor)


def logs_for(*, commissioner_id: int | None = None, organization_id: int | None = None,
             workstation_id: int | None = None, limit: int = 500) -> list[LogRow]:
    """The logs shown on a commissioner's, an organization's or a workstation's page, newest first."""
    query = LogQuery(commissioner_id=commissioner_id, organization_id=organization_id,
                     workstation_id=workstation_id)
    return page(query, limit=limit).rows


def logs_table(**owner: int) -> Table:
    """The service logs of a commissioner, an organization or a workstation (one keyword), as a
    tab of its page."""
    return table((N_("Date"), N_("Commissioners"), N_("Organization"), N_("Days"), N_("Content")),
                 (((day(r.date), r.commissioners, r.organization, i18n.format_decimal(r.days),
                    r.content[:60]), None) for r in logs_for(**owner)))


@dataclass(frozen=True)
class Totals:
    logs: int
    days: Decimal
    counters: dict
    output_value: Decimal


def totals(query: LogQuery) -> Totals:
    """Sums of the counters over the logs a query matches (for a list's footer)."""
    sums = [fn.COALESCE(fn.SUM(getattr(ServiceLog, name)), 0) for name in COUNTERS]
    row = _matching(query, fn.COUNT(ServiceLog.id), *sums).tuples().first()
    # Decimal columns are text, summed exactly in Python: once per distinct value (most logs
    # share theirs, a day or half a day; a province's 500,000 logs one by one took 2.7 s).
    decimals = (_matching(query, ServiceLog.days, ServiceLog.output_value, fn.COUNT(ServiceLog.id))
                .group_by(ServiceLog.days, ServiceLog.output_value))
    days = output = Decimal(0)
    for d, v, n in database.execute(decimals):
        days += Decimal(d) * n
        output += Decimal(v) * n if v is not None else 0
    return Totals(row[0], days, dict(zip(COUNTERS, row[1:], strict=True)), output)
