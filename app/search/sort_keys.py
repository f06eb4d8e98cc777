"""The day of the commissioner list's stored status, levels and term-end sort keys.

The keys (migration 0006, ``models.CommissionerSortKey``) hold what a row shows as of one day
and expiring window; the database's triggers keep them as appointments change. Before the list
sorts by one of them, they are brought to the day asked for: only commissioners with an active
appointment whose term end lies between the old and the new day's windows can show another
status, so only they are derived again (an index range on the term end).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from app.core.errors import UserError
from db import changelog
from db import database as dbmod
from db.models import Appointment, CommissionerSortKey, Setting

log = logging.getLogger("app.search.sort_keys")

DAY, SOON = "list_sort_day", "list_sort_soon"
BY_DAY = ("status", "levels", "term_end")  # the list's sorts whose keys depend on the day
KEYS = ("status", "levels", "term_end", "term_end_desc", "field")


def bring_to(today: date, expiring_days: int) -> None:
    """Make the stored keys those of ``today`` with an expiring window of ``expiring_days``."""
    day, soon = today.isoformat(), (today + timedelta(days=expiring_days)).isoformat()
    stored = dict(Setting.select(Setting.key, Setting.value)
                  .where(Setting.key.in_((DAY, SOON))).tuples())
    if stored.get(DAY) == day and stored.get(SOON) == soon:
        return
    if not _may_write():
        log.info("list sort keys stay as of %s: this connection may not write", stored.get(DAY))
        return
    db = dbmod.database
    with db.atomic():
        for key, value in ((DAY, day), (SOON, soon)):
            Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: value}).execute()
        which, params = "", []
        if stored.get(DAY) and stored.get(SOON):
            low, high = min(stored[DAY], day), max(stored[SOON], soon)
            ids = Appointment.select(Appointment.commissioner).where(
                (Appointment.status == "active") & Appointment.term_end.between(low, high))
            sql, params = ids.sql()
            which = f' WHERE "commissioner_id" IN ({sql})'
        table = CommissionerSortKey._meta.table_name
        columns = ", ".join(f'"{name}"' for name in KEYS)
        picked = ", ".join(f'k."{name}"' for name in KEYS)
        db.execute_sql(f'UPDATE "{table}" SET ({columns}) = (SELECT {picked} FROM '
                       f'"commissioner_list_keys" k WHERE k."commissioner_id" = '
                       f'"{table}"."commissioner_id"){which}', params)


def _may_write() -> bool:
    """A file opened read-only, or a reader's login on a shared database (its guard refuses)."""
    if dbmod.is_read_only():
        return False
    try:
        changelog.check_writable()
    except UserError:
        return False
    return True
