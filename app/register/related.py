"""Read-only tables of what a commissioner, an organization or a workstation is linked to, for
the tabs of their pages. Each table is a title per column and rows of display texts; ``refs``
says which record a row opens (entity, id), if any."""

from __future__ import annotations

from dataclasses import dataclass

from app.core import i18n
from app.core.i18n import N_, _
from app.core.status import LABELS as STATUS_LABELS
from app.core.status import derived_status
from app.register.commissioners import display_name
from app.register.common import COMMISSIONER_KIND_LABELS, LEVEL_LABELS, WORKSTATION_STATUS_LABELS, label
from db import models


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # N_-marked titles
    rows: tuple[tuple[str, ...], ...]
    refs: tuple[tuple[str, int] | None, ...]


def table(columns, items) -> Table:
    """A table of ``((texts…), ref)`` items."""
    items = list(items)
    return Table(tuple(columns), tuple(tuple(str(v) for v in row) for row, _ref in items),
                 tuple(ref for _row, ref in items))


def day(value) -> str:
    return i18n.format_date(value)


def commissioner_workstations(commissioner_id: int) -> Table:
    wm, w = models.WorkstationMember, models.Workstation
    rows = (wm.select(wm, w).join(w).where((wm.commissioner == commissioner_id)
                                           & wm.deleted_at.is_null() & w.deleted_at.is_null())
            .order_by(wm.from_date))
    return table((N_("Workstation"), N_("From"), N_("To"), N_("Status")),
                  (((r.workstation.name, day(r.from_date), day(r.to_date),
                     label(WORKSTATION_STATUS_LABELS, r.workstation.status)),
                    ("workstation", r.workstation.id)) for r in rows))


def commissioner_demands(commissioner_id: int) -> Table:
    c, d = models.Claim, models.Demand
    rows = (c.select(c, d).join(d).where((c.commissioner == commissioner_id)
                                         & c.deleted_at.is_null() & d.deleted_at.is_null())
            .order_by(c.claimed_on.desc()))
    return table((N_("Demand"), N_("Title"), N_("Claimed on"), N_("Claim status")),
                  (((r.demand.number, r.demand.title, day(r.claimed_on), _(_CLAIM[r.status])),
                    None) for r in rows))


_CLAIM = {"pending": N_("Pending"), "accepted": N_("Accepted"), "rejected": N_("Rejected"),
          "withdrawn": N_("Withdrawn")}


def commissioner_events(commissioner_id: int) -> Table:
    p, e = models.Participant, models.Event
    rows = (p.select(p, e).join(e).where(p.linked_to(p.commissioner, commissioner_id)
                                         & p.deleted_at.is_null() & e.deleted_at.is_null()
                                         & (p.status == "attended"))
            .order_by(e.starts_at.desc()))
    return table((N_("Date"), N_("Event"), N_("Place")),
                  (((day(r.event.starts_at.date()), r.event.title, r.event.place), None)
                   for r in rows))


def organization_people(organization_id: int) -> Table:
    p = models.Person
    rows = p.live().where(p.employer == organization_id).order_by(p.name_pinyin)
    return table((N_("Name"), N_("Position"), N_("Title"), N_("Mobile")),
                  (((r.name, r.position, r.title_name, r.mobile), ("person", r.id))
                   for r in rows))


def _commissioner_rows(query, today, days):
    for c in query:
        statuses = [derived_status(a.status, a.term_end, today, days)
                    for a in c.appointments if a.deleted_at is None]
        yield ((display_name(c), label(COMMISSIONER_KIND_LABELS, c.kind),
                i18n.join_list((label(STATUS_LABELS, s) for s in dict.fromkeys(statuses)), cell=True)),
               ("commissioner", c.id))


def organization_commissioners(organization_id: int, today, days: int) -> tuple[Table, Table]:
    """(commissioners it sent, commissioners serving it)."""
    c, p, tm = models.Commissioner, models.Person, models.TeamMember
    a, so = models.Appointment, models.ServedObject
    leaders = tm.select(tm.commissioner).join(p).where(
        (p.employer == organization_id) & (tm.role == "leader") & tm.deleted_at.is_null())
    sent = c.live().where(
        (c.organization == organization_id) | c.id.in_(leaders)
        | c.person.in_(p.select(p.id).where(p.employer == organization_id)))
    serving = c.live().where(c.id.in_(
        a.select(a.commissioner).join(so).where((so.organization == organization_id)
                                                & so.deleted_at.is_null()
                                                & a.deleted_at.is_null())))
    columns = (N_("Commissioner"), N_("Kind"), N_("Status"))
    return (table(columns, _commissioner_rows(sent, today, days)),
            table(columns, _commissioner_rows(serving, today, days)))


def organization_demands(organization_id: int) -> Table:
    d = models.Demand
    rows = d.live().where(d.organization == organization_id).order_by(d.published_on.desc())
    return table((N_("Demand"), N_("Title"), N_("Published on")),
                  (((r.number, r.title, day(r.published_on)), None) for r in rows))


def organization_events(organization_id: int) -> Table:
    p, e = models.Participant, models.Event
    rows = (e.select().join(p).where(p.linked_to(p.organization, organization_id)
                                     & p.deleted_at.is_null() & e.deleted_at.is_null())
            .distinct().order_by(e.starts_at.desc()))
    return table((N_("Date"), N_("Event"), N_("Place")),
                  (((day(r.starts_at.date()), r.title, r.place), None) for r in rows))


def organization_workstations(organization_id: int) -> Table:
    w = models.Workstation
    rows = w.live().where(w.host == organization_id).order_by(w.name_pinyin)
    return table((N_("Workstation"), N_("Level"), N_("Status")),
                  (((r.name, label(LEVEL_LABELS, r.level),
                     label(WORKSTATION_STATUS_LABELS, r.status)), ("workstation", r.id))
                   for r in rows))
