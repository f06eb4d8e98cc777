"""The derived status of an appointment: computed from its stored status and term, never stored.

``active`` and ``expiring`` appointments are "in force"; ``expired`` means the term end passed.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.i18n import N_
from db.models import Appointment

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


def in_force(today: date):
    """A peewee condition: the appointment is active and its term covers ``today``."""
    return (
        (Appointment.status == "active")
        & (Appointment.deleted_at.is_null())
        & (Appointment.term_start.is_null() | (Appointment.term_start <= today))
        & (Appointment.term_end.is_null() | (Appointment.term_end >= today))
    )
