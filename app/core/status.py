"""The derived status of an appointment: computed from its stored status and term, never stored.

``active`` and ``expiring`` appointments are "in force"; ``expired`` means the term end passed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.core.clock import utc_midnight
from app.core.i18n import N_
from db.models import Appointment, ChangeBatch, ChangeLog

DERIVED_STATUSES = ("recommended", "active", "expiring", "expired", "withdrawn", "terminated")
LABELS = {
    "recommended": N_("Recommended"),
    "active": N_("Active"),
    "expiring": N_("Expiring"),
    "expired": N_("Expired"),
    "withdrawn": N_("Withdrawn"),
    "terminated": N_("Terminated"),
}


def derived_status(status: str, term_end: date | None, today: date, expiring_days: int) -> str:
    if status != "active":
        return status
    if term_end is not None and term_end < today:
        return "expired"
    if term_end is not None and term_end <= today + timedelta(days=expiring_days):
        return "expiring"
    return "active"


def in_force(today: date, then: dict[str, str] | None = None):
    """A peewee condition: the appointment is active and its term covers ``today``. With
    ``then`` (``statuses_then(today)[0]``) an appointment whose status changed since counts with
    the status it had on ``today``."""
    active = Appointment.status == "active"
    if then:
        active = (active & Appointment.uuid.not_in(list(then))) | Appointment.uuid.in_(
            [uuid for uuid, status in then.items() if status == "active"])
    return (
        active
        & (Appointment.deleted_at.is_null())
        & (Appointment.term_start.is_null() | (Appointment.term_start <= today))
        & (Appointment.term_end.is_null() | (Appointment.term_end >= today))
    )


def status_changes(since: datetime, until: datetime | None = None, table: str = "appointment"):
    """(uuid, old, new, at) of the status changes of a table's records (the appointments unless
    told) logged in [since, until) (stored UTC times), oldest first."""
    at = ChangeBatch.at >= since
    if until is not None:
        at &= ChangeBatch.at < until
    return (ChangeLog.select(ChangeLog.record_uuid, ChangeLog.old, ChangeLog.new, ChangeBatch.at)
            .join(ChangeBatch)
            .where((ChangeLog.table == table) & (ChangeLog.op == "update")
                   & (ChangeLog.field == "status") & at)
            .order_by(ChangeBatch.at, ChangeLog.id).tuples())


def statuses_then(*days: date, table: str = "appointment") -> list[dict[str, str]]:
    """For each day, uuid → the stored status at the end of that day of each record (appointment
    unless told) whose status changed later (the old value of its first change since); one read
    of the log."""
    ends = [utc_midnight(day + timedelta(days=1)) for day in days]
    then: list[dict[str, str]] = [{} for _day in days]
    for uuid, old, _new, at in status_changes(min(ends), table=table):
        for end, statuses in zip(ends, then, strict=True):
            if at >= end:
                statuses.setdefault(uuid, old)
    return then
