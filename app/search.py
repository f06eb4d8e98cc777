"""The one search of the register: list screens, completers and ``main.py search``.

A query matches a name (Chinese, of any length, by substring), its full pinyin or pinyin initials
(by prefix: 张伟 is found by ``zw`` and ``zhangwei``), a phone or mobile number, an employer or
host, the last digits of an ID number and a credit code. Lists filter and sort in SQL and come in
pages: each page ends with a cursor (sort key, id) from which the next one continues (keyset
pagination), so the 500th page costs what the first does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import JOIN, Case, fn

from app import i18n, settings, validation
from app.registry.common import (
    KIND_LABELS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    WORKSTATION_STATUS_LABELS,
    label,
)
from app.status import LABELS as STATUS_LABELS
from app.status import derived_status, in_force
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
    "commissioners": ("kind", "level", "status", "street", "industry_field", "year", "expiring"),
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


@dataclass(frozen=True)
class Page:
    rows: list
    cursor: tuple | None  # where the next page starts; None when this was the last


# Text matching -----------------------------------------------------------------------------


def normalize_query(text: str) -> str:
    return re.sub(r"\s+", "", validation.normalize(text))


def name_match(model, text: str):
    """Name by substring; pinyin and initials by prefix (only for Latin letters)."""
    condition = model.name.contains(text)
    if text.isascii() and text.isalpha():
        condition |= prefix(model.name_initials, text.lower()) | prefix(model.name_pinyin,
                                                                         text.lower())
    return condition


def prefix(column, text: str):
    """``column`` starts with ``text``, as a range the column's index can answer (LIKE 'zw%'
    cannot use it: SQLite's LIKE ignores case and the index does not)."""
    return (column >= text) & (column < text[:-1] + chr(ord(text[-1]) + 1))


def number_match(text: str, phone_columns=(), id_columns=(), code_columns=()):
    """Phones by substring (≥ 3 digits), ID numbers by their last digits (≥ 4), credit codes by
    substring (≥ 4 characters)."""
    condition = None

    def add(expression):
        nonlocal condition
        condition = expression if condition is None else condition | expression

    if text.isdigit() and len(text) >= 3:
        for column in phone_columns:
            add(column.contains(text))
    if re.fullmatch(r"\d{3,17}[0-9Xx]?", text) and len(text) >= 4:
        for column in id_columns:
            add(column.endswith(text.upper()))
    if text.isalnum() and text.isascii() and len(text) >= 4:
        for column in code_columns:
            add(column.contains(text.upper()))
    return condition


def _or(*conditions):
    result = None
    for condition in conditions:
        if condition is not None:
            result = condition if result is None else result | condition
    return result


# Commissioners ------------------------------------------------------------------------------

C, P, A = models.Commissioner, models.Person, models.Appointment
TM, SS, D = models.TeamMember, models.ServiceStreet, models.Dictionary
Employer = models.Organization.alias("employer")
Legal = models.Organization.alias("legal")


def _commissioner_base():
    leader = (TM.select(TM.person).where((TM.commissioner == C.id) & (TM.role == "leader")
                                         & TM.deleted_at.is_null()).limit(1))
    return (
        C.select()
        .join(P, JOIN.LEFT_OUTER, on=(P.id == fn.COALESCE(C.person, leader)))
        .join(Employer, JOIN.LEFT_OUTER, on=(P.employer == Employer.id))
        .join_from(C, Legal, JOIN.LEFT_OUTER, on=(C.organization == Legal.id))
        .where(C.deleted_at.is_null())
    )


COMMISSIONER_NAME = Case(C.kind, [("team", C.team_name), ("legal_person", Legal.name)], P.name)
COMMISSIONER_EMPLOYER = Case(C.kind, [("legal_person", Legal.name)], Employer.name)
COMMISSIONER_SORTS = {
    # Teams have no pinyin key and sort by their name after the others.
    "name": Case(C.kind, [("team", C.team_name), ("legal_person", Legal.name_pinyin)],
                 P.name_pinyin),
    "kind": C.kind,
    "employer": COMMISSIONER_EMPLOYER,
    "mobile": P.mobile,
}


def status_condition(status: str, today: date, days: int):
    """A condition on Appointment for one derived status (app.status.derived_status), or for
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
        query = query.where(
            fn.instr("," + C.industry_fields + ",", "," + filters["industry_field"] + ",") > 0)
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
    """Conditions on the commissioner table alone (through subqueries), so that counting
    needs no joins: the person, a team member or the legal person matches by name, pinyin or
    numbers, or the employer by name."""
    org = models.Organization.alias("match_org")
    employers = org.select(org.id).where(org.name.contains(text))

    def person_matches(person):
        return _or(name_match(person, text), person.employer.in_(employers),
                   number_match(text, phone_columns=(person.mobile,),
                                id_columns=(person.id_number,)))

    person, member = P.alias("match_person"), P.alias("match_member")
    people = person.select(person.id).where(person_matches(person))
    # Few people are in teams: test them through the team rows, not by a second people scan.
    in_team = (TM.select(TM.commissioner).join(member, on=(TM.person == member.id))
               .where(TM.deleted_at.is_null() & person_matches(member)))
    organizations = org.select(org.id).where(_or(
        name_match(org, text),
        number_match(text, phone_columns=(org.contact_phone,), code_columns=(org.uscc,))))
    return (C.person.in_(people) | C.organization.in_(organizations)
            | C.team_name.contains(text) | C.id.in_(in_team))


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
    return _or(name_match(Org, text),
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
    return _or(name_match(W, text), name_match(Host, text), name_match(Head, text),
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
    return _or(name_match(P, text), Employer.name.contains(text),
               number_match(text, phone_columns=(P.mobile,), id_columns=(P.id_number,)))


@dataclass(frozen=True)
class _ListSpec:
    base: object
    filters: object
    text: object
    sorts: dict
    columns: tuple  # selected for a commissioner page; the others select in base
    counted: object = None  # a lighter base to count on, when filters and text allow it


_SPECS = {
    "commissioners": _ListSpec(_commissioner_base, _commissioner_filters, _commissioner_text,
                               COMMISSIONER_SORTS,
                               (C.id, COMMISSIONER_NAME, C.kind, COMMISSIONER_EMPLOYER, P.mobile,
                                C.industry_fields),
                               lambda: C.select(C.id).where(C.deleted_at.is_null())),
    "organizations": _ListSpec(_organization_base, _organization_filters, _organization_text,
                               {"name": Org.name_pinyin, "uscc": Org.uscc, "street": Street.name,
                                "industry_field": Org.industry_field, "org_type": Org.org_type,
                                "contact_phone": Org.contact_phone}, ()),
    "workstations": _ListSpec(_workstation_base, _workstation_filters, _workstation_text,
                              {"name": W.name_pinyin, "level": W.level, "host": Host.name_pinyin,
                               "status": W.status, "recognized_on": W.recognized_on}, ()),
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


def page(query: ListQuery, after: tuple | None = None, limit: int = PAGE_SIZE,
         today: date | None = None) -> Page:
    """One page of a list, continuing after the cursor of the previous page."""
    today = today or date.today()
    spec = _SPECS[query.list_name]
    if query.sort not in spec.sorts:
        raise ValueError(f"{query.list_name} cannot be sorted by {query.sort!r}")
    key = fn.COALESCE(spec.sorts[query.sort], "")
    model = spec.base().model
    result = _filtered(query, today)
    if spec.columns:
        result = result.select(*spec.columns)
    result = result.select_extend(key)
    if after is not None:
        last_key, last_id = after
        if query.descending:
            result = result.where((key < last_key) | ((key == last_key) & (model.id < last_id)))
        else:
            result = result.where((key > last_key) | ((key == last_key) & (model.id > last_id)))
    order = (key.desc(), model.id.desc()) if query.descending else (key, model.id)
    rows = list(result.order_by(*order).limit(limit + 1).tuples())
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = (rows[-1][-1], rows[-1][0]) if more else None
    values = [row[:-1] for row in rows]
    if query.list_name == "commissioners":
        return Page(_commissioner_rows(values, today), cursor)
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
    return [r[0] for r in _filtered(query, today or date.today()).select(model.id).tuples()]


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
                        " ".join(x for x in (label(KIND_LABELS, row.kind), levels) if x),
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

