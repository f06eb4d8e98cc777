"""What needs the officer's attention: terms running out or passed, workstations without a head
or resident commissioner, commissioners' people with required data missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import JOIN, fn

from app.core import i18n, settings
from app.core.i18n import N_, _
from app.register.common import LEVEL_LABELS, label
from db import models

KINDS = {
    "expiring": N_("Appointments expiring within {days} days"),
    "expired": N_("Expired appointments"),
    "workstation": N_("Workstations lacking a head or resident commissioner"),
    "incomplete": N_("People with incomplete data"),
}
# What a commissioner's person must have on file.
REQUIRED = {"mobile": N_("mobile"), "id_number": N_("ID number"), "employer": N_("employer")}


@dataclass(frozen=True)
class Reminder:
    kind: str  # a key of KINDS
    entity: str  # what opens on a double click: commissioner, workstation, person
    id: int
    name: str
    detail: str
    due: date | None = None


def title(kind: str) -> str:
    return _(KINDS[kind]).format(days=settings.get("expiring_days"))


def _appointments(condition, kind: str) -> list[Reminder]:
    a, c, p, o = models.Appointment, models.Commissioner, models.Person, models.Organization
    # Plain columns in one query (display_name's rule, in SQL's terms): a province has 12,000
    # expired appointments, and fetching each one's person or building model rows took seconds.
    rows = (a.select(c.id, c.kind, c.team_name, p.name, o.name, a.level, a.term_end)
            .join(c).join(p, JOIN.LEFT_OUTER).switch(c).join(o, JOIN.LEFT_OUTER)
            .where(condition & a.deleted_at.is_null() & c.deleted_at.is_null()
                   & (a.status == "active"))
            .order_by(a.term_end, a.id).tuples())
    return [Reminder(kind, "commissioner", commissioner_id,
                     {"team": team, "legal_person": organization}.get(record_kind, person) or "",
                     _("{level}, term ends {date}").format(
                         level=label(LEVEL_LABELS, level),
                         date=i18n.format_date(term_end, "short")), term_end)
            for commissioner_id, record_kind, team, person, organization, level, term_end
            in rows]


def expiring(today: date) -> list[Reminder]:
    soon = today + timedelta(days=settings.get("expiring_days"))
    a = models.Appointment
    return _appointments((a.term_end >= today) & (a.term_end <= soon), "expiring")


def expired(today: date) -> list[Reminder]:
    return _appointments(models.Appointment.term_end < today, "expired")


def workstations(today: date) -> list[Reminder]:
    w, wm = models.Workstation, models.WorkstationMember
    residents = (wm.select(fn.COUNT(wm.id)).where(
        (wm.workstation == w.id) & wm.deleted_at.is_null()
        & (wm.from_date.is_null() | (wm.from_date <= today))
        & (wm.to_date.is_null() | (wm.to_date >= today))))
    result = []
    for row in (w.select(w, residents.alias("residents"))
                .where(w.deleted_at.is_null() & (w.status != "revoked")).order_by(w.name_pinyin)):
        missing = [text for lacking, text in ((row.head_id is None, _("no head")),
                                              (row.residents == 0, _("no resident commissioner")))
                   if lacking]
        if missing:
            result.append(Reminder("workstation", "workstation", row.id, row.name,
                                   i18n.join_list(missing)))
    return result


def incomplete_people() -> list[Reminder]:
    p, c, tm = models.Person, models.Commissioner, models.TeamMember
    serving = (c.select(c.person).where(c.deleted_at.is_null() & c.person.is_null(False))
               | tm.select(tm.person).join(c).where(tm.deleted_at.is_null()
                                                    & c.deleted_at.is_null()))
    lacking = (p.mobile == "") | p.id_number.is_null() | p.employer.is_null()
    result = []
    for person in (p.select().where(p.deleted_at.is_null() & p.id.in_(serving) & lacking)
                   .order_by(p.name_pinyin)):
        missing = [_(text) for name, text in REQUIRED.items()
                   if getattr(person, name + "_id" if name == "employer" else name) in (None, "")]
        result.append(Reminder("incomplete", "person", person.id, person.name,
                               _("missing: {fields}").format(fields=i18n.join_list(missing))))
    return result


def all_reminders(today: date | None = None) -> dict[str, list[Reminder]]:
    today = today or date.today()
    return {"expiring": expiring(today), "expired": expired(today),
            "workstation": workstations(today), "incomplete": incomplete_people()}
