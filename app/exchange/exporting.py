"""Exporting a list as it is filtered, to .xlsx (Chinese headers, real dates, widths, frozen
header) or .csv (UTF-8 with a byte order mark, for Excel on Chinese Windows).

The commissioners export has the import template's columns, one row per appointment, so an
exported file imports back unchanged. ID numbers are masked unless the officer asks for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.activities import events, service_logs
from app.core.clock import to_local
from app.core.errors import UserError
from app.core.i18n import N_, _
from app.demands import queries as demand_queries
from app.exchange import sheets
from app.exchange.columns import (
    APPOINTMENT_STATUSES,
    DEMAND_KINDS,
    EVENT_KINDS,
    GENDERS,
    KINDS,
    LEVELS,
    ORG_TYPES,
    SERVICE_KINDS,
    SERVICE_MODES,
    YES_NO,
    Column,
    label_of,
)
from app.exchange.import_activity import DEMAND_COLUMNS, SERVICE_LOG_COLUMNS
from app.exchange.import_register import COMMISSIONER_COLUMNS, ORGANIZATION_COLUMNS
from app.register.common import display_name
from app.search import lists as search
from db import models

# After the header of masked ID numbers: the import refuses them (export --full-id round-trips).
MASKED = "（已遮盖，不能导回）"
# Each list and what its sheet (and the file dialog's list box) is called.
LIST_TITLES = {"commissioners": N_("Commissioners"), "organizations": N_("Organizations"),
               "workstations": N_("Workstations"), "demands": N_("Demands"),
               "events": N_("Events"), "service-logs": N_("Service logs")}
LISTS = tuple(LIST_TITLES)
ALL = 1_000_000


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int


def mask_id(number: str | None) -> str:
    """350502********1234: enough to tell people apart, not enough to misuse."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _names(kind: str) -> dict[str, str]:
    d = models.Dictionary
    return dict(d.select(d.code, d.name).where(d.kind == kind).tuples())


def _dictionary_names(kind: str) -> dict[int, str]:
    d = models.Dictionary
    return dict(d.select(d.id, d.name).where(d.kind == kind).tuples())


def _joined(values) -> str:
    return "、".join(v for v in values if v)


# Rows of each list ---------------------------------------------------------------------------


def _commissioner_rows(ids: list[int], full_id: bool) -> list[list]:
    fields, streets = _names("industry_field"), _dictionary_names("street")
    c, a, tm = models.Commissioner, models.Appointment, models.TeamMember
    rows = []
    for record in c.select().where(c.id.in_(ids)):
        members = list(tm.live().where(tm.commissioner == record.id).order_by(tm.id))
        leader = next((m.person for m in members if m.role == "leader"), None)
        person = record.person if record.kind == "individual" else leader
        base = [
            label_of(KINDS, record.kind), display_name(record),
            label_of(GENDERS, person.gender) if person else "",
            (person.id_number if full_id else mask_id(person.id_number)) if person else "",
            person.birth_date if person and full_id else None,  # masked with the ID number
            person.mobile if person else "", person.email if person else "",
            leader.name if leader and record.kind == "team" else "",
            _joined(m.person.name for m in members if m.role == "member"),
            person.employer.name if person and person.employer_id else "",
            person.title_name if person else "",
            _joined(fields.get(f, f) for f in record.industry_fields.split(",")),
            person.specialty if person else "",
        ]
        uscc = record.organization.uscc or "" if record.kind == "legal_person" else ""
        appointments = list(a.live().where(a.commissioner == record.id).order_by(a.year, a.id))
        for appointment in appointments or [None]:
            rows.append([*base, *_appointment_cells(appointment, streets), uscc])
    return rows


def _appointment_cells(appointment, streets: dict[int, str]) -> list:
    if appointment is None:
        return [""] * 9
    so, ss = models.ServedObject, models.ServiceStreet
    served = so.live().where(so.appointment == appointment.id).order_by(so.id)
    street_rows = ss.live().where(ss.appointment == appointment.id).order_by(ss.id)
    return [label_of(LEVELS, appointment.level), appointment.year, appointment.batch,
            appointment.doc_number, appointment.term_start, appointment.term_end,
            label_of(APPOINTMENT_STATUSES, appointment.status),
            _joined(s.organization.name for s in served),
            _joined(streets.get(s.street_id, "") for s in street_rows)]


def _organization_rows(ids: list[int], full_id: bool) -> list[list]:
    del full_id
    fields, streets = _names("industry_field"), _dictionary_names("street")
    o = models.Organization
    return [[r.name, r.uscc or "", label_of(ORG_TYPES, r.org_type),
             fields.get(r.industry_field, r.industry_field or ""), streets.get(r.street_id, ""),
             r.address, r.contact_name, r.contact_phone, label_of(YES_NO, r.high_tech),
             label_of(YES_NO, r.tech_sme), r.notes]
            for r in o.select().where(o.id.in_(ids)).order_by(o.name_pinyin, o.id)]


WORKSTATION_COLUMNS = (
    Column("name", "工作站名称", width=30), Column("level", "层级", width=8),
    Column("host", "依托单位", width=28), Column("street", "所属街道", width=12),
    Column("address", "地址", width=30), Column("head", "站长", width=10),
    Column("members", "入驻特派员", width=30), Column("established_on", "成立日期", width=12),
    Column("recognized_on", "认定日期", width=12), Column("doc_number", "文号", width=20),
    Column("status", "状态", width=10),
)
WORKSTATION_STATUSES = {"筹建": "planning", "已认定": "recognized", "运行中": "operating",
                        "整改": "rectifying", "撤销": "revoked"}


def _workstation_rows(ids: list[int], full_id: bool) -> list[list]:
    del full_id
    streets = _dictionary_names("street")
    w, wm = models.Workstation, models.WorkstationMember
    rows = []
    for r in w.select().where(w.id.in_(ids)).order_by(w.name_pinyin, w.id):
        members = wm.live().where(wm.workstation == r.id).order_by(wm.id)
        rows.append([r.name, label_of(LEVELS, r.level), r.host.name if r.host_id else "",
                     streets.get(r.street_id, ""), r.address, r.head.name if r.head_id else "",
                     _joined(display_name(m.commissioner) for m in members), r.established_on,
                     r.recognized_on, r.doc_number, label_of(WORKSTATION_STATUSES, r.status)])
    return rows


def _demand_rows(ids: list[int], full_id: bool) -> list[list]:
    del full_id
    fields = _names("industry_field")
    d = models.Demand
    return [[r.number, r.title, r.organization.name, label_of(DEMAND_KINDS, r.kind),
             fields.get(r.industry_field, r.industry_field or ""), r.description,
             str(r.budget) if r.budget is not None else "", r.published_on, r.claim_deadline,
             r.expected_finish, r.max_accepted]
            for r in d.select().where(d.id.in_(ids)).order_by(d.number)]


EVENT_COLUMNS = (
    Column("kind", "活动类型", width=12), Column("title", "活动名称", width=30),
    Column("starts_at", "开始时间", width=18), Column("ends_at", "结束时间", width=18),
    Column("place", "地点", width=20), Column("organizer", "主办单位", width=20),
    Column("invited", "邀请人数", width=10), Column("attended", "到场人数", width=10),
    Column("outcomes", "成果数", width=8), Column("summary", "活动纪要", width=40),
)


def _event_rows(query: events.EventQuery) -> list[list]:
    page = events.page(query, limit=ALL)
    return [[label_of(EVENT_KINDS, r.kind), r.title, to_local(r.starts_at), to_local(r.ends_at),
             r.place, r.organizer, r.invited, r.attended, r.outcomes, r.summary]
            for r in page.rows]


def _service_log_rows(ids: list[int], full_id: bool) -> list[list]:
    del full_id
    s, link = models.ServiceLog, models.ServiceLogCommissioner
    rows = []
    for r in s.select().where(s.id.in_(ids)).order_by(s.date, s.id):
        names = [display_name(x.commissioner) for x in
                 link.live().where(link.service_log == r.id).order_by(link.id)]
        rows.append([r.date, _joined(names), r.organization.name if r.organization_id else "",
                     label_of(SERVICE_KINDS, r.kind), label_of(SERVICE_MODES, r.mode),
                     str(r.days), r.content, r.trainings_held, r.people_trained,
                     r.technologies_introduced, r.new_products, r.problems_solved, r.jobs_created,
                     str(r.output_value) if r.output_value is not None else ""])
    return rows


# Which ids a list shows ----------------------------------------------------------------------


def list_query(list_name: str, text: str = "", filters: dict | None = None):
    """The query of a list from its search text (and a register list's ``filters``): what the
    command line asks for; a list screen has its own, with all its filters."""
    if list_name in ("commissioners", "organizations", "workstations"):
        return search.ListQuery(list_name, text, filters or {})
    return {"demands": demand_queries.DemandFilter, "events": events.EventQuery,
            "service-logs": service_logs.LogQuery}[list_name](text=text)


def _ids(list_name: str, query) -> list[int]:
    if list_name in ("commissioners", "organizations", "workstations"):
        return search.all_ids(query)
    if list_name == "demands":
        return [r.id for r in demand_queries.list_demands(query, date.today(), limit=ALL)]
    return [r.id for r in service_logs.page(query, limit=ALL).rows]


_BUILDERS: dict[str, tuple[tuple[Column, ...], Callable]] = {
    "commissioners": (COMMISSIONER_COLUMNS, _commissioner_rows),
    "organizations": (ORGANIZATION_COLUMNS, _organization_rows),
    "workstations": (WORKSTATION_COLUMNS, _workstation_rows),
    "demands": (DEMAND_COLUMNS, _demand_rows),
    "service-logs": (SERVICE_LOG_COLUMNS, _service_log_rows),
}


def export_list(list_name: str, out: str | Path, text: str = "", filters: dict | None = None,
                full_id: bool = False, query=None) -> Exported:
    """Write the list, filtered by ``text`` (and a register list's ``filters``) or by the list
    screen's own ``query``, to ``out``, on a sheet named after the list; the format follows the
    file name (.xlsx or .csv)."""
    if list_name not in LISTS:
        raise UserError(_("Unknown list: {name}").format(name=list_name), "list")
    suffix = Path(out).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(_("Export to an .xlsx or .csv file."), "file")
    query = query or list_query(list_name, text, filters)
    if list_name == "events":
        columns, rows = EVENT_COLUMNS, _event_rows(query)
    else:
        columns, build = _BUILDERS[list_name]
        rows = build(_ids(list_name, query), full_id)
    headers = [c.header + MASKED if c.key == "id_number" and not full_id else c.header
               for c in columns]
    if suffix == ".csv":
        path = sheets.write_csv(out, headers, rows)
    else:
        path = sheets.write_xlsx(out, headers, rows, [c.width for c in columns],
                                 title=_(LIST_TITLES[list_name]))
    return Exported(path, len(rows))
