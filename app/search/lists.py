"""The one search of the register: list screens, completers and ``main.py search``.

A query matches a name (Chinese, of any length, by substring), its full pinyin or pinyin initials
(by prefix: 张伟 is found by ``zw`` and ``zhangwei``), a phone or mobile number, an employer or
host, the last digits of an ID number and a credit code. Lists filter and sort in SQL and come in
pages: each page ends with a cursor (sort key, id) from which the next one continues (keyset
pagination), so the 500th page costs what the first does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import JOIN, SQL, Case, Field, fn

from app.core import i18n, settings
from app.core.paging import Page
from app.core.status import LABELS as STATUS_LABELS
from app.core.status import derived_status, in_force, statuses_then
from app.register.common import (
    COMMISSIONER_KIND_LABELS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    WORKSTATION_STATUS_LABELS,
    label,
)
from app.search.sort_keys import BY_DAY, bring_to
from app.search.text import (
    any_of,
    commissioner_ids,
    commissioner_wanted,
    name_contains,
    name_match,
    normalize_query,
    number_match,
)
from db import database as dbmod
from db import models

PAGE_SIZE = 100
LISTS = ("commissioners", "organizations", "workstations", "people")
# Order in which one commissioner's appointment statuses show in the list: the most telling first.
STATUS_ORDER = ("expiring", "active", "recommended", "expired", "withdrawn", "terminated")


@dataclass(frozen=True)
class ListQuery:
    list_name: str
    text: str = ""
    filters: dict = field(default_factory=dict)  # see FILTERS
    sort: str = "name"
    descending: bool = False


FILTERS = {
    "commissioners": ("kind", "level", "status", "street", "industry_field", "year", "expiring",
                      "in_force_on"),
    "organizations": ("org_type", "street", "industry_field"),
    "workstations": ("level", "status", "street"),
    "people": ("employer", "industry_field"),
}


@dataclass(frozen=True)
class CommissionerRow:
    id: int
    name: str
    kind: str
    levels: tuple[str, ...]
    employer: str
    mobile: str
    status: str  # derived, "" without appointments
    term_end: date | None
    industry_fields: tuple[str, ...]


@dataclass(frozen=True)
class OrganizationRow:
    id: int
    name: str
    uscc: str
    org_type: str
    industry_field: str
    street: str
    contact_name: str
    contact_phone: str
    people: int


@dataclass(frozen=True)
class WorkstationRow:
    id: int
    name: str
    level: str
    host: str
    street: str
    head: str
    status: str
    residents: int
    recognized_on: date | None


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    gender: str
    employer: str
    mobile: str
    title_name: str


# Commissioners ------------------------------------------------------------------------------

C, P, A = models.Commissioner, models.Person, models.Appointment
TM, SS, D = models.TeamMember, models.ServiceStreet, models.Dictionary
Employer = models.Organization.alias("employer")
Legal = models.Organization.alias("legal")


def _commissioner_base():
    # The team's first leader, as the stored sort keys take it (migration 0003).
    leader = (TM.select(TM.person).where((TM.commissioner == C.id) & (TM.role == "leader")
                                         & TM.deleted_at.is_null()).order_by(TM.id).limit(1))
    return (
        C.select()
        .join(P, JOIN.LEFT_OUTER, on=(P.id == fn.COALESCE(C.person, leader)))
        .join(Employer, JOIN.LEFT_OUTER, on=(P.employer == Employer.id))
        .join_from(C, Legal, JOIN.LEFT_OUTER, on=(C.organization == Legal.id))
        .where(C.deleted_at.is_null())
    )


COMMISSIONER_NAME = Case(C.kind, [("team", C.team_name), ("legal_person", Legal.name)], P.name)
COMMISSIONER_EMPLOYER = Case(C.kind, [("legal_person", Legal.name)], Employer.name)
# Stored on the commissioner (teams sort by their name after the others, which have pinyin),
# or beside it for what the appointments and the industry dictionary give (app.search.sort_keys).
K = models.CommissionerSortKey
COMMISSIONER_SORTS = {"name": C.sort_name, "kind": C.kind, "employer": C.sort_employer,
                      "mobile": C.sort_mobile, "status": K.status, "levels": K.levels,
                      "term_end": K.term_end, "fields": K.field}


def domain_order(column: Field, values: tuple[str, ...]):
    """A column of codes in the order of its domain (``values``), not alphabetical."""
    return Case(column, [(value, rank) for rank, value in enumerate(values)], len(values))


def status_condition(status: str, today: date, days: int):
    """A condition on Appointment for one derived status (app.core.status.derived_status), or for
    ``in_force`` (active or expiring: what the dashboard counts)."""
    if status == "in_force":
        return in_force(today)
    if status not in ("active", "expiring", "expired"):
        return A.status == status
    soon = today + timedelta(days=days)
    if status == "expired":
        return (A.status == "active") & (A.term_end < today)
    if status == "expiring":
        return (A.status == "active") & (A.term_end >= today) & (A.term_end <= soon)
    return (A.status == "active") & (A.term_end.is_null() | (A.term_end > soon))


def _commissioner_filters(query, filters: dict, today: date):
    if filters.get("kind"):
        query = query.where(C.kind == filters["kind"])
    if filters.get("industry_field"):
        position = fn.instr if dbmod.is_sqlite() else fn.strpos  # the same, by each one's name
        query = query.where(
            position("," + C.industry_fields + ",", "," + filters["industry_field"] + ",") > 0)
    on_appointment = []
    if filters.get("level"):
        on_appointment.append(A.level == filters["level"])
    if filters.get("year"):
        on_appointment.append(A.year == int(filters["year"]))
    days = settings.get("expiring_days")
    if filters.get("status"):
        on_appointment.append(status_condition(filters["status"], today, days))
    if filters.get("expiring"):
        on_appointment.append(status_condition("expiring", today, days))
    if filters.get("in_force_on"):  # as the register stood that day (ISO), as the dashboard counts
        day = date.fromisoformat(filters["in_force_on"])
        on_appointment.append(in_force(day, *statuses_then(day)))
    if filters.get("street"):
        on_appointment.append(A.id.in_(SS.select(SS.appointment).where(
            (SS.street == int(filters["street"])) & SS.deleted_at.is_null())))
    if on_appointment:
        condition = A.deleted_at.is_null()
        for extra in on_appointment:
            condition &= extra
        # One appointment meets all conditions (a provincial one that is expiring…).
        query = query.where(C.id.in_(A.select(A.commissioner).where(condition)))
    return query


def _commissioner_text(text: str):
    """Commissioners whose person, team member or legal person is found by ``text`` (name,
    pinyin, numbers), or whose person's employer by name: a condition on the commissioner table
    alone, so that counting needs no joins."""
    if not dbmod.is_sqlite():
        return any_of(*(getattr(C, column).contains(value)
                        for column, value in commissioner_wanted(text) if value))
    sql, params = commissioner_ids(text)
    return C.id.in_(SQL(f"({sql})", params))


def commissioners_found(text: str):
    """A condition on the commissioner table: found by ``text`` as the register finds them
    (name, pinyin, initials, numbers); None when there is nothing to search for."""
    text = normalize_query(text)
    return _commissioner_text(text) if text else None


def _commissioner_rows(rows: list[tuple], today: date) -> list[CommissionerRow]:
    days = settings.get("expiring_days")
    ids = [r[0] for r in rows]
    appointments: dict[int, list] = {}
    for commissioner_id, level, status, term_end in (
        A.select(A.commissioner, A.level, A.status, A.term_end)
        .where(A.commissioner.in_(ids) & A.deleted_at.is_null()).tuples()
    ):
        appointments.setdefault(commissioner_id, []).append(
            (level, derived_status(status, term_end, today, days), term_end))
    result = []
    for commissioner_id, name, kind, employer, mobile, fields in rows:
        held = appointments.get(commissioner_id, [])
        statuses = [s for _level, s, _end in held]
        status = min(statuses, key=STATUS_ORDER.index) if statuses else ""
        # The appointments in force, else those of the status shown (an expired one's term).
        shown = [a for a in held if a[1] in ("active", "expiring")] or [
            a for a in held if a[1] == status]
        levels = tuple(level for level in models.LEVELS if any(a[0] == level for a in shown))
        ends = [end for _level, _s, end in shown if end is not None]
        result.append(CommissionerRow(
            commissioner_id, name or "", kind, levels, employer or "", mobile or "", status,
            max(ends) if ends else None, tuple(f for f in (fields or "").split(",") if f)))
    return result


# Organizations, workstations, people -------------------------------------------------------

Org, W, WM = models.Organization, models.Workstation, models.WorkstationMember
Street = D.alias("street")
Host = models.Organization.alias("host")
Head = models.Person.alias("head")


def _street_name():
    """The street's name in the current language (dictionaries keep an English name too)."""
    if i18n.language() == "en":
        return fn.COALESCE(fn.NULLIF(Street.name_en, ""), Street.name)
    return Street.name


def _organization_base():
    people = (P.select(fn.COUNT(P.id)).where((P.employer == Org.id) & P.deleted_at.is_null()))
    return (Org.select(Org.id, Org.name, Org.uscc, Org.org_type, Org.industry_field, _street_name(),
                     Org.contact_name, Org.contact_phone, people)
            .join(Street, JOIN.LEFT_OUTER, on=(Org.street == Street.id))
            .where(Org.deleted_at.is_null()))


def _organization_filters(query, filters: dict, today: date):
    del today
    if filters.get("org_type"):
        query = query.where(Org.org_type == filters["org_type"])
    if filters.get("street"):
        query = query.where(Org.street == int(filters["street"]))
    if filters.get("industry_field"):
        query = query.where(Org.industry_field == filters["industry_field"])
    return query


def _organization_text(text: str):
    return any_of(name_match(Org, text),
                  number_match(text, phone_columns=(Org.contact_phone,), code_columns=(Org.uscc,)),
                  Org.contact_name.contains(text))


def _workstation_base():
    residents = (WM.select(fn.COUNT(WM.id)).where(
        (WM.workstation == W.id) & WM.deleted_at.is_null()
        & (WM.to_date.is_null() | (WM.to_date >= date.today()))))
    return (W.select(W.id, W.name, W.level, Host.name, _street_name(), Head.name, W.status,
                     residents, W.recognized_on)
            .join(Host, JOIN.LEFT_OUTER, on=(W.host == Host.id))
            .join_from(W, Street, JOIN.LEFT_OUTER, on=(W.street == Street.id))
            .join_from(W, Head, JOIN.LEFT_OUTER, on=(W.head == Head.id))
            .where(W.deleted_at.is_null()))


def _workstation_filters(query, filters: dict, today: date):
    del today
    for key, column in (("level", W.level), ("status", W.status)):
        if filters.get(key):
            query = query.where(column == filters[key])
    if filters.get("street"):
        query = query.where(W.street == int(filters["street"]))
    return query


def _workstation_text(text: str):
    return any_of(name_match(W, text), name_match(Host, text), name_match(Head, text),
                  number_match(text, phone_columns=(Head.mobile,)))


def _people_base():
    return (P.select(P.id, P.name, P.gender, Employer.name, P.mobile, P.title_name)
            .join(Employer, JOIN.LEFT_OUTER, on=(P.employer == Employer.id))
            .where(P.deleted_at.is_null()))


def _people_filters(query, filters: dict, today: date):
    del today
    if filters.get("employer"):
        query = query.where(P.employer == int(filters["employer"]))
    if filters.get("industry_field"):
        query = query.where(P.industry_field == filters["industry_field"])
    return query


def _people_text(text: str):
    return any_of(name_match(P, text), name_contains(Employer, text),
                  number_match(text, phone_columns=(P.mobile,), id_columns=(P.id_number,)))


@dataclass(frozen=True)
class _ListSpec:
    base: object
    filters: object
    text: object
    sorts: dict
    columns: tuple  # shown on a commissioner page; the others select in base
    counted: object = None  # the table alone: counts, and finds a page by stored sort keys
    descending: dict | None = None  # sorts with a key of their own for descending


_SPECS = {
    "commissioners": _ListSpec(_commissioner_base, _commissioner_filters, _commissioner_text,
                               COMMISSIONER_SORTS,
                               (C.id, COMMISSIONER_NAME, C.kind, COMMISSIONER_EMPLOYER, P.mobile,
                                C.industry_fields),
                               lambda: C.select(C.id).where(C.deleted_at.is_null()),
                               {"term_end": K.term_end_desc}),
    "organizations": _ListSpec(_organization_base, _organization_filters, _organization_text,
                               {"name": Org.name_pinyin, "uscc": Org.uscc, "street": Street.name,
                                "industry_field": Org.industry_field, "org_type": Org.org_type,
                                "contact_phone": Org.contact_phone}, ()),
    "workstations": _ListSpec(_workstation_base, _workstation_filters, _workstation_text,
                              {"name": W.name_pinyin, "level": domain_order(W.level, models.LEVELS),
                               "host": Host.name_pinyin,
                               "status": domain_order(W.status, models.WORKSTATION_STATUSES),
                               "recognized_on": W.recognized_on}, ()),
    "people": _ListSpec(_people_base, _people_filters, _people_text,
                        {"name": P.name_pinyin, "employer": Employer.name_pinyin,
                         "mobile": P.mobile}, ()),
}


def sort_keys(list_name: str) -> tuple[str, ...]:
    return tuple(_SPECS[list_name].sorts)


def _filtered(query: ListQuery, today: date, counting: bool = False):
    spec = _SPECS[query.list_name]
    base = spec.counted() if counting and spec.counted else spec.base()
    result = spec.filters(base, query.filters, today)
    text = normalize_query(query.text)
    if text:
        result = result.where(spec.text(text))
    return result


def count(query: ListQuery, today: date | None = None) -> int:
    return _filtered(query, today or date.today(), counting=True).count()


def _sort_key(spec: _ListSpec, sort: str, descending: bool):
    key = (descending and (spec.descending or {}).get(sort)) or spec.sorts[sort]
    # A column of the list's own table (or of the commissioners' sort keys) that is never NULL
    # is sorted by as it is, so that its index gives the page, and so is a domain order (a rank,
    # never NULL); anything else (a joined column can be NULL) as text.
    if isinstance(key, Case) or (isinstance(key, Field) and key.model in (spec.base().model, K)
                                 and not key.null):
        return key
    return fn.COALESCE(key, "")


def _keyed(query: ListQuery, today: date):
    """The query's rows as (id, sort key), and the key."""
    spec = _SPECS[query.list_name]
    if query.sort not in spec.sorts:
        raise ValueError(f"{query.list_name} cannot be sorted by {query.sort!r}")
    if spec.sorts is COMMISSIONER_SORTS and query.sort in BY_DAY:
        bring_to(today, settings.get("expiring_days"))
    key = _sort_key(spec, query.sort, query.descending)
    model = spec.base().model
    if spec.counted:  # sort keys stored on the table: the page's ids are found on it alone
        result = _filtered(query, today, counting=True).select(model.id, key)
        if isinstance(key, Field) and key.model is K:  # or beside it, one row per commissioner
            result = result.join(K, on=(K.commissioner == model.id))
        return result, key
    return _filtered(query, today).select_extend(key), key


def page(query: ListQuery, after: tuple | None = None, limit: int = PAGE_SIZE,
         today: date | None = None) -> Page:
    """One page of a list, continuing after the cursor of the previous page."""
    today = today or date.today()
    result, key = _keyed(query, today)
    # The id beside the key in its index: the keys' table's own when the key is there.
    ident = K.commissioner if isinstance(key, Field) and key.model is K else result.model.id
    if after is not None:
        last_key, last_id = after
        if query.descending:
            result = result.where((key < last_key) | ((key == last_key) & (ident < last_id)))
        else:
            result = result.where((key > last_key) | ((key == last_key) & (ident > last_id)))
    order = (key.desc(), ident.desc()) if query.descending else (key, ident)
    return _page(query, list(result.order_by(*order).limit(limit + 1).tuples()), limit, today)


def first_page(query: ListQuery, limit: int = PAGE_SIZE,
               today: date | None = None) -> tuple[Page, int]:
    """The first page of a list and the number of its rows, as a list shows them."""
    today = today or date.today()
    if not (normalize_query(query.text) and _SPECS[query.list_name].counted):
        first = page(query, limit=limit, today=today)
        return first, len(first.rows) if first.cursor is None else count(query, today)
    # A text search of commissioners finds its rows once for both: with their sort keys, in a
    # materialized CTE.
    result, key = _keyed(query, today)
    sql, params = result.select(result.model.id.alias("id"), key.alias("k")).sql()
    way = "DESC" if query.descending else "ASC"
    rows = dbmod.database.execute_sql(
        f'WITH "hits" AS MATERIALIZED ({sql}) SELECT "id", "k", (SELECT COUNT(*) FROM "hits") '
        f'FROM "hits" ORDER BY "k" {way}, "id" {way} LIMIT {limit + 1}', params).fetchall()
    total = rows[0][2] if rows else 0
    return _page(query, [row[:2] for row in rows], limit, today), total


def _page(query: ListQuery, rows: list[tuple], limit: int, today: date) -> Page:
    """A page from up to ``limit + 1`` rows, each ending with its sort key."""
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = (rows[-1][-1], rows[-1][0]) if more else None
    if query.list_name == "commissioners":
        spec, ids = _SPECS[query.list_name], [row[0] for row in rows]
        shown = {row[0]: row for row in
                 spec.base().select(*spec.columns).where(C.id.in_(ids)).tuples()}
        return Page(_commissioner_rows([shown[i] for i in ids], today), cursor)
    values = [row[:-1] for row in rows]
    row_type = {"organizations": OrganizationRow, "workstations": WorkstationRow,
                "people": PersonRow}[query.list_name]
    return Page([row_type(*(v if v is not None else _empty(row_type, i) for i, v in enumerate(r)))
                 for r in values], cursor)


def _empty(row_type, index: int):
    """The value of a missing (NULL) column: empty text, or None for dates."""
    annotation = row_type.__dataclass_fields__[list(row_type.__dataclass_fields__)[index]].type
    return None if "date" in str(annotation) else ""


def all_ids(query: ListQuery, today: date | None = None) -> list[int]:
    """Every id the query matches (for "select all" and bulk actions)."""
    model = _SPECS[query.list_name].base().model
    return [r[0] for r in _filtered(query, today or date.today(), counting=True)
            .select(model.id).tuples()]


# Quick lookup and completers ---------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    type: str  # commissioner, organization, workstation
    id: int
    name: str
    level_or_kind: str
    employer_or_host: str
    status: str


def lookup(text: str, limit: int = 20, today: date | None = None) -> list[Hit]:
    """Commissioners, then organizations, then workstations matching ``text``."""
    hits: list[Hit] = []
    for row in page(ListQuery("commissioners", text), limit=limit, today=today).rows:
        levels = i18n.join_list((label(LEVEL_LABELS, lv) for lv in row.levels), cell=True)
        hits.append(Hit("commissioner", row.id, row.name,
                        " ".join(x for x in (label(COMMISSIONER_KIND_LABELS, row.kind), levels) if x),
                        row.employer, label(STATUS_LABELS, row.status)))
    for row in page(ListQuery("organizations", text), limit=limit, today=today).rows:
        hits.append(Hit("organization", row.id, row.name, label(ORG_TYPE_LABELS, row.org_type),
                        row.street, ""))
    for row in page(ListQuery("workstations", text), limit=limit, today=today).rows:
        hits.append(Hit("workstation", row.id, row.name, label(LEVEL_LABELS, row.level), row.host,
                        label(WORKSTATION_STATUS_LABELS, row.status)))
    return hits[:limit]


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    detail: str  # employer and mobile, or credit code: tells namesakes apart


def complete(entity: str, text: str, limit: int = 12) -> list[Choice]:
    """People, organizations or commissioners for a completer: by name, pinyin initials or
    phone."""
    if not normalize_query(text):
        return []
    if entity == "commissioner":
        rows = page(ListQuery("commissioners", text), limit=limit).rows
        return [Choice(r.id, r.name, r.employer) for r in rows]
    if entity == "person":
        rows = page(ListQuery("people", text), limit=limit).rows
        return [Choice(r.id, r.name, " · ".join(x for x in (r.employer, r.mobile) if x))
                for r in rows]
    rows = page(ListQuery("organizations", text), limit=limit).rows
    return [Choice(r.id, r.name, r.uscc or r.contact_phone) for r in rows]

