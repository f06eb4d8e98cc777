"""Labels that several reports print: assessment grades (defined by ``app.assessment.schemes``),
the basis of the service figures, head counts of an event, counters with their units."""

from __future__ import annotations

from collections import Counter

from app.assessment.schemes import GRADE_LABELS
from app.core.i18n import N_, _, ngettext

__all__ = ["DAYS", "GRADE_LABELS", "ITEMS", "PERSONS", "headcount", "service_basis", "unit"]

DAYS, PERSONS, ITEMS = N_("{value} days"), N_("{value} persons"), N_("{value} items")


def unit(value, text: str) -> str:
    """A counter with its unit (天, 人, 项): every counter a report prints has one."""
    return _(text).format(value=value)




def service_basis(pending: int) -> str:
    """Printed under every service figure: which logs count (``event_data.COUNTED``)."""
    return _("Counted from verified service logs; {pending} more await verification.").format(
        pending=pending)


def headcount(counts: Counter) -> str:
    """Participants by who they are (commissioner, organization, person), each in its measure
    word: 科技特派员 4 名；企业 8 家；其他人员 3 名."""
    parts = [text.format(count=counts[who]) for who, text in (
        ("commissioner", ngettext("{count} commissioner", "{count} commissioners",
                                  counts["commissioner"])),
        ("organization", ngettext("{count} enterprise", "{count} enterprises",
                                  counts["organization"])),
        ("person", ngettext("{count} other", "{count} others", counts["person"])))
        if counts[who]]
    return _("; ").join(parts) or "—"
